"""The council's frames: the allocation rule, the decision that freezes them on every route,
the history, conflicts and permissions."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.planning.frames import services
from budget.planning.frames.selectors import plan_history
from budget.planning.models import CouncilPlan, Decided, FinancialGoal, Frame, FrameAllocation
from municipality.editing.gate import EditConflict
from tests.budget.planning.frame_fixtures import decide, set_frame

pytestmark = pytest.mark.django_db
URL = reverse("budget:frames")


def _seed_002(plan, org, user):
    """Seed 002's allocations of Kommunstyrelsen, in kronor (a grant received negative)."""
    set_frame(plan, org.committee, 2027, 508_100_000, user)
    for name, amount in (
        ("Anslaget för kommungemensamt", 171_700_000),
        ("Statsbidrag", -134_400_000),
        ("Politisk kommunledning", 41_600_000),
        ("Kommunstyrelseförvaltningen", 429_200_000),
    ):
        services.allocation_add(
            plan=plan, committee=org.committee, year=2027, name=name, amount=Decimal(amount),
            user=user,
        )  # fmt: skip


def test_allocations_up_to_the_frame_are_kept(plan, org, controller):
    _seed_002(plan, org, controller)
    frame = Frame.objects.get(plan=plan, committee=org.committee, year=2027)
    assert sum(a.amount for a in frame.allocations.all()) == Decimal(508_100_000)


def test_an_allocation_beyond_the_frame_is_refused_naming_the_row(plan, org, controller):
    _seed_002(plan, org, controller)
    with pytest.raises(ValidationError) as refused:
        services.allocation_add(
            plan=plan, committee=org.committee, year=2027, name="Ny satsning",
            amount=Decimal(1000), user=controller,
        )  # fmt: skip
    text = refused.value.messages[0]
    assert "Kommunstyrelsen 2027" in text and "Ny satsning" in text
    assert not FrameAllocation.objects.filter(name="Ny satsning").exists()


def test_lowering_the_frame_below_its_allocations_is_refused(plan, org, controller):
    _seed_002(plan, org, controller)
    with pytest.raises(ValidationError, match="Kommunstyrelsen 2027"):
        set_frame(plan, org.committee, 2027, 500_000_000, controller)
    frame = Frame.objects.get(plan=plan, committee=org.committee, year=2027)
    assert frame.amount == Decimal(508_100_000)


def test_deciding_is_refused_while_allocations_exceed_the_frame(plan, org, controller):
    frame = services.frame_of(plan, org.committee, 2028)
    # Rows entered without a frame amount: the decision names the committee and the row.
    FrameAllocation.objects.create(frame=frame, name="Kommungemensamt", amount=Decimal(10))
    with pytest.raises(ValidationError, match=r"Kommunstyrelsen 2028.*Kommungemensamt"):
        decide(plan, controller)
    assert CouncilPlan.objects.get(pk=plan.pk).state == CouncilPlan.State.PROPOSAL


def test_deciding_needs_reference_and_date(plan, controller):
    with pytest.raises(ValidationError):
        services.council_plan_decide(plan=plan, reference=" ", decided_on=None, user=controller)
    with pytest.raises(ValidationError):
        services.council_plan_decide(
            plan=plan, reference="KF § 1", decided_on=None, user=controller
        )


@pytest.fixture
def decided(plan, org, controller):
    _seed_002(plan, org, controller)
    services.goal_add(
        plan=plan, text="Årets resultat minst 1 procent av skatteintäkterna",
        target_percent=Decimal(1), user=controller,
    )  # fmt: skip
    return decide(plan, controller)


