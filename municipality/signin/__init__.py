"""Signing in with the municipality's own accounts through OpenID Connect (the relying party).

mozilla-django-oidc runs the authorization code flow (state, nonce and PKCE kept in the
session, the code exchanged for tokens); this package adds what it leaves out: the provider's
endpoints read from its discovery document (``provider``), the ID token checked strictly for
issuer, audience, expiry and algorithm (``tokens``), the user found or created from the
token's claims (``users``), the directory groups' roles applied at each sign-in (``roles``),
and a page in plain words for every refusal (``refusals``).
"""
