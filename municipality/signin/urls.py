"""The sign-in's addresses, outside the language prefixes: the redirect URI registered with
the provider is one address, whatever language the person reads Tertial in. The names are
the ones mozilla-django-oidc reverses."""

from django.urls import path

from municipality.signin import views

urlpatterns = [
    path("authenticate/", views.SignInStart.as_view(), name="oidc_authentication_init"),
    path("callback/", views.SignInCallback.as_view(), name="oidc_authentication_callback"),
]
