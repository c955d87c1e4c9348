"""The fixed cast every test can use, and the real parts the suite runs against."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.test.signals import setting_changed
from django.urls import clear_url_caches

from budget.ledger.presets import KALMAR
from budget.ledger.services import account_groups_load_preset
from budget.models import Account
from municipality.models import OrgUnit, ReportingPeriod, Role, RoleAssignment, User
from tests.factories import (
    CommitteeFactory,
    FiscalYearFactory,
    OrgUnitFactory,
    PeriodFactory,
    UserFactory,
)
from tests.oidc_provider.fixtures import oidc_provider, tertial_oidc  # noqa: F401 (fixtures)

# Playwright drives the browser from its own event loop; live_server tests touch the ORM.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _language_changed(*, setting: str, **kwargs: object) -> None:
    """The URL resolver keeps one reverse map per language, built with that language's
    prefix as it was (none for the default language): a test that changes the default
    language must not leave maps of the other default behind for the tests after it."""
    if setting in ("LANGUAGE_CODE", "LANGUAGES"):
        clear_url_caches()


setting_changed.connect(_language_changed, dispatch_uid="tests-language-changed")


def pytest_configure(config: pytest.Config) -> None:
    engine = settings.DATABASES["default"]["ENGINE"]
    if engine != "django.db.backends.postgresql":
        pytest.exit(
            "The test suite runs against PostgreSQL: run `make test`, or set DATABASE_URL "
            f"to a PostgreSQL server (the current database engine is {engine}).",
            returncode=2,
        )
    if settings.CELERY_TASK_ALWAYS_EAGER:
        pytest.exit("The test suite needs Redis: set REDIS_URL, or run `make test`.", returncode=2)
    # Hashing is deliberately slow; the tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Most fixtures build an organisation without a municipality; tests/setup turns it on.
    settings.SETUP_WIZARD_REDIRECT = False


@dataclass
class Organisation:
    """Two committees; the first with an administration, two departments and a unit."""

    committee: object
    other_committee: object
    administration: OrgUnit
    department: OrgUnit
    sub_unit: OrgUnit
    sibling: OrgUnit
    other_root: OrgUnit


@pytest.fixture
def org(db: None) -> Organisation:
    committee = CommitteeFactory(name="Kommunstyrelsen", short_code="KS")
    other = CommitteeFactory(name="Socialnämnden", short_code="SN")
    administration = OrgUnitFactory(
        committee=committee,
        code="1000",
        name="Kommunledningskontoret",
        kind=OrgUnit.Kind.ADMINISTRATION,
    )
    department = OrgUnitFactory(
        committee=committee, parent=administration, code="1030", name="Ekonomi"
    )
    sub_unit = OrgUnitFactory(
        committee=committee,
        parent=department,
        code="1031",
        name="Ekonomi- och lönecenter",
        kind=OrgUnit.Kind.UNIT,
    )
    sibling = OrgUnitFactory(
        committee=committee, parent=administration, code="1100", name="Brandkåren"
    )
    other_root = OrgUnitFactory(
        committee=other, code="5000", name="Socialförvaltningen", kind=OrgUnit.Kind.ADMINISTRATION
    )
    return Organisation(committee, other, administration, department, sub_unit, sibling, other_root)


def _user_with(username: str, role: Role | None, unit: OrgUnit | None = None) -> User:
    user = UserFactory(username=username)
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def economist(org: Organisation) -> User:
    """Alice: economist of Ekonomi (and so of the unit below it)."""
    return _user_with("alice", Role.ECONOMIST, org.department)


@pytest.fixture
def other_economist(org: Organisation) -> User:
    """Bob: economist of Socialförvaltningen, another committee."""
    return _user_with("bob", Role.ECONOMIST, org.other_root)


@pytest.fixture
def goal_owner(org: Organisation) -> User:
    return _user_with("gunnel", Role.GOAL_OWNER, org.department)


@pytest.fixture
def reader(org: Organisation) -> User:
    return _user_with("rita", Role.READER, org.administration)


@pytest.fixture
def controller(org: Organisation) -> User:
    return _user_with("conny", Role.CONTROLLER)


@pytest.fixture
def administrator(org: Organisation) -> User:
    return _user_with("adam", Role.ADMINISTRATOR)


@pytest.fixture
def outsider(org: Organisation) -> User:
    """Charlie: signed in, no role anywhere."""
    return _user_with("charlie", None)


@pytest.fixture
def ledger(org):
    """The cast's organisation with Kalmar's report lines for 2018 and 2019 and a few accounts."""
    for year in (2018, 2019):
        account_groups_load_preset(fiscal_year=FiscalYearFactory(year=year), preset=KALMAR)
    for number, name in [
        ("3011", "Försäljning"),
        ("4011", "Material"),
        ("5011", "Löner"),
        ("6011", "Lokalhyra"),
        ("7911", "Avskrivningar"),
    ]:
        Account.objects.create(number=number, name=name)
    return org


@pytest.fixture
def open_period(db: None) -> ReportingPeriod:
    return PeriodFactory(kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.OPEN)


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    """The flows wait with Playwright's wait_for_function, which evaluates a string in the page
    and so needs the Content-Security-Policy bypassed; test_content_security_policy keeps it."""
    return {**browser_context_args, "bypass_csp": True}


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium, headless, with no calls to the outside world."""
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def celery_worker(transactional_db: None) -> Iterator[object]:
    """A real Celery worker in a thread, consuming from Redis like production's."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.control.purge()  # nothing left over from an earlier run reaches this database
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30) as worker:
        yield worker


@pytest.fixture
def celery_eager(transactional_db: None) -> Iterator[None]:
    """Tasks run in this process when queued, as in the embedded default (no worker, no
    Redis); the database is committed, so that tasks queued on commit run."""
    from config.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(scope="module")
def demo_2019(django_db_setup: None, django_db_blocker: object) -> Iterator[None]:
    """The demo municipality with 2019, the year of seed 004, as its later year: built once
    for the test module and rolled back at its end."""
    with django_db_blocker.unblock(), override_settings(DEMO_MODE=True), transaction.atomic():
        call_command("seed_demo", "--year", "2019", stdout=StringIO())
        yield
        transaction.set_rollback(True)
