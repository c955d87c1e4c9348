"""import_staff: an HR system's staff figures per unit and period into the staff indicators, and
the annual report's staff grid (seed 000, section 5) from them."""

from __future__ import annotations

import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import translation
from openpyxl import Workbook

from budget.ledger.imports.errors import ImportFailed
from followup.indicators.imports.staff import staff_apply, staff_import, staff_prepare
from followup.models import CommitteeGoal, GoalArea, Indicator, IndicatorValue
from followup.reports.render import report_pdf
from municipality.editing.models import AuditEntry
from municipality.models import Municipality, ReportingPeriod
from tests.factories import FiscalYearFactory, PeriodFactory, UserFactory
from tests.followup.factories import indicator_lineage
from tests.followup.report_helpers import pdf_text

# Seed 000, section 5: Kommunstyrelsens ansvar som anställningsmyndighet, 2017–2019.
SICK = {"T": ("4,9", "4,8", "4,4"), "K": ("4,9", "4,9", "4,9"), "M": ("4,8", "4,6", "3,0")}
SHORT = {"T": ("4,6", "5,6", "5,4"), "K": ("5,0", "6,1", "5,8"), "M": ("3,6", "4,3", "4,4")}
# Kommunledningskontoret's own figures, beside the municipality's.
UNIT_SICK = ("3,1", "2,9", "2,5")
HEADER = (
    "År;Månad;Enhet;Sjukfrånvaro totalt;Sjukfrånvaro kvinnor;Sjukfrånvaro män;"
    "Korttidssjukfrånvaro totalt;Korttidssjukfrånvaro kvinnor;Korttidssjukfrånvaro män"
)


def hr_rows() -> list[list[str]]:
    rows = []
    for i, year in enumerate((2017, 2018, 2019)):
        rows.append(
            [str(year), "12", "1880"] + [SICK[g][i] for g in "TKM"] + [SHORT[g][i] for g in "TKM"]
        )
        rows.append([str(year), "", "1000 Kommunledningskontoret", UNIT_SICK[i], "", ""])
    return rows


def hr_csv(rows: list[list[str]] | None = None) -> bytes:
    lines = [HEADER] + [";".join(row) for row in (rows or hr_rows())]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")  # as Excel saves CSV on Windows


