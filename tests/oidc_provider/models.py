"""What the test provider keeps beside django-oauth-toolkit's models (tables made by
``migrate --run-syncdb``: this app has no migrations)."""

from django.conf import settings
from django.db import models


class Person(models.Model):
    """What a directory knows about a user beyond Django's user."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    employee_id = models.CharField(max_length=50, blank=True)

    def __str__(self) -> str:
        return f"{self.user} ({self.employee_id})"


class Switch(models.Model):
    """The one row saying how the next ID tokens misbehave, and the last nonce issued."""

    class Kind(models.TextChoices):
        NONE = "", "behave"
        WRONG_AUDIENCE = "wrong_audience", "wrong audience"
        EXPIRED = "expired", "expired"
        BAD_SIGNATURE = "bad_signature", "bad signature"
        REPLAYED_NONCE = "replayed_nonce", "replayed nonce"
        NO_GROUPS = "no_groups", "no groups claim"

    kind = models.CharField(max_length=20, choices=Kind.choices, blank=True)
    last_nonce = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.kind or "behave"

    @classmethod
    def current(cls) -> "Switch":
        switch, _ = cls.objects.get_or_create(pk=1)
        return switch
