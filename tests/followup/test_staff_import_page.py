"""Mål › Indikatorer › Läs in personalstatistik: an HR officer or controller uploads the HR
system's export, sees its preview (or every problem with its line), and applies it or cancels."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.ledger.models import ImportBatch, PendingImport
from budget.ledger.storage import import_storage
from followup.models import IndicatorValue
from municipality.editing.models import AuditEntry
from municipality.models import ReportingPeriod, Role, RoleAssignment
from tests.factories import UserFactory
from tests.followup.test_staff_import import HEADER, hr_csv, hr_rows, hr_xlsx, stored

PAGE = reverse("followup:staff-import")


def upload(client: Client, data: bytes, name: str = "hr.csv") -> PendingImport:
    response = client.post(PAGE, {"file": SimpleUploadedFile(name, data)})
    pending = PendingImport.objects.get(kind=ImportBatch.Kind.STAFF)
    assert response.status_code == 302
    assert response["Location"] == reverse("followup:staff-import-preview", args=[pending.pk])
    return pending


def preview(client: Client, pending: PendingImport) -> tuple[str, str]:
    """The preview page's text, and the fingerprint its Import button posts."""
    response = client.get(reverse("followup:staff-import-preview", args=[pending.pk]))
    assert response.status_code == 200
    return response.content.decode(), response.context.get("fingerprint") or ""


