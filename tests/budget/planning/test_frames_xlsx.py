"""The frames workbook: download, edit with openpyxl, upload; named bad cells, all or
nothing, the same file twice, conflicts, a decided plan; and the page's query count."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from budget.planning.frames import services
from budget.planning.frames.xlsx import frames_upload, frames_workbook
from budget.planning.models import Decided, Frame, FrameAllocation
from municipality.models import Committee
from tests.budget.planning.frame_fixtures import decide, set_frame
from tests.factories import CommitteeFactory

pytestmark = pytest.mark.django_db


def _row(ws, label: str) -> int:
    return next(r for r in range(1, ws.max_row + 1) if ws[f"B{r}"].value == label)


def _edited(data: bytes, edits: dict[tuple[str, str], object]) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["Ramar"]
    for (label, column), value in edits.items():
        ws[f"{column}{_row(ws, label)}"] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.fixture
def with_allocation(plan, org, controller):
    set_frame(plan, org.committee, 2027, 500_000_000, controller)
    return services.allocation_add(
        plan=plan, committee=org.committee, year=2027, name="Kommungemensamt",
        amount=Decimal(171_700_000), user=controller,
    )  # fmt: skip


def _frame(org, year=2027) -> Frame:
    return Frame.objects.get(committee=org.committee, year=year)


def test_the_round_trip_saves_the_edits_and_twice_changes_nothing(
    client, plan, org, controller, with_allocation
):
    client.force_login(controller)
    download = client.get(reverse("budget:frames-download") + "?year=2027")
    assert download.status_code == 200
    data = _edited(
        download.content,
        {("Kommunstyrelsen", "D"): 510_000, ("Kommungemensamt", "C"): "171 800",
         ("Socialnämnden", "E"): "−2 233"},
    )  # fmt: skip
    assert frames_upload(plan=plan, data=data, user=controller) == (3, [])
    assert _frame(org, 2028).amount == Decimal(510_000_000)
    assert FrameAllocation.objects.get().amount == Decimal(171_800_000)
    assert Frame.objects.get(committee=org.other_committee, year=2029).amount == -2_233_000
    versions = list(Frame.objects.values_list("amount_version", flat=True).order_by("pk"))
    response = client.post(
        reverse("budget:frames-upload"),
        {"year": 2027, "file": io.BytesIO(data)},
        follow=True,
    )
    assert response.status_code == 200
    assert list(Frame.objects.values_list("amount_version", flat=True).order_by("pk")) == versions


def test_a_bad_cell_names_its_row_and_nothing_is_saved(plan, org, controller, with_allocation):
    data = _edited(
        frames_workbook(plan),
        {("Kommunstyrelsen", "D"): 510_000, ("Socialnämnden", "C"): "mycket"},
    )
    saved, problems = frames_upload(plan=plan, data=data, user=controller)
    assert saved == 0 and len(problems) == 1
    row = _row(load_workbook(io.BytesIO(data))["Ramar"], "Socialnämnden")
    assert problems[0].startswith(f"Bladet Ramar, rad {row} (Socialnämnden 2027, ram): C{row}:")
    assert "mycket" in problems[0]
    assert _frame(org, 2028).amount is None


def test_too_large_an_amount_is_refused(plan, org, controller, with_allocation):
    data = _edited(frames_workbook(plan), {("Kommunstyrelsen", "D"): "99 999 999 999 999 999"})
    saved, problems = frames_upload(plan=plan, data=data, user=controller)
    assert saved == 0 and "Kommunstyrelsen" in problems[0]


def test_an_allocation_beyond_the_frame_rolls_back_everything(
    plan, org, controller, with_allocation
):
    data = _edited(
        frames_workbook(plan),
        {("Kommunstyrelsen", "D"): 1000, ("Kommungemensamt", "C"): 600_000},
    )
    saved, problems = frames_upload(plan=plan, data=data, user=controller)
    assert saved == 0 and "Kommungemensamt" in problems[0]
    assert _frame(org, 2028).amount is None
    assert FrameAllocation.objects.get().amount == Decimal(171_700_000)


def test_a_value_changed_after_the_download_is_a_conflict(plan, org, controller, with_allocation):
    data = _edited(frames_workbook(plan), {("Kommunstyrelsen", "C"): 400_000})
    set_frame(plan, org.committee, 2027, 450_000_000, controller)
    saved, problems = frames_upload(plan=plan, data=data, user=controller)
    assert saved == 0 and "Kommunstyrelsen" in problems[0] and "450" in problems[0]
    assert _frame(org).amount == Decimal(450_000_000)


def test_a_decided_plan_refuses_the_upload(client, plan, org, controller, with_allocation):
    data = _edited(frames_workbook(plan), {("Kommunstyrelsen", "D"): 1})
    decide(plan, controller)
    plan.refresh_from_db()
    with pytest.raises(Decided):
        frames_upload(plan=plan, data=data, user=controller)
    client.force_login(controller)
    response = client.post(
        reverse("budget:frames-upload"), {"year": 2027, "file": io.BytesIO(data)}, follow=True
    )
    assert response.status_code == 200
    assert _frame(org, 2028).amount is None


def test_the_page_reads_a_constant_number_of_queries(
    client, plan, org, controller, django_assert_max_num_queries
):
    def load(count: int) -> None:
        start = Committee.objects.count()
        for i in range(start, count):
            committee = CommitteeFactory(name=f"Nämnd {i}", short_code=f"N{i}")
            set_frame(plan, committee, 2027, 1000 * (i + 1), controller)
            services.allocation_add(
                plan=plan, committee=committee, year=2028, name="Anslag", amount=None,
                user=controller,
            )  # fmt: skip

    client.force_login(controller)
    load(3)
    with django_assert_max_num_queries(20) as few:
        assert client.get(reverse("budget:frames") + "?year=2027").status_code == 200
    load(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("budget:frames") + "?year=2027")
    assert response.content.decode().count('class="committee-row"') == 30


def test_a_frame_and_its_allocation_lowered_together_are_checked_at_the_end(
    plan, org, controller, with_allocation
):
    data = _edited(
        frames_workbook(plan),
        {("Kommunstyrelsen", "C"): 150_000, ("Kommungemensamt", "C"): 140_000},
    )
    assert frames_upload(plan=plan, data=data, user=controller) == (2, [])
    assert _frame(org).amount == Decimal(150_000_000)
    assert FrameAllocation.objects.get().amount == Decimal(140_000_000)


def test_the_efficiency_requirement_is_an_amount_or_a_percentage_in_the_sheet(
    plan, org, controller
):
    set_frame(plan, org.committee, 2027, 14_300_000, controller, field="efficiency_amount")
    both = _edited(frames_workbook(plan), {("Effektiviseringskrav (%)", "C"): "1,5"})
    saved, problems = frames_upload(plan=plan, data=both, user=controller)
    assert saved == 0 and "Kommunstyrelsen 2027" in problems[0]
    switched = _edited(
        frames_workbook(plan),
        {("Effektiviseringskrav (%)", "C"): "1,5", ("Effektiviseringskrav (tkr)", "C"): None},
    )
    assert frames_upload(plan=plan, data=switched, user=controller) == (2, [])
    frame = _frame(org)
    assert frame.efficiency_amount is None and frame.efficiency_percent == Decimal("1.5")