def hr_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(";"))
    for row in hr_rows():
        # Numbers as numbers, as an HR system's Excel export has them.
        sheet.append(
            [int(row[0]), int(row[1]) if row[1] else None, row[2]]
            + [float(cell.replace(",", ".")) if cell else None for cell in row[3:]]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def staff(org) -> dict[str, list[Indicator]]:
    """Örebro, Kommunstyrelsen with Kommunledningskontoret (1000), and the two sick-leave
    indicators of seed 000 (2017–2019), "Minska", measuring a goal of Kommunstyrelsen."""
    Municipality.objects.create(name="Örebro kommun", code="1880")
    org.administration.valid_from = 2017
    org.administration.save()
    common = {
        "split_by_gender": True,
        "unit": Indicator.Unit.PERCENT,
        "decimals": 1,
        "direction": Indicator.Direction.LOWER,
        "target_kind": Indicator.TargetKind.DECREASE,
    }
    indicators = {
        "SJUK": indicator_lineage(
            [2017, 2018, 2019],
            code="SJUK",
            name="Sjukfrånvaro i procent av arbetstiden",
            order=1,
            **common,
        ),
        "SJUK-KORT": indicator_lineage(
            [2017, 2018, 2019], code="SJUK-KORT", name="Korttidssjukfrånvaro", order=2, **common
        ),
    }
    year = FiscalYearFactory(year=2019)
    area = GoalArea.objects.create(fiscal_year=year, name="Attraktiv arbetsgivare")
    goal = CommitteeGoal.objects.create(
        fiscal_year=year,
        committee=org.committee,
        goal_area=area,
        title="Örebro kommun ska vara en attraktiv arbetsgivare",
        owner_unit=org.administration,
    )
    for lineage in indicators.values():
        lineage[-1].committee_goals.add(goal)
    return indicators


@pytest.fixture
def annual(staff) -> ReportingPeriod:
    return PeriodFactory(
        fiscal_year=FiscalYearFactory(year=2019),
        kind=ReportingPeriod.Kind.ANNUAL,
        state=ReportingPeriod.State.OPEN,
    )


def stored() -> dict[tuple, Decimal]:
    return {
        (v.indicator.code, v.year, v.month, v.gender, v.org_unit.code if v.org_unit else ""): (
            v.value
        )
        for v in IndicatorValue.objects.select_related("indicator", "org_unit")
    }


def problems_of(data: bytes, name: str = "hr.csv") -> list[str]:
    with translation.override("en"):
        with pytest.raises(ImportFailed) as refused:
            staff_prepare(data, file_name=name)
        return [str(problem) for problem in refused.value.problems]


@pytest.mark.parametrize(("data", "name"), [(hr_csv, "hr.csv"), (hr_xlsx, "hr.xlsx")])
def test_the_hr_file_fills_the_annual_reports_staff_grid(
    staff, annual, org, tmp_path: Path, data, name
) -> None:
    user = UserFactory(username="hanna")
    result = staff_import(data(), file_name=name, user=user)

    assert result.written == 21  # 3 years × (3 + 3) for the municipality, 3 for the unit
    values = stored()
    assert values[("SJUK", 2019, 12, "M", "")] == Decimal("3.0")
    assert values[("SJUK-KORT", 2018, 12, "K", "")] == Decimal("6.1")
    assert values[("SJUK", 2017, 12, "T", "1000")] == Decimal("3.1")
    # Each value on its year's copy, every change kept with who and when.
    sick_2017 = staff["SJUK"][0]
    assert IndicatorValue.objects.filter(indicator=sick_2017).count() == 4
    assert AuditEntry.objects.filter(user=user).count() == 21
    assert {v.updated_by for v in IndicatorValue.objects.all()} == {user}

    with translation.override("sv"):
        text = pdf_text(report_pdf(annual, org.committee), tmp_path)
    lines = [" ".join(line.split()) for line in text.splitlines()]

    assert "Indikatorer Tot K/M Utfall 2017 Utfall 2018 Utfall 2019 Målvärde 2019" in lines
    for label, figures in (
        ("Sjukfrånvaro i procent av arbetstiden", SICK),
        ("Korttidssjukfrånvaro", SHORT),
    ):
        first = lines.index(f"{label} Tot {' '.join(figures['T'])} Minska")
        assert lines[first + 1] == f"K {' '.join(figures['K'])}"
        assert lines[first + 2] == f"M {' '.join(figures['M'])}"
    # The committee's top unit beside the municipality, under the same indicator.
    assert f"Kommunledningskontoret Tot {' '.join(UNIT_SICK)}" in lines


def test_the_long_layout_is_read_as_the_wide(staff) -> None:
    data = (
        "år;månad;enhet;mått;totalt;kvinnor;män\n"
        "2019;12;;Sjukfrånvaro;4,4;4,9;3,0\n"
        "2019;4;1000;korttidssjukfrånvaro;5,1;;\n"
    ).encode()
    staff_import(data, file_name="long.csv")
    assert stored() == {
        ("SJUK", 2019, 12, "T", ""): Decimal("4.4"),
        ("SJUK", 2019, 12, "K", ""): Decimal("4.9"),
        ("SJUK", 2019, 12, "M", ""): Decimal("3.0"),
        ("SJUK-KORT", 2019, 4, "T", "1000"): Decimal("5.1"),
    }


def test_a_setting_maps_a_measure_to_another_indicator(staff) -> None:
    indicator_lineage([2019], code="AA", name="Årsarbetare", unit=Indicator.Unit.COUNT)
    data = "År;Enhet;Årsarbetare totalt\n2019;1000;412,5\n".encode()
    with pytest.raises(ImportFailed):  # PERS-AA, the default, does not exist here
        staff_prepare(data, file_name="aa.csv")
    with override_settings(STAFF_INDICATOR_CODES={"årsarbetare": "AA"}):
        staff_import(data, file_name="aa.csv")
    assert stored() == {("AA", 2019, 12, "T", "1000"): Decimal("412.5")}


def test_importing_the_same_file_again_changes_nothing(staff) -> None:
    staff_import(hr_csv(), file_name="hr.csv")
    before = {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()}
    audits = AuditEntry.objects.count()

    prepared = staff_prepare(hr_csv(), file_name="hr.csv")
    assert prepared.result.written == 0
    result = staff_apply(prepared, user=None)

    assert result.written == 0
    assert {v.pk: (v.value, v.updated_at) for v in IndicatorValue.objects.all()} == before
    assert AuditEntry.objects.count() == audits


def test_a_changed_value_is_kept_with_the_old_one_in_the_history(staff) -> None:
    staff_import(hr_csv(), file_name="hr.csv")
    rows = hr_rows()
    rows[4][3] = "4,5"  # 2019's total sick leave, corrected
    user = UserFactory(username="hanna")
    result = staff_import(hr_csv(rows), file_name="hr.csv", user=user)
    assert result.written == 1
    assert stored()[("SJUK", 2019, 12, "T", "")] == Decimal("4.5")
    entry = AuditEntry.objects.get(user=user)
    assert (entry.old_value, entry.new_value) == ("4.4000", "4.5000")
    assert "Sjukfrånvaro i procent av arbetstiden" in entry.label


def test_the_preview_writes_nothing_and_the_command_applies(staff, tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_bytes(hr_csv())
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_staff", str(path), "--dry-run", stdout=out)
    assert "SJUK (2019): 4 created, 0 changed, 0 unchanged" in out.getvalue()
    assert "21 values would be written." in out.getvalue()
    assert "Dry run: nothing was written." in out.getvalue()
    assert not IndicatorValue.objects.exists()

    out = io.StringIO()
    with translation.override("en"):
        call_command("import_staff", str(path), stdout=out)
    assert "21 values written." in out.getvalue()
    assert IndicatorValue.objects.count() == 21


def test_a_bad_file_is_refused_whole_naming_each_line(staff) -> None:
    data = (
        (
            HEADER + "\n"
            "2019;12;1880;4,4;4,9;3,0;;;\n"  # good
            "2019;12;9999;4,4;;;;;\n"  # unknown unit
            "2019;13;1880;4,4;;;;;\n"  # no such month
            "2019;11;1880;104,4;;;;;\n"  # a percentage over 100
            "2019;10;1880;-1;;;;;\n"  # negative
            "2019;9;1880;fyra;;;;;\n"  # not a number
            "2019;12;1880;4,4;;;;;\n"  # the same as line 2
        ).encode()
    )
    assert problems_of(data) == [
        "Line 3: no unit has the code “9999” in 2019",
        "Line 4: the month “13” is not a number from 1 to 12",
        "Line 5: Sjukfrånvaro i procent av arbetstiden is a percentage and cannot be over 100 "
        "(104,4)",
        "Line 6: Sjukfrånvaro i procent av arbetstiden cannot be negative (-1)",
        "Line 7: the value “fyra” cannot be read",
        "Line 8: the same measure, period, unit and gender as on line 2",
    ]
    assert not IndicatorValue.objects.exists()


def test_a_file_without_measures_or_with_unknown_ones_is_refused(staff) -> None:
    problems = problems_of("År;Enhet;Lön\n2019;1000;1\n".encode())
    assert problems[0].startswith("Line 1: The header names no measure")
    problems = problems_of("år;enhet;mått;totalt\n2019;1000;Övertid;3\n".encode())
    assert problems == ["Line 2: unknown indicator “ÖVERTID”"]
    problems = problems_of("Enhet;Sjukfrånvaro totalt\n1000;3\n".encode())
    assert "missing: år" in problems[0]


def test_a_value_by_gender_of_an_indicator_not_split_is_refused(staff) -> None:
    indicator_lineage([2019], code="PERS", name="Antal anställda", unit=Indicator.Unit.COUNT)
    data = "År;Enhet;Antal anställda totalt;Antal anställda kvinnor\n2019;;10;6\n".encode()
    assert problems_of(data) == [
        "Line 2: “PERS” is not split by gender, so it has no value for women"
    ]


def test_a_locked_periods_values_cannot_be_changed(staff, annual) -> None:
    staff_import(hr_csv(), file_name="hr.csv")
    annual.state = ReportingPeriod.State.LOCKED
    annual.save()
    # The same file again changes nothing, and is no problem.
    assert staff_import(hr_csv(), file_name="hr.csv").written == 0
    rows = hr_rows()
    rows[4][3] = "4,5"  # 2019's total: in the locked Bokslut 2019
    rows[2][3] = "4,7"  # 2018's: no period of 2018 is locked
    problems = problems_of(hr_csv(rows))
    assert len(problems) == 1
    assert re.fullmatch(
        r"Line 6: .+ is locked after decision: the value of Sjukfrånvaro i procent av "
        r"arbetstiden for 2019 cannot be changed",
        problems[0],
    ), problems
    assert stored()[("SJUK", 2018, 12, "T", "")] == Decimal("4.8")


def test_a_lock_set_after_the_preview_refuses_the_apply(staff, annual) -> None:
    prepared = staff_prepare(hr_csv(), file_name="hr.csv")
    annual.state = ReportingPeriod.State.LOCKED
    annual.save()
    with pytest.raises(ImportFailed):
        staff_apply(prepared, user=None)
    assert not IndicatorValue.objects.exists()


def test_an_operator_without_the_right_to_import_is_refused(
    staff, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    UserFactory(username="reader")
    monkeypatch.setenv("LOGNAME", "reader")
    path = tmp_path / "hr.csv"
    path.write_bytes(hr_csv())
    with translation.override("en"), pytest.raises(CommandError, match="may not import"):
        call_command("import_staff", str(path), stdout=io.StringIO())
    assert not IndicatorValue.objects.exists()


def test_the_problems_are_named_in_swedish(staff) -> None:
    data = (HEADER + "\n2019;12;9999;4,4;;;;;\n2019;11;1880;104,4;;;;;\n").encode()
    with translation.override("sv"):
        with pytest.raises(ImportFailed) as refused:
            staff_prepare(data, file_name="hr.csv")
        problems = [str(problem) for problem in refused.value.problems]
    assert problems == [
        "Rad 2: ingen enhet har koden ”9999” 2019",
        "Rad 3: Sjukfrånvaro i procent av arbetstiden är en procentsats och kan inte vara över "
        "100 (104,4)",
    ]