def apply(client: Client, pending: PendingImport, fingerprint: str) -> str:
    url = reverse("followup:staff-import-apply", args=[pending.pk])
    response = client.post(url, {"preview": fingerprint}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def hr_officer(org) -> object:
    """Whoever may import data: the controller's role, municipality-wide."""
    user = UserFactory(username="hanna", first_name="Hanna", last_name="Holm")
    RoleAssignment.objects.create(user=user, role=Role.CONTROLLER)
    return user


@pytest.mark.parametrize(("data", "name"), [(hr_csv, "hr.csv"), (hr_xlsx, "hr.xlsx")])
def test_an_upload_is_previewed_then_applied_with_the_user(
    client, staff, hr_officer, data, name
) -> None:
    client.force_login(hr_officer)
    pending = upload(client, data(), name)
    html, fingerprint = preview(client, pending)

    # Seed 000's figures: per indicator, and per unit and period, what would be created.
    indicators = html.split('id="staff-indicators"')[1].split("</table>")[0]
    assert "SJUK Sjukfrånvaro i procent av arbetstiden" in indicators
    assert "SJUK-KORT Korttidssjukfrånvaro" in indicators
    places = html.split('id="staff-places"')[1].split("</table>")[0]
    assert "Kommunledningskontoret" in places and "<td >Örebro</td>" in places
    assert "Importera 21 värden" in html
    assert not IndicatorValue.objects.exists()  # a preview writes nothing

    html = apply(client, pending, fingerprint)
    assert "21 värden från" in html
    values = stored()
    assert values[("SJUK", 2019, 12, "M", "")] == Decimal("3.0")
    assert values[("SJUK-KORT", 2018, 12, "K", "")] == Decimal("6.1")
    assert values[("SJUK", 2017, 12, "T", "1000")] == Decimal("3.1")
    assert {v.updated_by for v in IndicatorValue.objects.all()} == {hr_officer}
    assert AuditEntry.objects.filter(user=hr_officer).count() == 21
    pending.refresh_from_db()
    assert pending.outcome == PendingImport.Outcome.APPLIED
    assert not pending.file  # the HR file is not kept once applied
    # A second click applies nothing more.
    apply(client, pending, fingerprint)
    assert AuditEntry.objects.count() == 21


def test_a_changed_value_is_shown_with_the_value_now_and_the_files(
    client, staff, hr_officer
) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    apply(client, pending, preview(client, pending)[1])
    rows = hr_rows()
    rows[4][3] = "4,5"  # 2019's total sick leave, corrected
    PendingImport.objects.all().delete()
    pending = upload(client, hr_csv(rows))
    html, fingerprint = preview(client, pending)
    changes = html.split('id="staff-changes"')[1].split("</table>")[0]
    assert ">4,4\N{NO-BREAK SPACE}%<" in changes and ">4,5\N{NO-BREAK SPACE}%<" in changes
    assert '<td class="number">6</td>' in changes  # the line of the file
    assert "Importera 1 värde" in html
    apply(client, pending, fingerprint)
    assert stored()[("SJUK", 2019, 12, "T", "")] == Decimal("4.5")
    assert AuditEntry.objects.filter(user=hr_officer, new_value="4.5000").count() == 1


def test_a_bad_file_names_each_line_in_swedish_and_stores_nothing(
    client, staff, hr_officer
) -> None:
    client.force_login(hr_officer)
    data = (HEADER + "\n2019;12;9999;4,4;;;;;\n2019;11;1880;104,4;;;;;\n").encode()
    pending = upload(client, data)
    html, fingerprint = preview(client, pending)
    assert "Rad 2: ingen enhet har koden ”9999” 2019" in html
    assert (
        "Rad 3: Sjukfrånvaro i procent av arbetstiden är en procentsats och kan inte vara "
        "över 100 (104,4)" in html
    )
    assert fingerprint == ""
    assert 'action="' + reverse("followup:staff-import-apply", args=[pending.pk]) not in html
    pending.refresh_from_db()
    assert pending.outcome == PendingImport.Outcome.REFUSED and not pending.file
    # Applying anyway writes nothing.
    apply(client, pending, "anything")
    assert not IndicatorValue.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_file_that_is_no_workbook_is_refused_without_an_error(client, staff, hr_officer) -> None:
    client.force_login(hr_officer)
    pending = upload(client, b"%PDF-1.4 not a workbook", "hr.xlsx")
    html, _fingerprint = preview(client, pending)
    assert 'id="staff-problems"' in html
    assert not IndicatorValue.objects.exists()


def test_a_locked_period_is_refused_with_a_clear_message(client, staff, annual, hr_officer) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    apply(client, pending, preview(client, pending)[1])
    annual.state = ReportingPeriod.State.LOCKED
    annual.save()
    rows = hr_rows()
    rows[4][3] = "4,5"  # 2019's total: in the locked Bokslut 2019
    PendingImport.objects.all().delete()
    pending = upload(client, hr_csv(rows))
    html, _fingerprint = preview(client, pending)
    assert "Rad 6:" in html and "är låst efter beslut" in html
    assert stored()[("SJUK", 2019, 12, "T", "")] == Decimal("4.4")


def test_a_lock_set_after_the_preview_refuses_the_apply(client, staff, annual, hr_officer) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    _html, fingerprint = preview(client, pending)
    annual.state = ReportingPeriod.State.LOCKED
    annual.save()
    html = apply(client, pending, fingerprint)
    assert "Filen kan inte läsas in nu. Ingenting har skrivits." in html
    assert "är låst efter beslut" in html
    assert not IndicatorValue.objects.exists()


def test_values_changed_since_the_preview_are_not_overwritten(client, staff, hr_officer) -> None:
    client.force_login(hr_officer)
    first = upload(client, hr_csv())
    apply(client, first, preview(client, first)[1])
    PendingImport.objects.all().delete()
    pending = upload(client, hr_csv())
    html, fingerprint = preview(client, pending)
    assert 'id="staff-no-changes"' in html
    # Someone enters a value by hand in the meantime: the file would now change it back.
    value = IndicatorValue.objects.get(
        indicator__code="SJUK", year=2019, month=12, gender="T", org_unit=None
    )
    value.value = Decimal("9.9")
    value.source = "manual"
    value.save()
    audits = AuditEntry.objects.count()

    html = apply(client, pending, fingerprint)

    assert "Värdena har ändrats sedan förhandsvisningen" in html
    assert 'id="staff-changes"' in html  # the new preview, with the change it would make
    value.refresh_from_db()
    assert value.value == Decimal("9.9")
    assert AuditEntry.objects.count() == audits


def test_the_same_file_twice_changes_nothing(client, staff, hr_officer) -> None:
    client.force_login(hr_officer)
    first = upload(client, hr_csv())
    apply(client, first, preview(client, first)[1])
    before = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}
    audits = AuditEntry.objects.count()
    PendingImport.objects.all().delete()

    pending = upload(client, hr_csv())
    html, fingerprint = preview(client, pending)
    assert "Ingen ändring" in html and "Importera" not in html.split('id="staff-places"')[0]
    apply(client, pending, fingerprint)

    assert {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()} == before
    assert AuditEntry.objects.count() == audits