def test_a_decided_plan_refuses_the_services(decided, org, controller):
    allocation = FrameAllocation.objects.filter(frame__plan=decided).first()
    goal = FinancialGoal.objects.get(plan=decided)
    attempts = [
        lambda: set_frame(decided, org.committee, 2027, 1, controller),
        lambda: services.allocation_add(
            plan=decided,
            committee=org.committee,
            year=2027,
            name="x",
            amount=None,
            user=controller,
        ),
        lambda: services.allocation_remove(allocation=allocation, user=controller),
        lambda: services.allocation_save(
            allocation=allocation, field="name", value="y", expected_version=0, user=controller
        ),
        lambda: services.goal_remove(goal=goal, user=controller),
        lambda: services.goal_save(
            goal=goal, field="text", value="y", expected_version=0, user=controller
        ),
        lambda: services.plan_index_save(
            plan=decided,
            field="price_index",
            value=Decimal(2),
            expected_version=0,
            user=controller,
        ),
        lambda: decide(decided, controller),
    ]
    for attempt in attempts:
        with pytest.raises(Decided):
            attempt()
    assert FrameAllocation.objects.filter(frame__plan=decided).count() == 4


def test_a_decided_plan_refuses_model_saves(decided):
    frame = Frame.objects.get(plan=decided, committee__short_code="KS", year=2027)
    allocation = frame.allocations.first()
    goal = FinancialGoal.objects.get(plan=decided)
    for record in (frame, allocation, goal, CouncilPlan.objects.get(pk=decided.pk)):
        with pytest.raises(Decided):
            record.save()
        with pytest.raises(Decided):
            record.delete()
    with pytest.raises(Decided):
        FrameAllocation.objects.create(frame=frame, name="x", amount=Decimal(1))


def test_a_decided_plan_refuses_the_pages(client, decided, org, controller):
    client.force_login(controller)
    frame = Frame.objects.get(plan=decided, committee=org.committee, year=2027)
    key = f"f-{org.committee.pk}-2027-amount"
    htmx = client.post(
        reverse("budget:frames-cell"),
        {"year": 2027, "key": key, key: "1", f"{key}-version": frame.amount_version},
        HTTP_HX_REQUEST="true",
    )
    assert htmx.status_code == 200 and "beslutad" in htmx.content.decode()
    plain = client.post(
        f"{URL}?year=2027",
        {"year": 2027, key: "1", f"{key}-version": frame.amount_version, f"{key}-original": "x"},
        follow=True,
    )
    assert plain.status_code == 200 and "beslutad" in plain.content.decode()
    added = client.post(
        reverse("budget:frames-allocation"),
        {"year": 2027, "committee": org.committee.pk, "plan_year": 2027, "name": "x"},
        follow=True,
    )
    assert added.status_code == 200 and "beslutad" in added.content.decode()
    page = client.get(f"{URL}?year=2027")
    assert 'name="reference"' not in page.content.decode()
    frame.refresh_from_db()
    assert frame.amount == Decimal(508_100_000)
    assert FrameAllocation.objects.filter(frame__plan=decided).count() == 4


