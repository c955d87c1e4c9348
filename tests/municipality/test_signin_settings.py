"""The municipality's sign-in is configured by environment variables, strictly."""

from __future__ import annotations

import pytest

from tests.manage_process import manage
from tests.test_settings import PRODUCTION

SIGNIN = {
    "OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0",
    "OIDC_CLIENT_ID": "client-id",
    "OIDC_CLIENT_SECRET": "client-secret",
}
CODE = (
    "from django.conf import settings as s; "
    "print(s.CONTENT_SECURITY_POLICY['DIRECTIVES']['form-action']); "
    "print(s.AUTHENTICATION_BACKENDS); print(s.LOCAL_PASSWORDS, s.OIDC_RP_SCOPES)"
)


def _settings(**environ: str) -> list[str]:
    result = manage("shell", "--no-imports", "-c", CODE, **{**PRODUCTION, **environ})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


def test_without_the_sign_in_passwords_work_as_before() -> None:
    form_action, backends, rest = _settings()
    assert form_action == "[\"'self'\"]"
    assert "ModelBackend" in backends and rest == "True openid email profile"


def test_signing_out_may_go_on_to_the_issuer() -> None:
    form_action, _backends, _rest = _settings(**SIGNIN)
    assert form_action == "[\"'self'\", 'https://login.microsoftonline.com']"


def test_switched_off_passwords_leave_no_password_backend() -> None:
    _form_action, backends, rest = _settings(**SIGNIN, LOCAL_PASSWORDS="false")
    assert "ModelBackend" not in backends and "DirectoryBackend" in backends
    assert rest.startswith("False")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"LOCAL_PASSWORDS": "false"}, "LOCAL_PASSWORDS=false needs OIDC_ISSUER"),
        ({"OIDC_ISSUER": SIGNIN["OIDC_ISSUER"]}, "OIDC_ISSUER and OIDC_CLIENT_ID are set together"),
        ({**SIGNIN, "OIDC_CLIENT_SECRET": ""}, "OIDC_CLIENT_SECRET must be set"),
        ({**SIGNIN, "OIDC_ISSUER": "http://login.kommun.se"}, "OIDC_ISSUER must start with https"),
        ({**SIGNIN, "OIDC_ISSUER": "login.kommun.se"}, "OIDC_ISSUER must start with https"),
        ({**SIGNIN, "OIDC_SCOPES": "email profile"}, "must include openid"),
        ({**SIGNIN, "LOCAL_PASSWORDS": "nej"}, "LOCAL_PASSWORDS='nej' is not a boolean"),
    ],
)
def test_a_bad_sign_in_configuration_stops_start_up(environ: dict[str, str], message: str) -> None:
    result = manage("check", **{**PRODUCTION, **environ})
    assert result.returncode != 0
    assert message in result.stderr
