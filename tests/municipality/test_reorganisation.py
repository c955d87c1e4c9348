"""Units move between years; each year keeps the tree it was reported in."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from municipality.access.policy import Action, can
from municipality.models import OrgUnit, Role, RoleAssignment
from municipality.organisation.selectors import unit_subtree, units_in_year
from municipality.people.services import unit_reorganise


def test_a_department_moves_to_another_committee(org, economist) -> None:
    moved = unit_reorganise(unit=org.department, year=2019, parent=org.other_root)

    org.department.refresh_from_db()
    org.sub_unit.refresh_from_db()
    assert (org.department.valid_to, org.sub_unit.valid_to) == (2018, 2018)
    assert moved.committee == org.other_committee
    assert moved.parent == org.other_root
    assert (moved.code, moved.name, moved.valid_from) == (org.department.code, "Ekonomi", 2019)
    assert moved.predecessor == org.department

    [moved_child] = unit_subtree(moved, include_self=False)
    assert moved_child.predecessor == org.sub_unit
    assert moved_child.code == org.sub_unit.code

    # 2018's tree is as it was; 2019's has Ekonomi under Socialförvaltningen.
    tree_2018 = {u.code: u for u in units_in_year(2018)}
    tree_2019 = {u.code: u for u in units_in_year(2019)}
    assert tree_2018["1030"].committee == org.committee
    assert tree_2019["1030"].committee == org.other_committee
    assert tree_2019["1031"].path.startswith(org.other_root.path)
    assert set(unit_subtree(org.administration)) & set(OrgUnit.objects.valid_in(2019)) == {
        org.administration,
        org.sibling,
    }


def test_roles_follow_the_moved_unit(org, economist, open_period) -> None:
    moved = unit_reorganise(unit=org.department, year=2019, parent=org.other_root)
    grants = RoleAssignment.objects.filter(user=economist, role=Role.ECONOMIST)
    assert {g.unit for g in grants} == {org.department, moved}
    economist._tertial_grants = None
    assert can(economist, Action.EDIT_FORECAST, unit=moved, period=open_period)


def test_moving_within_the_committee(org) -> None:
    moved = unit_reorganise(unit=org.sub_unit, year=2019, parent=org.sibling)
    assert moved.committee == org.committee
    assert moved.path == f"{org.sibling.path}{moved.pk}/"


@pytest.mark.parametrize("year", [2018, 2017])
def test_reorganisation_needs_a_year_after_the_start(org, year: int) -> None:
    with pytest.raises(ValidationError):
        unit_reorganise(unit=org.department, year=year, parent=org.sibling)


def test_cannot_move_under_itself(org) -> None:
    with pytest.raises(ValidationError, match="under sig själv"):
        unit_reorganise(unit=org.department, year=2019, parent=org.sub_unit)


def test_new_parent_must_be_valid_that_year(org) -> None:
    org.sibling.valid_to = 2018
    org.sibling.save()
    with pytest.raises(ValidationError, match="inte giltig"):
        unit_reorganise(unit=org.department, year=2019, parent=org.sibling)