def test_cancel_forgets_the_upload_and_writes_nothing(client, staff, hr_officer) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    name = pending.file.name
    assert import_storage().exists(name)
    response = client.post(reverse("followup:staff-import-cancel", args=[pending.pk]))
    assert response.status_code == 302 and response["Location"] == PAGE
    assert not PendingImport.objects.exists()
    assert not import_storage().exists(name)
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("who", ["economist", "goal_owner", "reader", "administrator", "outsider"])
def test_only_those_who_may_import_data_reach_the_page(
    client, staff, hr_officer, request, who: str
) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    client.force_login(request.getfixturevalue(who))
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"file": SimpleUploadedFile("hr.csv", hr_csv())}).status_code == 403
    for name in ("followup:staff-import-preview",):
        assert client.get(reverse(name, args=[pending.pk])).status_code == 403
    for name in ("followup:staff-import-apply", "followup:staff-import-cancel"):
        assert client.post(reverse(name, args=[pending.pk])).status_code == 403
    assert PendingImport.objects.count() == 1
    assert not IndicatorValue.objects.exists()
    # The indicator list offers the page only to whoever may open it.
    indicators = client.get(reverse("followup:indicators")).content.decode()
    assert 'id="staff-import-link"' not in indicators


def test_another_controllers_upload_is_not_theirs_to_apply(
    client, staff, hr_officer, controller
) -> None:
    client.force_login(hr_officer)
    pending = upload(client, hr_csv())
    fingerprint = preview(client, pending)[1]
    client.force_login(controller)
    response = client.get(reverse("followup:staff-import-preview", args=[pending.pk]))
    assert response.status_code == 302 and response["Location"] == PAGE
    apply(client, pending, fingerprint)
    assert not IndicatorValue.objects.exists()
    indicators = client.get(reverse("followup:indicators")).content.decode()
    assert f'href="{PAGE}" id="staff-import-link"' in indicators


def test_the_preview_reads_a_constant_number_of_queries(client, staff, hr_officer) -> None:
    """The same years, three times the values: the same queries (a query per year of the file
    asks whether its period is locked)."""
    client.force_login(hr_officer)
    counts = []
    for rows in (hr_rows()[::2], hr_rows()):  # the municipality's lines; and the unit's too
        PendingImport.objects.all().delete()
        pending = upload(client, hr_csv(rows))
        with CaptureQueriesContext(connection) as queries:
            preview(client, pending)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= 30


def test_a_large_export_is_previewed_page_by_page(client, staff, hr_officer) -> None:
    client.force_login(hr_officer)
    lines = ["år;månad;enhet;mått;totalt;kvinnor;män"]
    for year in (2017, 2018, 2019):
        for month in range(1, 13):
            lines.append(f"{year};{month};;Sjukfrånvaro;4,4;4,9;3,0")
            lines.append(f"{year};{month};;Korttidssjukfrånvaro;5,1;5,5;4,0")
            lines.append(f"{year};{month};1000;Sjukfrånvaro;3,1;;")
    pending = upload(client, "\n".join(lines).encode())
    url = reverse("followup:staff-import-preview", args=[pending.pk])

    first = client.get(url).context["places"]
    second = client.get(url, {"places-page": 2}).context["places"]

    assert len(first.page.object_list) == 100 and len(second.page.object_list) == 8
    html = client.get(url, {"places-page": 2}).content.decode()
    assert "Importera 252 värden" in html  # 36 months × (3 + 3 + 1), whichever page
