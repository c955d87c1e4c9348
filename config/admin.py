from django.contrib.admin import AdminSite
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from municipality.access import policy


class TertialAdminSite(AdminSite):
    site_header = _("Tertial administration")
    site_title = _("Tertial")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        # The policy module decides, not Django's is_staff flag; as it does the navigation's link.
        return policy.may_open(request.user, policy.Page.ADMIN)
