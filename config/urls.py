from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import set_language

from municipality.signin.views import LoginPage, SignOut


class FaviconView(RedirectView):
    """``/favicon.ico``, where browsers and feed readers look without reading the page."""

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("img/favicon.ico")  # the hashed name once the static files are collected


# The database away answers 503 with Retry-After, not 500 (municipality.errors).
handler500 = "municipality.errors.server_error"

urlpatterns = [
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz/", include("municipality.health")),
    path("favicon.ico", login_not_required(FaviconView.as_view())),
    path("oidc/", include("municipality.signin.urls")),
    # The read-only API for other systems: JSON, outside the languages' paths.
    path("api/v1/", include("config.api_urls")),
]

urlpatterns += i18n_patterns(
    path("login/", LoginPage.as_view(), name="login"),
    path("logout/", SignOut.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    # Open data: the published results as files and their DCAT-AP-SE catalogue.
    path("resultat/data/", include("followup.public.opendata.urls")),
    # The public results site: open to everyone, what the municipality publishes.
    path("resultat/", include("followup.public.urls")),
    # The accessibility statement the DOS law asks for, linked from every page's footer.
    path("tillganglighet/", include("followup.accessibility.urls")),
    path("", include("budget.urls")),
    path("", include("followup.urls")),
    path("", include("municipality.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
