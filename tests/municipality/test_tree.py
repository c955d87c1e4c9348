from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from municipality.models import OrgUnit
from municipality.organisation.selectors import unit_ancestors, unit_subtree, units_in_tree_order
from tests.factories import OrgUnitFactory


def _deep_tree(committee, depth: int, width: int) -> OrgUnit:
    root = OrgUnitFactory(committee=committee)
    level = [root]
    for _ in range(depth):
        level = [OrgUnitFactory(committee=committee, parent=p) for p in level for _ in range(width)]
    return root


def test_subtree_is_one_query(org, django_assert_num_queries) -> None:
    root = _deep_tree(org.committee, depth=3, width=3)  # 1 + 3 + 9 + 27 units
    with django_assert_num_queries(1):
        units = list(unit_subtree(root))
    assert len(units) == 40
    assert units[0] == root
    assert all(unit.path.startswith(root.path) for unit in units)
    # Tree order: every unit comes after its parent.
    seen: set[int] = set()
    for unit in units:
        assert unit.parent_id is None or unit.parent_id in seen
        seen.add(unit.pk)


def test_subtree_without_self_and_of_a_leaf(org) -> None:
    assert list(unit_subtree(org.department, include_self=False)) == [org.sub_unit]
    assert list(unit_subtree(org.sub_unit)) == [org.sub_unit]


def test_ancestors_are_one_query_root_first(org, django_assert_num_queries) -> None:
    with django_assert_num_queries(1):
        ancestors = list(unit_ancestors(org.sub_unit))
    assert ancestors == [org.administration, org.department]
    assert list(unit_ancestors(org.administration)) == []


def test_paths_and_depths(org) -> None:
    assert org.administration.path == f"/{org.administration.pk}/"
    assert org.sub_unit.path == f"/{org.administration.pk}/{org.department.pk}/{org.sub_unit.pk}/"
    assert (org.administration.depth, org.department.depth, org.sub_unit.depth) == (0, 1, 2)


def test_moving_a_unit_moves_its_subtree(org) -> None:
    org.department.parent = org.sibling
    org.department.save()
    org.sub_unit.refresh_from_db()
    assert org.sub_unit.path == (
        f"/{org.administration.pk}/{org.sibling.pk}/{org.department.pk}/{org.sub_unit.pk}/"
    )
    assert org.sub_unit.depth == 3
    assert set(unit_subtree(org.sibling)) == {org.sibling, org.department, org.sub_unit}


def test_a_unit_cannot_be_placed_under_its_own_subtree(org) -> None:
    org.department.parent = org.sub_unit
    with pytest.raises(ValidationError, match="under sig själv"):
        org.department.full_clean()


def test_parent_must_be_in_the_same_committee(org) -> None:
    unit = OrgUnit(
        committee=org.other_committee,
        parent=org.department,
        code="X1",
        name="X",
        kind=OrgUnit.Kind.UNIT,
        valid_from=2018,
    )
    with pytest.raises(ValidationError, match="samma nämnd"):
        unit.full_clean()


def test_codes_are_unique_within_overlapping_years(org) -> None:
    clash = OrgUnit(
        committee=org.committee,
        code=org.department.code,
        name="Kopia",
        kind=OrgUnit.Kind.UNIT,
        valid_from=2019,
    )
    with pytest.raises(ValidationError, match="kod"):
        clash.full_clean()
    org.department.valid_to = 2018
    org.department.save()
    org.sub_unit.valid_to = 2018
    org.sub_unit.save()
    clash.full_clean()  # from 2019 on, the code is free again


def test_tree_order_follows_the_sibling_order(org) -> None:
    late = OrgUnitFactory(
        committee=org.committee, parent=org.administration, code="0999", name="Först", order=0
    )
    org.department.order, org.sibling.order = 20, 10
    org.department.save()
    org.sibling.save()
    ordered = units_in_tree_order(unit_subtree(org.administration))
    assert ordered == [org.administration, late, org.sibling, org.department, org.sub_unit]
    # Without the administration (not visible), subtrees still stay together.
    partial = units_in_tree_order([org.sub_unit, org.sibling, org.department])
    assert partial == [org.sibling, org.department, org.sub_unit]
