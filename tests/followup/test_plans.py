"""Nämndens plan med budget: its texts are saved with versions and an audit trail by their
assigned writers and the controller; it moves utkast → klar för beslut → beslutad, and once
decided it keeps its content and refuses every write, whatever the route."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from budget.planning.models import FrameAllocation
from followup.models import CommitteePlan, PlanPart, PlanText
from followup.plans.models import PlanDecided
from followup.plans.render import plan_pdf
from followup.plans.services import (
    plan_goals_fetch,
    plan_text_assign,
    plan_text_save,
    plan_writers,
)
from followup.plans.workflow import plan_set_state
from municipality.editing.gate import EditConflict, audit_trail

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
P = PlanPart


def url(name: str, plan: CommitteePlan) -> str:
    return reverse(f"followup:{name}", args=[plan.pk])


def text_of(plan: CommitteePlan, part: str) -> PlanText:
    return PlanText.objects.get(plan=plan, part=part)


def decide(plan: CommitteePlan, controller) -> CommitteePlan:
    plan_set_state(user=controller, plan=plan, state="ready")
    return plan_set_state(
        user=controller,
        plan=plan,
        state="decided",
        decision_reference="§ 1",
        decided_on=datetime.date(2018, 1, 16),
    )


# Texts, writers, conflicts ------------------------------------------------------------------


def test_the_assigned_writer_saves_a_part_with_its_audit_trail(
    client, plan_world, controller, economist
) -> None:
    plan = plan_world.plan
    assert economist in plan_writers(plan)
    plan_text_assign(user=controller, plan=plan, part=P.PRIORITIES, writer=economist)
    client.force_login(economist)
    response = client.post(
        url("plan-text-save", plan),
        {"part": P.PRIORITIES, "text": "<p>En hållbart växande kommun</p><script>x</script>",
         "text-version": "0"},
        **HTMX,
    )  # fmt: skip
    assert response.status_code == 200
    saved = text_of(plan, P.PRIORITIES)
    assert saved.text == "<p>En hållbart växande kommun</p>"
    assert (saved.text_version, saved.updated_by) == (1, economist)
    [entry] = audit_trail(saved, field="text")
    assert (entry.user, entry.old_value, entry.new_value) == (economist, "", saved.text)
    assert "Prioriterade" not in entry.label and "Färdriktning" in entry.label
    [assigned] = audit_trail(saved, field="writer")
    assert (assigned.user, assigned.new_value) == (controller, str(economist))
    # The page shows the part's history with who, old and new.
    page = client.get(url("plan", plan)).content.decode()
    assert 'id="history-p-priorities"' in page and "En hållbart växande kommun" in page


def test_a_stale_version_is_a_conflict_and_nothing_is_overwritten(
    client, plan_world, controller, economist
) -> None:
    plan = plan_world.plan
    plan_text_assign(user=controller, plan=plan, part=P.STAFF, writer=economist)
    plan_text_save(user=controller, plan=plan, part=P.STAFF, text="<p>Controllerns</p>",
                   expected_version=0)  # fmt: skip
    with pytest.raises(EditConflict) as conflict:
        plan_text_save(user=economist, plan=plan, part=P.STAFF, text="<p>Min</p>",
                       expected_version=0)  # fmt: skip
    assert conflict.value.by == controller
    client.force_login(economist)
    response = client.post(
        url("plan-text-save", plan),
        {"part": P.STAFF, "text": "<p>Min</p>", "text-version": "0"},
        **HTMX,
    )
    assert "yours was not saved" in response.content.decode() or "sparades inte" in (
        response.content.decode()
    )
    assert text_of(plan, P.STAFF).text == "<p>Controllerns</p>"
    assert audit_trail(text_of(plan, P.STAFF), field="text").count() == 1


def test_the_plain_form_saves_without_javascript(client, plan_world, controller) -> None:
    client.force_login(controller)
    response = client.post(
        url("plan-text-save", plan_world.plan),
        {"part": P.DECISION, "text": "<p>1. Planen fastställs.</p>", "text-version": "0"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#p-decision")
    assert text_of(plan_world.plan, P.DECISION).text == "<p>1. Planen fastställs.</p>"


def test_writers_write_only_what_they_are_assigned(
    client, plan_world, controller, economist, goal_owner, other_economist, reader, outsider
) -> None:
    plan = plan_world.plan
    plan_text_assign(user=controller, plan=plan, part=P.DEVELOPMENT, writer=economist)
    data = {"part": P.DEVELOPMENT, "text": "<p>Digitalisering</p>", "text-version": "0"}
    # The goal owner writes for the committee too, but this part is not theirs.
    for user in (goal_owner, other_economist, reader, outsider):
        client.force_login(user)
        assert client.post(url("plan-text-save", plan), data, **HTMX).status_code == 403
    with pytest.raises(PermissionDenied):
        plan_text_save(user=goal_owner, plan=plan, part=P.DEVELOPMENT, text="x",
                       expected_version=0)  # fmt: skip
    assert text_of(plan, P.DEVELOPMENT).text == ""
    client.force_login(economist)
    assert client.post(url("plan-text-save", plan), data, **HTMX).status_code == 200
    assert text_of(plan, P.DEVELOPMENT).text == "<p>Digitalisering</p>"
    # Another economist is no writer of the committee's and cannot be assigned.
    with pytest.raises(ValidationError):
        plan_text_assign(user=controller, plan=plan, part=P.STAFF, writer=other_economist)
    # Only the controller assigns.
    with pytest.raises(PermissionDenied):
        plan_text_assign(user=economist, plan=plan, part=P.STAFF, writer=economist)


def test_readers_read_the_plan_and_outsiders_are_refused(
    client, plan_world, controller, reader, other_economist, outsider
) -> None:
    plan = plan_world.plan
    plan_text_save(user=controller, plan=plan, part=P.RESOURCES, text="<p>Ramen räcker.</p>",
                   expected_version=0)  # fmt: skip
    client.force_login(reader)
    page = client.get(url("plan", plan))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Ramen räcker." in body and "<textarea" not in body
    assert client.get(url("plan-pdf", plan)).status_code == 200
    for user in (other_economist, outsider):
        client.force_login(user)
        assert client.get(url("plan", plan)).status_code == 403
        assert client.get(url("plan-pdf", plan)).status_code == 403


# Workflow and freezing ---------------------------------------------------------------------


def test_the_workflow_goes_to_ready_back_and_to_decided_with_reference_and_date(
    client, plan_world, controller, economist
) -> None:
    plan = plan_world.plan
    with pytest.raises(ValidationError):  # not straight from utkast
        plan_set_state(user=controller, plan=plan, state="decided", decision_reference="§ 1",
                       decided_on=datetime.date(2018, 1, 16))  # fmt: skip
    with pytest.raises(PermissionDenied):
        plan_set_state(user=economist, plan=plan, state="ready")
    client.force_login(controller)
    client.post(url("plan-state", plan), {"state": "ready"})
    assert CommitteePlan.objects.get(pk=plan.pk).state == "ready"
    client.post(url("plan-state", plan), {"state": "draft"})
    assert CommitteePlan.objects.get(pk=plan.pk).state == "draft"
    client.post(url("plan-state", plan), {"state": "ready"})
    client.post(url("plan-state", plan), {"state": "decided", "decision_reference": "§ 1"})
    assert CommitteePlan.objects.get(pk=plan.pk).state == "ready"  # no date: refused
    client.post(
        url("plan-state", plan),
        {"state": "decided", "decision_reference": "§ 1", "decided_on": "2018-01-16"},
    )
    decided = CommitteePlan.objects.get(pk=plan.pk)
    assert (decided.state, decided.decision_reference) == ("decided", "§ 1")
    assert (decided.decided_on, decided.decided_by) == (datetime.date(2018, 1, 16), controller)
    assert decided.frozen_at is not None and bytes(decided.pdf).startswith(b"%PDF")
    assert [e.new_value for e in audit_trail(decided, field="state")] == [
        "decided", "ready", "draft", "ready",
    ]  # fmt: skip


def test_a_decided_plan_keeps_its_content_after_the_goals_and_frames_change(
    client, plan_world, controller
) -> None:
    plan = plan_world.plan
    plan_text_save(user=controller, plan=plan, part=P.DECISION, text="<p>Planen fastställs.</p>",
                   expected_version=0)  # fmt: skip
    plan = decide(plan, controller)
    archived = bytes(plan.pdf)
    # The follow-up goes on: the goal is renamed, the allocation changed afterwards.
    plan_world.goal.title = "Ett helt annat mål"
    plan_world.goal.save()
    FrameAllocation.objects.filter(name="Anslaget för kommungemensamt").update(
        amount=Decimal("999900000")
    )
    client.force_login(controller)
    body = client.get(url("plan", plan)).content.decode()
    assert "Ekonomin är i balans" in body and "Ett helt annat mål" not in body
    assert "171,7" in body and "999,9" not in body
    assert "Förslag till beslut i Kommunstyrelsen den 16 januari 2018, § 1" in body
    assert plan_pdf(CommitteePlan.objects.get(pk=plan.pk)) == archived
    assert client.get(url("plan-pdf", plan)).content == archived


def test_a_decided_plan_refuses_every_write_on_every_route(
    client, plan_world, controller, economist, operator
) -> None:
    plan = plan_world.plan
    plan_text_assign(user=controller, plan=plan, part=P.STAFF, writer=economist)
    plan_text_save(user=economist, plan=plan, part=P.STAFF, text="<p>Före beslut</p>",
                   expected_version=0)  # fmt: skip
    plan = decide(plan, controller)
    # Services.
    for user in (controller, economist):
        with pytest.raises(PlanDecided):
            plan_text_save(user=user, plan=plan, part=P.STAFF, text="<p>Efter</p>",
                           expected_version=1)  # fmt: skip
    with pytest.raises(PlanDecided):
        plan_text_assign(user=controller, plan=plan, part=P.STAFF, writer=None)
    with pytest.raises(PlanDecided):
        plan_goals_fetch(user=controller, plan=plan)
    with pytest.raises(ValidationError):
        plan_set_state(user=controller, plan=plan, state="draft")
    # Views: the htmx save, the plain form, the writer, the state, the goals.
    client.force_login(controller)
    data = {"part": P.STAFF, "text": "<p>Efter</p>", "text-version": "1"}
    assert "ändras" in client.post(url("plan-text-save", plan), data, **HTMX).content.decode()
    client.post(url("plan-text-save", plan), data)
    client.post(url("plan-text-assign", plan), {"part": P.STAFF, "writer": ""})
    client.post(url("plan-state", plan), {"state": "draft"})
    client.post(url("plan-fetch-goals", plan))
    # The admin (the operator's): neither changed nor deleted.
    client.force_login(operator)
    change = reverse("admin:followup_committeeplan_change", args=[plan.pk])
    assert client.post(change, {"committee": plan.committee_id}).status_code == 403
    delete = reverse("admin:followup_committeeplan_delete", args=[plan.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # The models, as the last guard.
    stored = CommitteePlan.objects.get(pk=plan.pk)
    stored.state = "draft"
    with pytest.raises(PlanDecided):
        stored.save()
    with pytest.raises(PlanDecided):
        stored.delete()
    text = text_of(plan, P.STAFF)
    text.text = "<p>Efter</p>"
    with pytest.raises(PlanDecided):
        text.save()
    with pytest.raises(PlanDecided):
        PlanText.objects.create(plan=plan, part=P.DEVELOPMENT)
    stored = CommitteePlan.objects.get(pk=plan.pk)
    assert stored.state == "decided"
    assert text_of(plan, P.STAFF).text == "<p>Före beslut</p>"
    assert text_of(plan, P.STAFF).writer == economist
    assert not PlanText.objects.filter(plan=plan, part=P.DEVELOPMENT).exists()
