"""The public results site's pages: what a reader sees without login, and never more."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followup.public.models import Publication
from followup.reports.models import Report, ReportStatus
from municipality.models import Committee
from tests.followup.public_fixtures import DRAFT_VALUE, HIDDEN_UNIT_VALUE, SECRETS

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    """Each test starts in Swedish (a request in English leaves its language active)."""
    with translation.override("sv"):
        yield


# Swedish writes 97,7; an English page too (the figures are the municipality's).
DRAFT_WRITTEN = str(DRAFT_VALUE).replace(".", ",")
HIDDEN_WRITTEN = str(HIDDEN_UNIT_VALUE).replace(".", ",")


def _pages(world) -> list[str]:
    """Every public page of the world, in Swedish and English."""
    names = [
        reverse("public:start"),
        reverse("public:committee", args=[world.goals.goal.committee_id]),
        reverse("public:units"),
        reverse("public:units") + "?kategori=school",
        reverse("public:unit", args=[world.school.pk]),
        reverse("public:indicators"),
        reverse("public:indicator", args=[world.indicator.pk]),
        reverse("public:reports"),
        reverse("public:search") + "?q=e",
    ]
    return [*names, *(f"/en{name}" for name in names)]


def _get(path: str) -> str:
    response = Client().get(path)
    assert response.status_code == 200, path
    assert "Set-Cookie" not in response.headers and not response.cookies, path
    return response.content.decode()


def test_every_public_page_answers_an_anonymous_reader_without_a_cookie(public_world):
    for path in _pages(public_world):
        _get(path)


def test_no_public_page_shows_anything_unpublished_or_undecided(public_world):
    for path in _pages(public_world):
        html = _get(path)
        for secret in SECRETS:
            assert secret not in html, (path, secret)
        assert DRAFT_WRITTEN not in html and HIDDEN_WRITTEN not in html, path


def test_the_start_page_shows_the_committees_decided_status_and_figures(public_world):
    html = _get(reverse("public:start"))
    assert "Resultat för Kalmar kommun" in html and "Så går det för kommunen." in html
    assert 'data-status="partly"' in html and "◐" in html and "Delvis uppfyllt" in html
    assert "Tertial 1 2019" in html
    # The frozen table's figures in tkr, as Swedes write them (minus sign U+2212).
    assert "\u22121\u00a0000" in html and "\u22121\u00a0200" in html and "\u2212200" in html
    assert f'href="{reverse("public:units")}?kategori=school"' in html
    assert '<label for="public-search-q">' in html and 'method="get"' in html
    assert 'lang="sv"' in html and 'href="/en/resultat/"' in html


def test_the_committee_page_shows_each_goal_with_colour_symbol_word_and_comment(public_world):
    html = _get(reverse("public:committee", args=[public_world.goals.goal.committee_id]))
    assert "Ekonomin är i balans" in html and "Underskott i T1." in html
    assert 'class="status status-yellow"' in html and "Delvis uppfyllt" in html
    assert reverse("public:report-pdf", args=[public_world.ks_report.pk]) in html
    assert reverse("public:unit", args=[public_world.school.pk]) in html
    assert '<th scope="col">' in html and "<caption>" in html


def test_the_english_pages_are_in_english(public_world):
    html = _get("/en" + reverse("public:committee", args=[public_world.goals.goal.committee_id]))
    assert 'lang="en"' in html and "Goal status" in html and "Partly fulfilled" in html
    assert 'href="/resultat/namnd/' in html  # the link back to Swedish


def test_the_unit_page_shows_its_values_beside_the_municipalitys_and_the_peers(public_world):
    html = _get(reverse("public:unit", args=[public_world.school.pk]))
    assert "Ekonomi" in html and "Skola" in html
    assert "81,5" in html and "72,5" in html and "68,0" in html  # unit, municipality, peer
    assert "Göteborg" in html and "<svg" in html and 'role="img"' in html


def test_a_reports_pdf_downloads_as_archived(public_world):
    response = Client().get(reverse("public:report-pdf", args=[public_world.ks_report.pk]))
    assert response.status_code == 200 and response.content == b"%PDF-KS-T1"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Tertial 1 2019" in response["Content-Disposition"]
    assert "public" in response["Cache-Control"] and response["ETag"]


def _status(path: str) -> int:
    return Client().get(path).status_code


def test_anything_unpublished_is_not_found(public_world, org):
    assert _status(reverse("public:committee", args=[org.other_committee.pk])) == 404
    assert _status(reverse("public:unit", args=[public_world.hidden_unit.pk])) == 404
    assert _status(reverse("public:unit", args=[org.other_root.pk])) == 404
    assert _status(reverse("public:indicator", args=[public_world.hidden_indicator.pk])) == 404
    assert _status(reverse("public:report-pdf", args=[public_world.sn_report.pk])) == 404
    assert _status(reverse("public:report-pdf", args=[public_world.ks_draft.pk])) == 404
    assert _status(reverse("public:units") + "?kategori=nothing") == 404
    Report.objects.filter(pk=public_world.ks_report.pk).update(status=ReportStatus.READY)
    assert _status(reverse("public:report-pdf", args=[public_world.ks_report.pk])) == 404
    html = _get(reverse("public:start"))
    assert "Underskott" not in html and "◐" not in html


def test_a_closed_site_is_not_found_anywhere(public_world):
    Publication.objects.filter(pk=1).update(enabled=False)
    pdf = reverse("public:report-pdf", args=[public_world.ks_report.pk])
    for path in [*_pages(public_world), pdf]:
        assert _status(path) == 404, path


def test_an_unpublished_committee_hides_its_units(public_world, org):
    Committee.objects.filter(pk=org.committee.pk).update(published=False)
    assert _status(reverse("public:unit", args=[public_world.school.pk])) == 404
    assert "Ekonomi</a>" not in _get(reverse("public:units"))


def test_a_post_is_not_allowed(public_world):
    assert Client().post(reverse("public:start")).status_code in (403, 405)
