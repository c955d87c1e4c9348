"""The controller's page of report lines and account ranges (``budget:admin-report-lines``)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from budget.ledger.models import AccountGroupMember, FigureState
from budget.models import Account, AccountGroup, AccountRange, InvestmentSettings
from municipality.history.changes import object_changes
from municipality.history.guard import history_seen
from municipality.models import QueuedWork, ReportingPeriod
from tests.factories import FiscalYearFactory, PeriodFactory

URL = reverse("budget:admin-report-lines")
CAST = ["administrator", "economist", "reader"]


def _line(code: str, year: int = 2019) -> AccountGroup:
    return AccountGroup.objects.get(fiscal_year__year=year, code=code)


def _ranges(code: str, year: int = 2019) -> list[str]:
    return sorted(str(r) for r in AccountRange.objects.filter(group=_line(code, year)))


def _recompute_queued(year: int) -> bool:
    return QueuedWork.objects.filter(task="budget.tasks.recompute_figures", args=[year]).exists()


def _pages(ledger) -> list[str]:
    line = _line("OVR")
    account_range = line.ranges.first()
    return [
        f"{URL}?year=2019",
        reverse("budget:admin-report-line", args=[line.pk]),
        reverse("budget:admin-report-line-history", args=[line.pk]),
        f"{reverse('budget:admin-report-line-create')}?year=2019",
        reverse("budget:admin-report-range-create", args=[line.pk]),
        reverse("budget:admin-report-range", args=[account_range.pk]),
        reverse("budget:admin-report-range-history", args=[account_range.pk]),
        reverse("budget:admin-investment-settings"),
        reverse("budget:admin-investment-settings-history"),
    ]


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_opens_the_pages(client, request, ledger, controller, who) -> None:
    pages = _pages(ledger)
    client.force_login(controller)
    assert [client.get(page).status_code for page in pages] == [200] * len(pages)
    client.force_login(request.getfixturevalue(who))
    assert [client.get(page).status_code for page in pages] == [403] * len(pages)


def test_anonymous_is_sent_to_log_in(client, ledger) -> None:
    for page in _pages(ledger):
        response = client.get(page)
        assert response.status_code == 302 and response.url.startswith("/login/")
    response = client.post(reverse("budget:admin-report-range-create", args=[_line("OVR").pk]))
    assert response.status_code == 302 and response.url.startswith("/login/")
    assert _ranges("OVR") == ["40–49", "63–78"]


@pytest.mark.parametrize("who", CAST)
def test_only_the_controller_writes(client, request, ledger, controller, who) -> None:
    line = _line("OVR")
    account_range = line.ranges.get(first="40")
    line_url = reverse("budget:admin-report-line", args=[line.pk])
    range_url = reverse("budget:admin-report-range", args=[account_range.pk])
    year = "?year=2019"
    new_range = reverse("budget:admin-report-range-create", args=[line.pk])
    writes = [
        (new_range, {"first": "80", "last": "80"}),
        (range_url, {"first": "41", "last": "49"}),
        (reverse("budget:admin-report-range-delete", args=[account_range.pk]), {}),
        (line_url, {"code": "X", "name": "X", "uplift": "none"}),
        (reverse("budget:admin-report-line-move", args=[line.pk]), {"direction": "up"}),
        (reverse("budget:admin-report-line-delete", args=[line.pk]), {}),
        (reverse("budget:admin-report-line-create") + year, {"code": "N", "name": "Ny"}),
        (reverse("budget:admin-report-lines-start") + year, {"source": "preset:orebro"}),
        (reverse("budget:admin-investment-settings"), {"project_dimension": "7", "accounts": "1"}),
    ]
    client.force_login(request.getfixturevalue(who))
    assert [client.post(url, data).status_code for url, data in writes] == [403] * len(writes)
    assert _ranges("OVR") == ["40–49", "63–78"]
    assert AccountGroup.objects.filter(fiscal_year__year=2019).count() == 7
    assert _line("OVR").name == "Övriga kostnader"
    assert not InvestmentSettings.objects.exists()
    client.force_login(controller)
    url, data = writes[0]
    assert client.post(url, data).status_code == 302
    assert _ranges("OVR") == ["40–49", "63–78", "80–80"]


def test_the_page_shows_the_lines_their_ranges_and_the_unmapped_accounts(
    client, controller, ledger
) -> None:
    Account.objects.create(number="8011", name="Skatteintäkter")
    Account.objects.create(number="1910", name="Kassa")  # the balance sheet: never on a line
    client.force_login(controller)
    response = client.get(URL, {"year": 2019})
    lines = response.context["lines"]
    assert [row.group.code for row in lines.lines] == [
        "INT", "PERS", "LOK", "KAP", "OVR", "SUMK", "SUMR"
    ]  # fmt: skip
    counts = {
        row.group.code: [(str(r.account_range), r.accounts) for r in row.ranges]
        for row in lines.lines
    }
    assert counts["KAP"] == [("79–79", 1), ("84–85", 0)]
    assert counts["OVR"] == [("40–49", 1), ("63–78", 0)]
    assert [part.code for part in lines.lines[5].components] == ["PERS", "LOK", "KAP", "OVR"]
    assert [account.number for account in lines.unmapped] == ["8011"]
    page = response.content.decode()
    assert "8011 Skatteintäkter" in page and "1910" not in page
    assert page.index("Personalkostnader") < page.index("Lokalkostnader")


def test_a_range_is_added_and_the_figures_recomputed(client, controller, ledger) -> None:
    client.force_login(controller)
    url = reverse("budget:admin-report-range-create", args=[_line("INT").pk])
    response = client.post(url, {"first": "80", "last": "83"})
    assert response.status_code == 302 and response.url == f"{URL}?year=2019"
    assert _ranges("INT") == ["30–39", "80–83"]
    # As after an import: the year is marked stale and its recompute is queued on commit.
    assert FigureState.objects.get(year=2019).is_stale
    assert _recompute_queued(2019)
    created = AccountRange.objects.get(first="80")
    assert created.history.get().history_user == controller


@pytest.mark.django_db(transaction=True)
def test_the_recompute_maps_the_accounts_anew(client, controller, ledger, celery_eager) -> None:
    Account.objects.create(number="8011", name="Skatteintäkter")
    client.force_login(controller)
    url = reverse("budget:admin-report-range-create", args=[_line("INT").pk])
    response = client.post(url, {"first": "80", "last": "83"}, follow=True)
    assert "Uppföljningens siffror är summerade." in response.content.decode()
    member = AccountGroupMember.objects.get(year=2019, account__number="8011")
    assert member.group == _line("INT")
    assert not FigureState.objects.get(year=2019).is_stale


def test_an_overlapping_range_is_refused_at_its_field(client, controller, ledger) -> None:
    client.force_login(controller)
    url = reverse("budget:admin-report-range-create", args=[_line("OVR").pk])
    response = client.post(url, {"first": "5800", "last": "5899"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["first"] == ["Kontona 50–59 hör redan till Personalkostnader."]
    html = response.content.decode()
    assert 'id="id_first-error"' in html
    # The field is marked invalid and described by its error, whose element is there.
    field = re.search(r'<input[^>]*name="first"[^>]*>', html)
    assert field and 'aria-invalid="true"' in field.group(0)
    assert 'aria-describedby="id_first_error"' in field.group(0)
    assert '<div id="id_first_error" role="alert">' in html
    assert _ranges("OVR") == ["40–49", "63–78"]
    assert not _recompute_queued(2019)


def test_a_range_is_changed_and_deleted_with_its_history(client, controller, ledger) -> None:
    client.force_login(controller)
    account_range = _line("KAP").ranges.get(first="84")
    seen = history_seen(account_range)
    url = reverse("budget:admin-report-range", args=[account_range.pk])
    assert client.post(url, {"first": "84", "last": "89", "seen": seen}).status_code == 302
    assert _ranges("KAP") == ["79–79", "84–89"]
    with translation.override("en"):
        changes = object_changes(account_range)
    assert [(c.label, c.old_value, c.new_value, c.user) for c in changes[:1]] == [
        ("To account", "85", "89", controller)
    ]
    history = client.get(reverse("budget:admin-report-range-history", args=[account_range.pk]))
    assert str(controller) in history.content.decode() and "89" in history.content.decode()
    delete = reverse("budget:admin-report-range-delete", args=[account_range.pk])
    response = client.post(delete, {"seen": history_seen(account_range)})
    assert response.status_code == 302
    assert _ranges("KAP") == ["79–79"]
    assert account_range.history.order_by("-history_id").first().history_type == "-"


def test_a_stale_edit_is_refused_and_shows_the_newer_values(client, controller, ledger) -> None:
    line = _line("OVR")
    client.force_login(controller)
    url = reverse("budget:admin-report-line", args=[line.pk])
    seen = client.get(url).context["form"]["seen"].value()
    # Someone else saves in between.
    other = AccountGroup.objects.get(pk=line.pk)
    other.name = "Övrigt"
    other._history_user = controller
    other.save()
    response = client.post(
        url, {"code": "OVR", "name": "Mina kostnader", "uplift": "price", "seen": seen}
    )
    assert response.status_code == 200
    assert "sparade detta" in response.context["stale"]
    assert response.context["form"]["name"].value() == "Övrigt"
    assert _line("OVR").name == "Övrigt"


def test_a_line_is_edited_and_its_history_shown(client, controller, ledger) -> None:
    line = _line("OVR")
    client.force_login(controller)
    url = reverse("budget:admin-report-line", args=[line.pk])
    data = {
        "code": "OVR",
        "name": "Övriga verksamhetskostnader",
        "uplift": "none",
        "seen": history_seen(line),
    }
    assert client.post(url, data).status_code == 302
    line.refresh_from_db()
    assert (line.name, line.uplift) == ("Övriga verksamhetskostnader", "none")
    page = client.get(reverse("budget:admin-report-line-history", args=[line.pk])).content.decode()
    assert "Övriga kostnader" in page and "Övriga verksamhetskostnader" in page
    assert str(controller) in page


def test_a_subtotal_and_its_parts(client, controller, ledger) -> None:
    client.force_login(controller)
    create = f"{reverse('budget:admin-report-line-create')}?year=2019"
    parts = [_line("PERS").pk, _line("LOK").pk]
    data = {
        "code": "SUMP",
        "name": "Personal och lokaler",
        "kind": "subtotal",
        "uplift": "none",
        "components": parts,
    }
    assert client.post(create, data).status_code == 302
    subtotal = _line("SUMP")
    assert subtotal.order == 80  # after the seven lines of the preset
    assert sorted(subtotal.components.values_list("code", flat=True)) == ["LOK", "PERS"]
    url = reverse("budget:admin-report-line", args=[subtotal.pk])
    data |= {"components": [_line("PERS").pk], "seen": history_seen(subtotal)}
    del data["kind"]
    assert client.post(url, data).status_code == 302
    assert list(subtotal.components.values_list("code", flat=True)) == ["PERS"]
    with translation.override("en"):
        assert object_changes(subtotal)[0].label == "Sum of"


def test_a_subtotal_adds_up_only_lines_above_it(client, controller, ledger) -> None:
    client.force_login(controller)
    move = reverse("budget:admin-report-line-move", args=[_line("OVR").pk])
    response = client.post(move, {"direction": "down"}, follow=True)
    assert "Summa kostnader" in response.content.decode()
    assert _line("OVR").order == 50  # not moved below the subtotal that adds it up
    move = reverse("budget:admin-report-line-move", args=[_line("LOK").pk])
    client.post(move, {"direction": "up"})
    codes = AccountGroup.objects.filter(fiscal_year__year=2019).values_list("code", flat=True)
    assert list(codes)[:3] == ["INT", "LOK", "PERS"]


def test_a_line_summed_or_with_forecasts_is_kept(client, controller, ledger) -> None:
    client.force_login(controller)
    line = _line("OVR")
    client.post(
        reverse("budget:admin-report-line-delete", args=[line.pk]), {"seen": history_seen(line)}
    )
    assert AccountGroup.objects.filter(pk=line.pk).exists()  # Summa kostnader adds it up
    new = AccountGroup.objects.create(fiscal_year=line.fiscal_year, code="NY", name="Ny", order=90)
    AccountRange.objects.create(group=new, first="80", last="80")
    client.post(
        reverse("budget:admin-report-line-delete", args=[new.pk]), {"seen": history_seen(new)}
    )
    assert not AccountGroup.objects.filter(pk=new.pk).exists()
    assert not AccountRange.objects.filter(first="80").exists()
    assert _recompute_queued(2019)


def test_a_locked_period_keeps_the_mapping_of_its_year(client, controller, ledger) -> None:
    fiscal_year = _line("OVR").fiscal_year
    PeriodFactory(
        fiscal_year=fiscal_year, kind=ReportingPeriod.Kind.T1, state=ReportingPeriod.State.LOCKED
    )
    client.force_login(controller)
    page = client.get(URL, {"year": 2019}).content.decode()
    assert "låst efter beslut" in page
    assert reverse("budget:admin-report-range-create", args=[_line("OVR").pk]) not in page
    response = client.post(
        reverse("budget:admin-report-range-create", args=[_line("INT").pk]),
        {"first": "80", "last": "83"},
    )
    assert response.status_code == 200
    assert "låst efter beslut" in " ".join(response.context["form"].non_field_errors())
    account_range = _line("OVR").ranges.get(first="40")
    client.post(
        reverse("budget:admin-report-range-delete", args=[account_range.pk]),
        {"seen": history_seen(account_range)},
    )
    subtotal = _line("SUMK")
    response = client.post(
        reverse("budget:admin-report-line", args=[subtotal.pk]),
        {
            "code": "SUMK",
            "name": "Summa kostnader",
            "uplift": "price",
            "components": [_line("PERS").pk],
            "seen": history_seen(subtotal),
        },
    )
    assert response.status_code == 200
    assert _ranges("INT") == ["30–39"] and _ranges("OVR") == ["40–49", "63–78"]
    assert subtotal.components.count() == 4
    assert not _recompute_queued(2019)
    # Its name changes no figure.
    line = _line("OVR")
    data = {"code": "OVR", "name": "Övrigt", "uplift": "price", "seen": history_seen(line)}
    assert client.post(reverse("budget:admin-report-line", args=[line.pk]), data).status_code == 302
    assert _line("OVR").name == "Övrigt"
    # Another year is not locked.
    url = reverse("budget:admin-report-range-create", args=[_line("INT", 2018).pk])
    assert client.post(url, {"first": "80", "last": "83"}).status_code == 302


def test_a_year_starts_from_another_year_or_a_preset(client, controller, ledger) -> None:
    FiscalYearFactory(year=2020)
    FiscalYearFactory(year=2021)
    client.force_login(controller)
    page = client.get(URL, {"year": 2020}).content.decode()
    assert 'value="year:2019"' in page and 'value="preset:orebro"' in page
    start = reverse("budget:admin-report-lines-start")
    client.post(f"{start}?year=2020", {"source": "year:2019"})
    assert _ranges("KAP", 2020) == ["79–79", "84–85"]
    assert (
        list(_line("SUMR", 2020).components.values_list("fiscal_year__year", flat=True))
        == [2020] * 5
    )
    assert _line("KAP", 2020).history.get().history_user == controller
    client.post(f"{start}?year=2021", {"source": "preset:orebro"})
    assert _ranges("6A", 2021) == ["60–60"]
    assert (
        AccountRange.objects.get(group__fiscal_year__year=2021, first="60")
        .history.get()
        .history_user
        == controller
    )
    response = client.post(f"{start}?year=2021", {"source": "year:2019"}, follow=True)
    assert "2021 har redan" in response.content.decode()


def test_the_investment_settings(client, controller, ledger) -> None:
    client.force_login(controller)
    url = reverse("budget:admin-investment-settings")
    response = client.post(
        url, {"project_dimension": "7", "accounts": "1110–1299, 1410", "seen": 0}
    )
    assert response.status_code == 302
    settings = InvestmentSettings.current()
    assert (settings.project_dimension, settings.accounts) == (7, "1110–1299, 1410")
    response = client.post(
        url, {"project_dimension": "7", "accounts": "11x", "seen": history_seen(settings)}
    )
    assert response.status_code == 200 and response.context["form"].errors["accounts"]
    data = {"project_dimension": "7", "accounts": "1110–1299", "seen": history_seen(settings)}
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("budget:admin-investment-settings-history")).content.decode()
    assert "1110–1299, 1410" in page and str(controller) in page


def test_the_page_asks_as_many_queries_for_many_lines(
    client, controller, ledger, django_assert_max_num_queries
) -> None:
    client.force_login(controller)
    client.get(URL, {"year": 2019})  # the session and the period chosen, once
    with django_assert_max_num_queries(100) as few:
        client.get(URL, {"year": 2019})
    fiscal_year = _line("OVR").fiscal_year
    for number in range(30):
        group = AccountGroup.objects.create(
            fiscal_year=fiscal_year, code=f"L{number}", name=f"Rad {number}", order=100 + number
        )
        AccountRange.objects.create(group=group, first=f"9{number:02d}", last=f"9{number:02d}")
        Account.objects.create(number=f"9{number:02d}1", name=f"Konto {number}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(URL, {"year": 2019})
    assert all(f">Rad {number}</a>" in page.content.decode() for number in range(30))
