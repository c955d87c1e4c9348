"""Failed logins lock out a user name from an address, and an address across user names."""

from __future__ import annotations

from django.conf import settings

GOOD = "correct horse battery"


def login(client, username: str, password: str, address: str) -> int:
    return client.post(
        "/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    ).status_code


def test_four_user_names_with_four_wrong_passwords_lock_the_address(
    client, economist, other_economist
) -> None:
    assert settings.LOGIN_ADDRESS_FAILURE_LIMIT <= 16 < 4 * settings.AXES_FAILURE_LIMIT
    answers = [
        login(client, name, "wrong", "10.0.0.7")
        for name in ("anna", "bertil", "cesar", "david")
        for _ in range(4)  # under the limit of one user name
    ]
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert answers[: limit - 1] == [200] * (limit - 1) and set(answers[limit - 1 :]) == {429}
    assert login(client, "alice", GOOD, "10.0.0.7") == 429
    assert "_auth_user_id" not in client.session
    assert login(client, "bob", GOOD, "10.0.0.8") == 302  # another address is let in


def test_a_success_does_not_forgive_the_address(client, economist) -> None:
    for name in ("anna", "bertil", "cesar"):
        for _ in range(4):
            login(client, name, "wrong", "10.0.0.7")
    assert login(client, "alice", GOOD, "10.0.0.7") == 302  # 12 failures: under the limit
    client.logout()
    for _ in range(3):
        login(client, "david", "wrong", "10.0.0.7")
    assert login(client, "alice", GOOD, "10.0.0.7") == 429


def test_one_user_name_is_still_locked_at_its_own_limit(client, economist) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "alice", "wrong", "10.0.0.7")
    assert login(client, "alice", GOOD, "10.0.0.7") == 429
    assert login(client, "alice", GOOD, "10.0.0.8") == 302
