"""A real OpenID Connect provider for the tests: django-oauth-toolkit in OIDC mode, in a
Django project of its own that the suite runs in a second process on 127.0.0.1.

It is no part of Tertial and never runs outside the test suite. The fixture
``oidc_provider`` (``tests/oidc_provider/fixtures.py``) starts it with
``django-admin runserver --noreload`` on a free port, with its settings module
``tests.oidc_provider.settings`` and these environment variables:

``OIDC_PROVIDER_DIR``
    A temporary directory for its SQLite database and its two RSA keys (``key.pem`` signs,
    ``other_key.pem`` is the wrong key of the bad-signature switch); both keys are made on
    first use. Nothing is written inside the repository.
``OIDC_PROVIDER_ISSUER``
    Its issuer, ``http://127.0.0.1:<port>/o``; discovery is at
    ``<issuer>/.well-known/openid-configuration``.
``OIDC_PROVIDER_CONTROL_SECRET``
    The shared secret of the control endpoints below.

What it offers, as a directory would (Entra ID, AD FS, Keycloak): authorize (with the
provider's own login page and a consent page: applications never skip it), token (PKCE
required; client_secret_basic or client_secret_post), userinfo, JWKS, and RP-initiated
logout (``end_session_endpoint``; with an ``id_token_hint`` of the signed-in person it signs
out at once and sends the browser to a registered ``post_logout_redirect_uri``). ID tokens
are RS256. Claims: ``sub`` (the user's id), ``groups`` (the names of the user's groups, in
every ID token and userinfo answer, as Entra ID puts them), ``given_name``,
``family_name``, ``preferred_username`` and ``employee_id`` (scope ``profile``), ``email``
(scope ``email``).

The control endpoints (POST, JSON body, header ``X-Control-Secret``) set it up from the tests:

``/control/client/``
    ``{client_id, client_secret, redirect_uris: [...], post_logout_redirect_uris: [...]}``:
    creates or updates a confidential authorization-code client.
``/control/user/``
    ``{username, password, groups, email, given_name, family_name, employee_id}``: creates or
    updates a person and puts them in exactly those groups.
``/control/groups/``
    ``{username, groups}``: puts the person in exactly those groups.
``/control/misbehave/``
    ``{kind}``: every ID token from now on until ``{"kind": ""}`` misbehaves as told:
    ``wrong_audience`` (``aud`` names another client), ``expired`` (``exp`` and ``iat`` an hour
    ago), ``bad_signature`` (signed with another key under the right ``kid``),
    ``replayed_nonce`` (the ``nonce`` of the authorization before) or ``no_groups`` (no
    ``groups`` claim, neither in the ID token nor at userinfo).
"""
