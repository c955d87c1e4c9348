"""The committee budget grid's Excel round trip: download, fill in as an economist would in
Excel, upload; what is saved, what is refused and where the messages say the problem is."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from budget.planning.budgets import services
from budget.planning.excel import views as excel_views
from budget.planning.excel import workbook
from budget.planning.models import (
    BudgetProfile,
    BudgetRow,
    BudgetRowSubmission,
    CommitteeBudget,
    Decided,
)
from municipality.formats.workbooks import CONTENT_TYPE
from municipality.models import AuditEntry, Municipality, OrgUnit
from tests.budget.forecast_fixtures import line
from tests.budget.planning.budget_fixtures import YEAR, key, page_url
from tests.factories import OrgUnitFactory

State = BudgetRowSubmission.State


# What an economist does ---------------------------------------------------------------------


def download(client, budget) -> Workbook:
    response = client.get(
        reverse("budget:plan-budget-xlsx"), {"committee": budget.committee_id, "year": YEAR}
    )
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="budget-ks-{YEAR}.xlsx"'
    return load_workbook(io.BytesIO(response.content))


def sheet_line(wb: Workbook, unit, code: str, sheet: str = workbook.SHEET) -> int:
    """The sheet row of the unit's report line, by the hidden key in column A."""
    ws = wb[sheet]
    wanted = key(unit, code)
    for number in range(1, ws.max_row + 1):
        if ws[f"A{number}"].value == wanted:
            return number
    raise AssertionError(f"no row {wanted}")


def fill(wb: Workbook, cells: dict[tuple[object, str, str], object]) -> bytes:
    """Type ``cells`` ((unit, report line code, column letter): value) in the Budget sheet."""
    ws = wb[workbook.SHEET]
    for (unit, code, letter), value in cells.items():
        ws[f"{letter}{sheet_line(wb, unit, code)}"] = value
    return saved(wb)


def saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(client, budget, data: bytes, name: str = "budget.xlsx"):
    """Upload the file on the budget page and follow back to it, where the messages show."""
    response = client.post(
        reverse("budget:plan-budget-upload"),
        {"committee": budget.committee_id, "year": YEAR, "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    page = f"{reverse('budget:plan-budget')}?committee={budget.committee_id}&year={YEAR}"
    assert response.redirect_chain == [(page, 302)]
    assert response.status_code == 200
    return response


def flash(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def row_of(budget, unit, code: str) -> BudgetRow | None:
    return BudgetRow.objects.filter(budget=budget, unit=unit, group=line(code)).first()


def save(budget, unit, code: str, value, user, *, field="amount", version=0) -> BudgetRow:
    """A value saved in the browser's grid."""
    return services.budget_row_save(
        budget=budget,
        unit=unit,
        group=line(code),
        field=field,
        value=value,
        expected_version=version,
        user=user,
    )


# The round trip -----------------------------------------------------------------------------


def test_the_workbook_shows_the_grid_with_its_frame_and_only_the_entry_cells_open(
    client, economist, controller, budget, planned
) -> None:
    save(budget, planned.department, "PERS", Decimal(1_000_000), economist)
    save(budget, planned.sibling, "PERS", Decimal(2_000_000), controller)
    client.force_login(economist)
    wb = download(client, budget)
    ws = wb[workbook.SHEET]
    assert ws["B1"].value == f"Budget {YEAR}, Kommunstyrelsen"
    header = [ws[f"{letter}{workbook.HEADER_ROW}"].value for letter in workbook.COLUMNS]
    assert header[:3] == ["Rad", "Enhet / kontogrupp", f"Budget {YEAR - 1}"]
    assert header[6:10] == ["Volymförändring", f"Budget {YEAR}", f"Plan {YEAR + 1}", "Plan 2021"]
    # The frame in tkr, and what is left as a formula over the typed budget.
    assert ws[f"H{workbook.FRAME_ROW}"].value == 10_000
    assert ws[f"I{workbook.FRAME_ROW}"].value == 10_500
    # Ekonomi's rows and Ekonomi- och lönecenter's (5 report lines each, a head and a total
    # around them), and the 2 000 tkr of Brandkåren's that the economist does not see.
    first = sheet_line(wb, planned.department, "INT")
    rows = f"H{first}:H{first + 4},H{first + 8}:H{first + 12}"
    assert ws[f"H{workbook.REMAINING_ROW}"].value == f'=IF(H5="","",H5-(SUM({rows})+2000))'
    assert ws[f"B{workbook.REMAINING_ROW}"].value == "Kvar att fördela"
    pers = sheet_line(wb, planned.department, "PERS")
    assert ws[f"C{pers}"].value == 1_000  # last year's budget
    assert ws[f"E{pers}"].value == 1_030  # the proposal: + 3 % wage index
    assert ws[f"F{pers}"].value.startswith(f"Budget {YEAR - 1} + 3,0")  # the method
    assert ws[f"H{pers}"].value == 1_000
    assert ws[f"K{pers}"].value == "Jämnt över månaderna"
    assert ws[f"H{pers}"].number_format == '#,##0;"−"#,##0;0'
    # Entry cells open, the rest locked; the sheet protected; Brandkåren not the economist's.
    assert ws.protection.sheet
    for letter in "GHIJK":
        assert ws[f"{letter}{pers}"].protection.locked is False
    for letter in "BCDEF":
        assert ws[f"{letter}{pers}"].protection.locked is True
    assert "Brandkåren" not in [ws[f"B{n}"].value for n in range(1, ws.max_row + 1)]
    # Excel checks what is typed: amounts in G–J, a profile of the list in K.
    checks = {v.type: v for v in ws.data_validations.dataValidation}
    assert f"K{pers}" in checks["list"].sqref and f"H{pers}" not in checks["list"].sqref
    assert "Jämnt över månaderna" in checks["list"].formula1
    assert f"H{pers}" in checks["decimal"].sqref and f"G{pers}" in checks["decimal"].sqref
    assert wb[workbook.META_SHEET].sheet_state == "veryHidden"
    assert workbook.MONTHS_SHEET in wb.sheetnames


def test_an_uploaded_workbook_saves_its_values_with_their_audit_trail_and_once_only(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    data = fill(
        download(client, budget),
        {
            (planned.department, "PERS", "G"): 50,  # volume, typed as a number
            (planned.department, "PERS", "H"): "1 080,5",  # as Swedes write it
            (planned.department, "PERS", "I"): "1 100",
            (planned.department, "PERS", "K"): "Som förra årets utfall",
            (planned.sub_unit, "PERS", "H"): -12.25,
        },
    )
    response = upload(client, budget, data)
    assert flash(response) == ["5 värden från budget.xlsx är sparade."]
    row = row_of(budget, planned.department, "PERS")
    assert row.volume == Decimal(50_000) and row.amount == Decimal(1_080_500)
    assert row.plan1 == Decimal(1_100_000) and row.plan2 is None
    assert row.profile == BudgetProfile.LAST_YEAR
    assert row_of(budget, planned.sub_unit, "PERS").amount == Decimal(-12_250)
    entries = AuditEntry.objects.filter(object_id=row.pk, field__in=["volume", "amount", "plan1"])
    assert {(e.field, e.new_value, e.user) for e in entries} == {
        ("volume", "50000.00", economist),
        ("amount", "1080500.00", economist),
        ("plan1", "1100000.00", economist),
    }
    # The same file again: nothing changes, and the message says so.
    audit = AuditEntry.objects.count()
    again = upload(client, budget, data)
    assert flash(again) == [
        "budget.xlsx innehöll inga ändringar: budgeten är redan som filen säger."
    ]
    assert AuditEntry.objects.count() == audit
    assert row_of(budget, planned.department, "PERS").amount_version == 1


def test_in_the_result_sign_amounts_and_what_is_left_turn(
    client, economist, budget, planned
) -> None:
    Municipality.objects.create(
        name="Örebro kommun", code="1880", presentation_sign=Municipality.Sign.RESULT
    )
    client.force_login(economist)
    wb = download(client, budget)
    ws = wb[workbook.SHEET]
    pers = sheet_line(wb, planned.department, "PERS")
    assert ws[f"C{pers}"].value == -1_000  # a net cost is negative
    assert ws[f"H{workbook.FRAME_ROW}"].value == -10_000
    # Positive is still money left: the rows less the frame.
    assert ws[f"H{workbook.REMAINING_ROW}"].value.endswith("+0-H5)")
    data = fill(
        wb, {(planned.department, "PERS", "H"): "−1 030", (planned.department, "INT", "H"): 102}
    )
    assert flash(upload(client, budget, data)) == ["2 värden från budget.xlsx är sparade."]
    assert row_of(budget, planned.department, "PERS").amount == Decimal(1_030_000)
    assert row_of(budget, planned.department, "INT").amount == Decimal(-102_000)


def test_a_cell_that_is_not_an_amount_names_its_row_and_nothing_is_saved(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    wb = download(client, budget)
    ovr = sheet_line(wb, planned.department, "OVR")
    data = fill(
        wb,
        {(planned.department, "PERS", "H"): 1_000, (planned.department, "OVR", "H"): "två hundra"},
    )
    messages = flash(upload(client, budget, data))
    assert messages[0] == "Filen sparades inte: 1 problem. Rätta det och ladda upp filen igen."
    assert messages[1].startswith(f"Blad Budget, rad {ovr} (Övriga kostnader), H{ovr}: ")
    assert "två hundra" in messages[1]
    assert not BudgetRow.objects.exists()
    assert not AuditEntry.objects.filter(field="amount").exists()


def test_a_too_large_amount_is_refused_naming_its_cell(client, economist, budget, planned) -> None:
    client.force_login(economist)
    wb = download(client, budget)
    pers = sheet_line(wb, planned.department, "PERS")
    data = fill(wb, {(planned.department, "PERS", "I"): "99 999 999 999 999"})
    messages = flash(upload(client, budget, data))
    assert messages[1].startswith(f"Blad Budget, rad {pers} (Personalkostnader), I{pers}: ")
    assert "högst" in messages[1]
    assert not BudgetRow.objects.exists()


def test_a_value_changed_after_the_download_is_a_conflict_and_nothing_is_overwritten(
    client, economist, controller, budget, planned
) -> None:
    client.force_login(economist)
    wb = download(client, budget)
    pers = sheet_line(wb, planned.department, "PERS")
    save(budget, planned.department, "PERS", Decimal(900_000), controller)
    data = fill(
        wb, {(planned.department, "PERS", "H"): 1_000, (planned.department, "OVR", "H"): 200}
    )
    messages = flash(upload(client, budget, data))
    assert len(messages) == 2
    assert messages[1].startswith(
        f"Blad Budget, rad {pers} (Personalkostnader), H{pers}: {controller}"
    )
    assert "900 tkr" in messages[1].replace("\u00a0", " ")
    assert row_of(budget, planned.department, "PERS").amount == Decimal(900_000)
    assert row_of(budget, planned.department, "OVR") is None  # all or nothing


def test_a_value_changed_while_the_upload_is_read_is_refused_naming_its_cell(
    client, economist, controller, budget, planned, monkeypatch
) -> None:
    """Someone saves between the check of the file and its saving: nothing is saved."""
    client.force_login(economist)
    wb = download(client, budget)
    ovr = sheet_line(wb, planned.department, "OVR")
    data = fill(
        wb, {(planned.department, "PERS", "H"): 1_000, (planned.department, "OVR", "H"): 200}
    )
    checked = excel_views.budget_upload_plan

    def check_then_save_elsewhere(upload, grid):
        result = checked(upload, grid)
        save(budget, planned.department, "OVR", Decimal(150_000), controller)
        return result

    monkeypatch.setattr(excel_views, "budget_upload_plan", check_then_save_elsewhere)
    messages = flash(upload(client, budget, data))
    assert messages[1].startswith(f"Blad Budget, rad {ovr} (Övriga kostnader), H{ovr} – ")
    assert row_of(budget, planned.department, "PERS") is None  # all or nothing
    assert row_of(budget, planned.department, "OVR").amount == Decimal(150_000)


def test_a_decided_budget_refuses_the_upload(client, economist, budget, planned) -> None:
    client.force_login(economist)
    data = fill(download(client, budget), {(planned.department, "PERS", "H"): 1_000})
    CommitteeBudget.objects.filter(pk=budget.pk).update(state=CommitteeBudget.State.DECIDED)
    messages = flash(upload(client, budget, data))
    assert messages == [Decided(budget).messages[0]]
    assert not BudgetRow.objects.exists()
    # And a workbook downloaded now is for reading only.
    ws = download(client, budget)[workbook.SHEET]
    assert ws["B8"].value.startswith("Endast läsning:")
    assert ws[f"H{sheet_line(ws.parent, planned.department, 'PERS')}"].protection.locked is True


def test_a_submitted_unit_refuses_its_rows_naming_them(client, economist, budget, planned) -> None:
    client.force_login(economist)
    wb = download(client, budget)
    sub = sheet_line(wb, planned.sub_unit, "PERS")
    BudgetRowSubmission.objects.create(budget=budget, unit=planned.sub_unit, state=State.SUBMITTED)
    data = fill(wb, {(planned.department, "PERS", "H"): 1_000, (planned.sub_unit, "PERS", "H"): 10})
    messages = flash(upload(client, budget, data))
    assert messages[1].startswith(f"Blad Budget, rad {sub} (Personalkostnader), H{sub}: ")
    assert "inlämnad" in messages[1]
    assert not BudgetRow.objects.exists()


def test_another_units_rows_are_refused(client, economist, controller, budget, planned) -> None:
    """The controller's workbook holds every unit; the economist may change only theirs."""
    client.force_login(controller)
    wb = download(client, budget)
    sibling = sheet_line(wb, planned.sibling, "PERS")
    data = fill(wb, {(planned.department, "PERS", "H"): 1_000, (planned.sibling, "PERS", "H"): 5})
    client.force_login(economist)
    messages = flash(upload(client, budget, data))
    assert len(messages) == 2
    assert messages[1].startswith(f"Blad Budget, rad {sibling} (Personalkostnader), H{sibling}: ")
    assert not BudgetRow.objects.exists()


def test_a_row_of_no_unit_or_line_of_the_budget_is_refused(
    client, economist, budget, planned
) -> None:
    """A key changed in the file, in the sheet and its hidden copy alike."""
    client.force_login(economist)
    wb = download(client, budget)
    pers = sheet_line(wb, planned.department, "PERS")
    meta = wb[workbook.META_SHEET]
    stranger = f"u{planned.other_root.pk}-g{line('PERS').pk}"
    for number in range(1, meta.max_row + 1):
        if meta[f"A{number}"].value == key(planned.department, "PERS"):
            meta[f"A{number}"] = stranger
    wb[workbook.SHEET][f"A{pers}"] = stranger
    messages = flash(upload(client, budget, fill(wb, {(planned.other_root, "PERS", "H"): 5})))
    assert messages[1] == (
        f"Blad Budget, rad {pers} (Personalkostnader), H{pers}: raden är inte en av budgetens "
        "rader som du får se."
    )
    assert not BudgetRow.objects.exists()


def test_a_typed_monthly_profile_must_add_up_to_the_budget(
    client, economist, budget, planned
) -> None:
    client.force_login(economist)
    wb = download(client, budget)
    months = wb[workbook.MONTHS_SHEET]
    number = sheet_line(wb, planned.department, "PERS", workbook.MONTHS_SHEET)
    for letter in workbook.MONTH_COLUMNS:
        months[f"{letter}{number}"] = 100
    months[f"O{number}"] = 101  # December: 1 201 tkr in all
    cells = {
        (planned.department, "PERS", "H"): 1_200,
        (planned.department, "PERS", "K"): "inmatad per månad",  # as typed, any case
    }
    messages = flash(upload(client, budget, fill(wb, cells)))
    assert messages[1].startswith(f"Blad Månadsprofil, rad {number} (Personalkostnader): ")
    assert "1\u00a0201" in messages[1]
    assert not BudgetRow.objects.exists()

    months[f"O{number}"] = 100
    response = upload(client, budget, fill(wb, cells))
    assert flash(response) == ["3 värden från budget.xlsx är sparade."]
    row = row_of(budget, planned.department, "PERS")
    assert row.profile == BudgetProfile.TYPED
    assert row.months == ["100000.00"] * 12
    again = upload(client, budget, fill(wb, cells))
    assert flash(again)[0].startswith("budget.xlsx innehöll inga ändringar")


def test_who_may_not_see_the_committee_gets_no_workbook(client, outsider, reader, budget) -> None:
    url = reverse("budget:plan-budget-xlsx")
    client.force_login(outsider)
    assert client.get(url, {"committee": budget.committee_id, "year": YEAR}).status_code == 403
    client.force_login(reader)
    ws = download(client, budget)[workbook.SHEET]
    assert ws["B8"].value.startswith("Endast läsning:")


def test_the_download_reads_a_fixed_number_of_queries(
    client, controller, budget, planned, django_assert_max_num_queries
) -> None:
    """However many units the committee has: 5, then 40."""
    client.force_login(controller)
    for count in (5, 40):
        for n in range(OrgUnit.objects.filter(committee=planned.committee).count(), count):
            unit = OrgUnitFactory(
                committee=planned.committee, parent=planned.administration, code=f"9{n:03d}"
            )
            save(budget, unit, "PERS", Decimal(1_000), controller)
        with django_assert_max_num_queries(26):
            wb = download(client, budget)
        assert len(wb[workbook.META_SHEET]["A"]) > count * 5


@pytest.mark.parametrize("name", ["budget.csv", "budget.xlsx"])
def test_a_file_that_is_no_budget_workbook_is_refused(client, economist, budget, name) -> None:
    client.force_login(economist)
    messages = flash(upload(client, budget, b"PK not really", name))
    assert len(messages) == 1 and name in messages[0]


def test_the_budget_page_offers_the_round_trip_to_whoever_may_enter(
    client, economist, reader, budget
) -> None:
    download_url = reverse("budget:plan-budget-xlsx")
    upload_url = reverse("budget:plan-budget-upload")
    client.force_login(economist)
    html = client.get(page_url(budget)).content.decode()
    assert download_url in html and f'action="{upload_url}"' in html
    client.force_login(reader)
    html = client.get(page_url(budget)).content.decode()
    assert download_url in html and upload_url not in html
