"""The test provider's URLs: the OpenID Connect endpoints under /o/, its login page and the
control endpoints of the tests."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from tests.oidc_provider import control

urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("control/client/", control.client),
    path("control/user/", control.user),
    path("control/groups/", control.groups),
    path("control/misbehave/", control.misbehave),
]
