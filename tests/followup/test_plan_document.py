"""The plan document: the PDF read back with pdftotext reads like seed 002 (its title and
decision line, the allocations in mnkr, the efficiency requirement, the indicator table and the
budget in tkr); the plan's page and list read in a number of queries that does not grow with
the goals."""

from __future__ import annotations

import datetime
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from followup.plans.render import plan_pdf
from followup.plans.resources import efficiency_sentence
from followup.plans.services import plan_for, plan_text_save
from followup.plans.workflow import plan_set_state
from tests.followup.plan_fixtures import goal_with_indicator

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_reads_like_seed_002(plan_world, controller, tmp_path) -> None:
    plan = plan_world.plan
    plan_text_save(user=controller, plan=plan, part="decision", expected_version=0,
                   text="<p>1. Kommunstyrelsens plan med budget 2018 fastställs.</p>")  # fmt: skip
    plan_set_state(user=controller, plan=plan, state="ready")
    plan = plan_set_state(user=controller, plan=plan, state="decided", decision_reference="1",
                          decided_on=datetime.date(2018, 1, 16))  # fmt: skip
    pdf = plan_pdf(plan)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "plan.pdf").write_bytes(pdf)
    text = pdf_text(pdf, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    assert "Kommunstyrelsens plan med budget 2018" in flat
    assert "Förslag till beslut i Kommunstyrelsen den 16 januari 2018, § 1" in flat
    assert "Innehåll" in text and "Resursfördelning" in text
    # The allocations in mnkr with one decimal, the grant as the amount it is.
    for allocation in (
        "Anslaget för kommungemensamt 171,7 mnkr",
        "kommungemensamma statsbidrag 134,4 mnkr",
        "Anslaget för politisk kommunledning 41,6 mnkr",
        "Anslaget för Kommunstyrelseförvaltningen 429,2 mnkr",
    ):
        assert allocation in flat
    assert "Effektiviseringsåtgärderna ska motsvara besparingar på 14,3 mnkr." in flat
    # Seed 002's staff table: Indikatorer | Tot K/M | Utfall 2016 | Utfall 2017 | Målvärde 2018.
    assert re.search(r"Indikatorer\s+Tot K/M\s+Utfall 2016\s+Utfall 2017\s+Målvärde", text)
    assert re.search(r"Sjukfrånvaro i procent av arbetstiden\s+Tot\s+4,9\s+5,1\s+Minska", text)
    assert re.search(r"\n\s+K\s+5,4\n", text) and re.search(r"\n\s+M\s+3,8\n", text)
    # The budget per verksamhetsområde in tkr, a proposal until the committee decides it.
    assert "Budget per verksamhetsområde (Förslag)" in flat
    assert re.search(r"Brandkåren\s+34 400\s+35 088\s+35 776", text)
    assert re.search(r"Summa\s+44 900", text)
    # Page numbers in the footer and in the contents.
    assert re.search(r"Sida 1 av \d+", text)
    assert re.search(r"Resursfördelning\s*\.+\s*\d+", text)


def test_the_plan_page_reads_in_a_constant_number_of_queries(
    client, plan_world, controller, org, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    url = reverse("followup:plan", args=[plan_world.plan.pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(12):
        goal_with_indicator(org, plan_world.area, f"Mål {n}", code=f"IND{n}", name=f"Indikator {n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(url).content.decode()
    assert "Mål 11" in body and "Indikator 11" in body


def test_the_list_shows_the_committees_plans_to_whoever_sees_them(
    client, plan_world, org, reader, controller, economist, outsider
) -> None:
    url = reverse("followup:plans") + "?year=2018"
    client.force_login(reader)
    body = client.get(url).content.decode()
    assert "Kommunstyrelsen" in body and "Socialnämnden" not in body
    assert reverse("followup:plan", args=[plan_world.plan.pk]) in body
    assert "Utkast" in body
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(economist)
    create = reverse("followup:plan-create")
    assert (
        client.post(create, {"committee": org.other_committee.pk, "year": 2018}).status_code == 403
    )
    client.force_login(controller)
    body = client.get(url).content.decode()
    assert "Socialnämnden" in body and "Påbörja planen" in body
    response = client.post(create, {"committee": org.other_committee.pk, "year": 2018})
    assert response.status_code == 302
    assert org.other_committee.plans.get().fiscal_year.year == 2018


def test_the_navigation_offers_the_plans(client, plan_world, reader, outsider) -> None:
    client.force_login(reader)
    body = client.get(reverse("followup:plans")).content.decode()
    assert f'href="{reverse("followup:plans")}"' in body and "Planering" in body
    assert "Nämndens plan" in body


def test_the_efficiency_requirement_may_be_a_percentage(plan_world) -> None:
    frame = plan_world.frame
    frame.efficiency_amount, frame.efficiency_percent = None, Decimal("1.5")
    frame.save()
    assert efficiency_sentence(frame) == (
        "Effektiviseringsåtgärderna ska motsvara besparingar på 1,5\u00a0% av ramen."
    )


def test_a_plan_without_frame_or_budget_says_so(client, plan_world, org, controller) -> None:
    plan = plan_for(committee=org.other_committee, year=2018)
    client.force_login(controller)
    body = client.get(reverse("followup:plan", args=[plan.pk])).content.decode()
    assert "Socialnämndens plan med budget 2018" in body
    assert "Kommunfullmäktige har ännu inte gett nämnden någon ram för året." in body
    assert "Nämndens budget är ännu inte fördelad." in body
    assert "Nämnden har ännu inga mål för året." in body
