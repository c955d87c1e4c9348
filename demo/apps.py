from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo municipality's seeding and its ``seed_demo`` command; the app has no models."""

    name = "demo"