def test_the_admin_shows_plans_but_changes_nothing(client, decided, operator):
    client.force_login(operator)
    url = reverse("admin:budget_councilplan_change", args=[decided.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision_reference": "ändrad"})
    assert response.status_code == 403
    assert CouncilPlan.objects.get(pk=decided.pk).decision_reference == "KF 2026-11-23 § 145"
    delete = client.post(
        reverse("admin:budget_councilplan_delete", args=[decided.pk]), {"post": "yes"}
    )
    assert delete.status_code == 403 and CouncilPlan.objects.filter(pk=decided.pk).exists()


def test_every_change_is_kept_with_who_when_old_and_new(plan, org, controller):
    set_frame(plan, org.committee, 2027, 100_000, controller)
    set_frame(plan, org.committee, 2027, 120_000, controller)
    allocation = services.allocation_add(
        plan=plan, committee=org.committee, year=2027, name="Kommungemensamt",
        amount=Decimal(50_000), user=controller,
    )  # fmt: skip
    services.allocation_remove(allocation=allocation, user=controller)
    decide(plan, controller)
    entries = list(plan_history(plan))
    frame_changes = [e for e in entries if e.field == "amount" and "Kommunstyrelsen" in e.label]
    assert [(e.old_value, e.new_value) for e in frame_changes] == [
        ("100000.00", "120000.00"),
        ("", "100000.00"),
    ]
    assert all(e.user == controller and e.at for e in entries)
    removed = next(e for e in entries if e.field == "allocations" and not e.new_value)
    assert removed.old_value == "Kommungemensamt: 50000.00"
    assert any(e.field == "state" and e.new_value == "decided" for e in entries)
    assert any(
        e.field == "decision_reference" and e.new_value == "KF 2026-11-23 § 145" for e in entries
    )


def test_the_history_page_lists_the_changes(client, plan, org, controller, reader):
    set_frame(plan, org.committee, 2027, 100_000, controller)
    client.force_login(reader)
    page = client.get(reverse("budget:frames-history") + "?year=2027")
    assert page.status_code == 200
    assert "100000.00" in page.content.decode() and str(controller) in page.content.decode()


def test_two_people_saving_the_same_figure_conflict(client, plan, org, controller):
    set_frame(plan, org.committee, 2027, 100_000, controller)  # version 1 now
    key = f"f-{org.committee.pk}-2027-amount"
    client.force_login(controller)
    response = client.post(
        reverse("budget:frames-cell"),
        {"year": 2027, "key": key, key: "999", f"{key}-version": 0},
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200 and "has-conflict" in text and "100" in text
    assert Frame.objects.get(plan=plan, committee=org.committee, year=2027).amount == 100_000
    with pytest.raises(EditConflict):
        set_frame(plan, org.committee, 2027, 5, controller) if False else services.frame_save(
            plan=plan, committee=org.committee, year=2027, field="amount", value=Decimal(5),
            expected_version=0, user=controller,
        )  # fmt: skip


def test_the_controller_saves_swedish_amounts_in_tkr(client, plan, org, controller):
    client.force_login(controller)
    key = f"f-{org.committee.pk}-2028-amount"
    for typed, kronor in (("-2 233", -2_233_000), ("−2 233", -2_233_000), ("1 234,5", 1_234_500)):
        version = Frame.objects.get(plan=plan, committee=org.committee, year=2028).amount_version
        response = client.post(
            reverse("budget:frames-cell"),
            {"year": 2027, "key": key, key: typed, f"{key}-version": version},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        assert Frame.objects.get(plan=plan, committee=org.committee, year=2028).amount == kronor
    assert "Summa ramar" in response.content.decode() or "Total frames" in response.content.decode()


def test_the_efficiency_requirement_is_an_amount_or_a_percent(plan, org, controller):
    set_frame(plan, org.committee, 2027, 14_300_000, controller, field="efficiency_amount")
    set_frame(plan, org.committee, 2027, "1.5", controller, field="efficiency_percent")
    frame = Frame.objects.get(plan=plan, committee=org.committee, year=2027)
    assert frame.efficiency_amount is None and frame.efficiency_percent == Decimal("1.5")


def test_too_large_an_amount_is_refused(client, plan, org, controller):
    client.force_login(controller)
    key = f"f-{org.committee.pk}-2027-amount"
    response = client.post(
        reverse("budget:frames-cell"),
        {"year": 2027, "key": key, key: "99 999 999 999 999 999", f"{key}-version": 0},
        HTTP_HX_REQUEST="true",
    )
    assert "has-error" in response.content.decode()
    assert Frame.objects.get(plan=plan, committee=org.committee, year=2027).amount is None


def test_only_the_controller_changes_frames(client, plan, org, economist, reader, outsider):
    key = f"f-{org.committee.pk}-2027-amount"
    data = {"year": 2027, "key": key, key: "5", f"{key}-version": 0}
    for user in (economist, reader):
        client.force_login(user)
        assert client.get(f"{URL}?year=2027").status_code == 200
        assert client.post(reverse("budget:frames-cell"), data).status_code == 403
        assert client.post(f"{URL}?year=2027", {**data, f"{key}-original": ""}).status_code == 403
        with pytest.raises(PermissionDenied):
            services.frame_save(
                plan=plan, committee=org.committee, year=2027, field="amount", value=Decimal(5),
                expected_version=0, user=user,
            )  # fmt: skip
    assert Frame.objects.get(plan=plan, committee=org.committee, year=2027).amount is None
    client.force_login(outsider)
    assert client.get(f"{URL}?year=2027").status_code == 403


def test_the_reader_reads_without_inputs(client, plan, org, controller, reader):
    set_frame(plan, org.committee, 2027, 171_700_000, controller)
    client.force_login(reader)
    text = client.get(f"{URL}?year=2027").content.decode()
    assert "171\xa0700" in text and "(tkr)" in text
    assert f'name="f-{org.committee.pk}-2027-amount"' not in text


def test_the_navigation_offers_planning(client, plan, reader, outsider):
    client.force_login(reader)
    text = client.get(f"{URL}?year=2027").content.decode()
    assert f'href="{URL}"' in text
    client.force_login(outsider)
    assert f'href="{URL}"' not in client.get(reverse("municipality:start")).content.decode()


def test_the_plain_form_saves_what_changed_and_names_a_conflict(client, plan, org, controller):
    set_frame(plan, org.committee, 2027, 100_000, controller)  # version 1 now
    ks, sn = f"f-{org.committee.pk}-2027-amount", f"f-{org.other_committee.pk}-2027-amount"
    index = "p-price_index"
    client.force_login(controller)
    response = client.post(
        f"{URL}?year=2027",
        {
            "year": 2027,
            ks: "300",
            f"{ks}-version": 0,
            f"{ks}-original": "",  # stale: someone saved
            sn: "1 234,5",
            f"{sn}-version": 0,
            f"{sn}-original": "",
            index: "2,5",
            f"{index}-version": 0,
            f"{index}-original": "",
        },
        follow=True,
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Kommunstyrelsen 2027" in text
    assert Frame.objects.get(plan=plan, committee=org.committee, year=2027).amount == 100_000
    assert Frame.objects.get(plan=plan, committee=org.other_committee, year=2027).amount == (
        1_234_500
    )
    assert CouncilPlan.objects.get(pk=plan.pk).price_index == Decimal("2.5")


def test_allocations_and_goals_are_added_and_removed_on_the_page(client, plan, org, controller):
    set_frame(plan, org.committee, 2027, 200_000_000, controller)
    client.force_login(controller)
    client.post(
        reverse("budget:frames-allocation"),
        {"year": 2027, "committee": org.committee.pk, "plan_year": 2027,
         "name": "Kommungemensamt", "amount": "171 700"},
    )  # fmt: skip
    allocation = FrameAllocation.objects.get()
    assert allocation.amount == Decimal(171_700_000) and allocation.frame.year == 2027
    refused = client.post(
        reverse("budget:frames-allocation"),
        {"year": 2027, "committee": org.committee.pk, "plan_year": 2027,
         "name": "Statsbidrag", "amount": "100 000"},
        follow=True,
    )  # fmt: skip
    assert "Statsbidrag" in refused.content.decode()
    assert FrameAllocation.objects.count() == 1
    client.post(reverse("budget:frames-allocation"), {"year": 2027, "remove": allocation.pk})
    assert not FrameAllocation.objects.exists()
    client.post(
        reverse("budget:frames-goal"),
        {"year": 2027, "text": "Självfinansieringsgrad", "target_percent": "70"},
    )
    goal = FinancialGoal.objects.get()
    assert goal.target_percent == Decimal(70)
    client.post(reverse("budget:frames-goal"), {"year": 2027, "remove": goal.pk})
    assert not FinancialGoal.objects.exists()
    fields = {e.field for e in plan_history(plan)}
    assert {"allocations", "financial_goals"} <= fields


def test_the_decision_on_the_page_needs_its_reference(client, plan, controller):
    client.force_login(controller)
    client.post(reverse("budget:frames-decide"), {"year": 2027, "decided_on": "2026-11-23"})
    assert CouncilPlan.objects.get(pk=plan.pk).state == CouncilPlan.State.PROPOSAL
    client.post(
        reverse("budget:frames-decide"),
        {"year": 2027, "reference": "KF 2026-11-23 § 145", "decided_on": "2026-11-23"},
    )
    decided = CouncilPlan.objects.get(pk=plan.pk)
    assert decided.is_decided and decided.decided_by == controller
    assert str(decided.decided_on) == "2026-11-23"
