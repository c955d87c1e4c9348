"""The accessibility statement (tillgänglighetsredogörelse): open to everyone, in the form of
Digg's model statement, and linked from every page's footer."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from followup.public.caching import generation_bump_now
from followup.public.models import Publication
from municipality.models import Municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _swedish():
    """Each test starts, and leaves, in Swedish (a request in English leaves its language
    active)."""
    with translation.override("sv"):
        yield


# Digg's model statement's headings, in its order.
DIGG_HEADINGS = (
    "Tillgänglighet för Tertial",
    "Hur tillgänglig är webbplatsen?",
    "Vad kan du göra om du inte kan använda delar av webbplatsen?",
    "Rapportera brister i webbplatsens tillgänglighet",
    "Tillsynsmyndighet",
    "Teknisk information om webbplatsens tillgänglighet",
    "Innehåll som inte är tillgängligt",
    "Hur vi testat webbplatsen",
    "Senaste uppdatering",
)
ENGLISH_HEADINGS = (
    "Accessibility of Tertial",
    "How accessible is the website?",
    "Supervisory authority",
    "Content that is not accessible",
    "Last updated",
)


def _statement_url(language: str) -> str:
    with translation.override(language):
        return reverse("accessibility:statement")


@pytest.fixture
def kalmar(db: None) -> Municipality:
    return Municipality.objects.create(name="Kalmar kommun", code="0880")


def test_the_statement_has_digg_headings_in_order_without_login(kalmar):
    response = Client().get(_statement_url("sv"))
    assert response.status_code == 200
    page = response.content.decode()
    positions = [page.index(f"{heading}") for heading in DIGG_HEADINGS]
    assert positions == sorted(positions)
    assert "Kalmar kommun" in page
    assert 'href="https://www.digg.se/tdosanmalan"' in page
    assert "WCAG 2.1" in page and "delvis förenlig" in page
    assert "Swagger UI" in page
    assert "7 december 2026" in page  # the last review's date
    assert not response.cookies  # nothing of a session given to a reader


def test_the_statement_in_english(kalmar):
    response = Client().get(_statement_url("en"))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="en">' in page
    for heading in ENGLISH_HEADINGS:
        assert heading in page
    assert "Tillsynsmyndighet" not in page
    assert f'href="{_statement_url("sv")}"' in page  # the way back to Swedish


def test_problems_are_reported_to_the_publications_contact(kalmar):
    Publication.objects.create(pk=1, contact_email="tillganglighet@kalmar.se")
    page = Client().get(_statement_url("sv")).content.decode()
    assert 'href="mailto:tillganglighet@kalmar.se"' in page


def test_without_a_contact_the_statement_names_the_municipality(kalmar):
    page = Client().get(_statement_url("sv")).content.decode()
    assert "mailto:" not in page
    assert "Kontakta Kalmar kommun" in page
    assert not Publication.objects.exists()  # reading the page wrote nothing


def test_the_statement_reads_a_constant_number_of_queries(kalmar, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        Client().get(_statement_url("sv"))


def _links_to_the_statement(page: str, language: str = "sv") -> bool:
    return f'href="{_statement_url(language)}"' in page


def test_the_login_page_links_to_the_statement(db):
    assert _links_to_the_statement(Client().get(reverse("login")).content.decode())


def test_an_app_page_links_to_the_statement(client, controller):
    client.force_login(controller)
    response = client.get(reverse("municipality:start"), follow=True)
    assert response.status_code == 200
    assert _links_to_the_statement(response.content.decode())


def test_the_public_site_links_to_the_statement(kalmar):
    Publication.objects.create(pk=1, enabled=True)
    generation_bump_now()
    for language in ("sv", "en"):
        with translation.override(language):
            start = reverse("public:start")
        page = Client().get(start).content.decode()
        assert _links_to_the_statement(page, language), language
