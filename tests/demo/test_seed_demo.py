from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from demo.organisation import DEMO_PASSWORD, DEMO_USERS
from municipality.models import Committee, OrgUnit, ReportingPeriod, User
from municipality.organisation.selectors import units_in_year
from municipality.periods.selectors import period_default

KS_OPERATIONS_2019 = [
    "Koncernledning",
    "Upphandling och kansli",
    "Ekonomi",
    "HR",
    "Arbete & välfärd",
    "Mark och exploatering",
    "Exploateringsverksamheten",
    "Kommunikation",
    "IT",
    "Brandkåren",
    "Överförmyndarverksamheten",
    "Gymnasieverksamheten",
]


@pytest.fixture
def demo(db, settings) -> str:
    settings.DEMO_MODE = True
    out = StringIO()
    call_command("seed_demo", "--year", "2019", stdout=out)
    return out.getvalue()


def test_kommunstyrelsen_has_the_twelve_areas_of_seed_004(demo) -> None:
    klk = OrgUnit.objects.valid_in(2019).get(code="1000")
    operations = [u.name for u in klk.children.filter(valid_to__isnull=True).order_by("order")]
    assert operations == KS_OPERATIONS_2019


def test_it_moved_from_servicenamnden_to_kommunstyrelsen(demo) -> None:
    it_2018, it_2019 = OrgUnit.objects.filter(code="2050").order_by("valid_from")
    assert (it_2018.committee.short_code, it_2018.valid_to) == ("SEN", 2018)
    assert (it_2019.committee.short_code, it_2019.valid_from) == ("KS", 2019)
    assert it_2019.predecessor == it_2018
    larm_2019 = OrgUnit.objects.valid_in(2019).get(code="1081")
    assert larm_2019.parent.name == "Brandkåren"


def test_committees_years_and_periods(demo) -> None:
    assert Committee.objects.count() == 6
    assert {u.committee.short_code for u in units_in_year(2019)} == {
        "KS",
        "SEN",
        "BUN",
        "ON",
        "SN",
        "SBN",
    }
    assert (
        ReportingPeriod.objects.filter(fiscal_year__year=2018).exclude(state="locked").count() == 0
    )
    assert period_default().name == "Oktober 2019"
    assert period_default().state == ReportingPeriod.State.OPEN


def test_kalmar_report_lines_for_both_years(demo) -> None:
    from budget.ledger.selectors import account_groups

    for year in (2018, 2019):
        assert [g.name for g in account_groups(year=year)][-2:] == [
            "Summa kostnader",
            "Summa resultat",
        ]


def test_one_user_per_role_who_can_log_in(demo) -> None:
    assert "tertial-demo" in demo
    for demo_user in DEMO_USERS:
        assert demo_user.username in demo
        client = Client()
        response = client.post(
            "/login/", {"username": demo_user.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, demo_user.username
        assert client.get("/").status_code == 200


def test_running_again_changes_nothing(demo) -> None:
    counts = (OrgUnit.objects.count(), User.objects.count(), ReportingPeriod.objects.count())
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        OrgUnit.objects.count(),
        User.objects.count(),
        ReportingPeriod.objects.count(),
    ) == counts
    assert "nothing to do" in out.getvalue()


def test_no_demo_users_outside_demo_mode(db, settings) -> None:
    settings.DEMO_MODE = False
    out = StringIO()
    call_command("seed_demo", "--year", "2019", stdout=out)
    assert not User.objects.exists()
    assert DEMO_PASSWORD not in out.getvalue()


def test_the_demo_publishes_its_results_site(demo) -> None:
    """Every committee published, with its reports of the locked tertials and annual accounts
    decided (frozen after the seed's commit), units citizens look for, some indicators."""
    from followup.models import Indicator, Report
    from followup.public.models import publication_settings
    from followup.public.published import units

    publication = publication_settings()
    assert publication.enabled and publication.introduction and publication.contact_email
    assert not Committee.objects.filter(published=False).exists()
    locked = ReportingPeriod.objects.filter(state="locked", kind__in=["t1", "t2", "annual"])
    decided = Report.objects.filter(status="decided", period__in=locked)
    assert decided.count() == locked.count() * Committee.objects.count()
    assert not Report.objects.filter(status="decided").exclude(period__in=locked).exists()
    categories = {unit.category for unit in units()}
    assert categories == {"school", "preschool", "care_home", "home_care"}
    assert Indicator.objects.filter(published=True, values__org_unit__published=True).exists()
    assert "decided" in demo
