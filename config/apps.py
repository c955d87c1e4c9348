from django.contrib.admin.apps import AdminConfig


class TertialAdminConfig(AdminConfig):
    default_site = "config.admin.TertialAdminSite"
