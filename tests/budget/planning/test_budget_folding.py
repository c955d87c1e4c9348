"""A large committee's budget grid: every unit folded to one row of its sums, the user's own
few opened, a unit opened in place (htmx) or by its link (without JavaScript), the frame box
over every row, permissions, and a fixed number of queries folded and opened."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from budget.planning.budgets import services
from budget.planning.budgets.folding import FOLD_ABOVE
from municipality.models import OrgUnit, Role, RoleAssignment
from tests.budget.forecast_fixtures import budgets_build, line
from tests.budget.planning.budget_fixtures import HTMX, YEAR, cell, key, page_url
from tests.factories import OrgUnitFactory

NBSP = "\u00a0"


def _grow(planned, count: int) -> list[OrgUnit]:
    """Units below the administration until the committee has ``count``."""
    existing = OrgUnit.objects.filter(committee=planned.committee).count()
    return [
        OrgUnitFactory(
            committee=planned.committee,
            parent=planned.administration,
            code=f"9{n:03d}",
            name=f"Enhet {n}",
        )
        for n in range(existing, count)
    ]


@pytest.fixture
def large(planned):
    """Kommunstyrelsen grown past the threshold; its first new unit had 700 tkr of
    personnel costs budgeted last year."""
    grown = _grow(planned, FOLD_ABOVE + 5)
    budgets_build({grown[0]: {"PERS": 700}}, year=YEAR - 1)
    return grown


def _block(html: str, unit: OrgUnit) -> str:
    found = re.search(rf'<tbody id="u{unit.pk}".*?</tbody>', html, re.S)
    assert found, f"no block of {unit.code}"
    return found.group(0)


def _unit_url(budget, unit: OrgUnit) -> str:
    return reverse("budget:plan-budget-unit", args=[budget.pk, unit.pk])


def _save(budget, unit, code: str, field: str, tkr: int, user) -> None:
    services.budget_row_save(
        budget=budget,
        unit=unit,
        group=line(code),
        field=field,
        value=Decimal(tkr * 1000),
        expected_version=0,
        user=user,
    )


def test_a_large_committee_shows_every_unit_as_a_row_of_its_sums(
    client, controller, budget, planned, large
) -> None:
    unit = large[0]
    _save(budget, unit, "PERS", "amount", 750, controller)
    _save(budget, unit, "PERS", "plan1", 760, controller)
    _save(budget, unit, "PERS", "plan2", 770, controller)
    client.force_login(controller)
    html = client.get(page_url(budget)).content.decode()
    assert 'name="amount-' not in html  # every unit folded: the controller's are too many
    for other in OrgUnit.objects.filter(committee=planned.committee):
        assert "row-folded" in _block(html, other)
    folded = _block(html, unit)
    # Last year's budget, the proposal (+3 % wage index), the budget and the plan years.
    for tkr in ("700", "721", "750", "760", "770"):
        assert f">{tkr}<" in folded or f">−{tkr}<" in folded or f">-{tkr}<" in folded
    assert f'hx-get="{_unit_url(budget, unit)}"' in folded
    assert f"unit={unit.pk}#u{unit.pk}" in folded
    # The frame box counts every row, folded or not: 10 000 − 750 tkr.
    assert f"Kvar att fördela: 9{NBSP}250 tkr" in html


def test_the_economists_own_units_open_and_the_others_fold(
    client, economist, budget, planned, large
) -> None:
    RoleAssignment.objects.create(user=economist, role=Role.READER, unit=planned.administration)
    client.force_login(economist)
    html = client.get(page_url(budget)).content.decode()
    assert f'name="amount-{key(planned.department, "PERS")}"' in html
    assert f'name="amount-{key(planned.sub_unit, "PERS")}"' in html
    assert "row-folded" in _block(html, large[0])
    assert "row-folded" in _block(html, planned.sibling)


def test_a_folded_unit_opens_in_place_and_by_its_link(
    client, controller, budget, planned, large
) -> None:
    unit = large[0]
    client.force_login(controller)
    answer = client.get(_unit_url(budget, unit), **HTMX)
    assert answer.status_code == 200
    block = answer.content.decode()
    assert block.lstrip().startswith(f'<tbody id="u{unit.pk}" data-unit-block>')
    assert f'name="amount-{key(unit, "PERS")}"' in block
    assert f'hx-post="{reverse("budget:plan-budget-cell", args=[budget.pk])}"' in block
    # Without JavaScript: the page with that unit opened, the others folded; the plain form
    # comes back to it.
    html = client.get(f"{page_url(budget)}&unit={unit.pk}").content.decode()
    assert f'name="amount-{key(unit, "PERS")}"' in _block(html, unit)
    assert "row-folded" in _block(html, large[1])
    assert f'name="amount-{key(large[1], "PERS")}"' not in html
    assert f"year={YEAR}&amp;unit={unit.pk}&amp;unit={large[1].pk}#u{large[1].pk}" in html
    name = f"amount-{key(unit, 'PERS')}"
    saved = client.post(
        f"{page_url(budget)}&unit={unit.pk}",
        {name: "800", f"{name}-original": "", f"{name}-version": "0"},
    )
    assert saved.status_code == 302 and saved["Location"].endswith(f"&unit={unit.pk}")


def test_a_cell_saved_in_an_opened_unit_updates_the_frame_box(
    client, controller, budget, planned, large
) -> None:
    _save(budget, large[1], "PERS", "amount", 500, controller)  # a folded unit's row
    client.force_login(controller)
    answer = cell(client, budget, large[0], "PERS", "1 000").content.decode()
    assert f"Kvar att fördela: 8{NBSP}500 tkr" in answer
    assert f'id="sum-u{large[0].pk}"' in answer


def test_a_reader_reads_folded_and_opened_and_an_outsider_is_refused(
    client, reader, outsider, economist, controller, budget, planned, large
) -> None:
    _save(budget, large[0], "PERS", "amount", 1_234, controller)
    client.force_login(reader)
    html = client.get(page_url(budget)).content.decode()
    assert "row-folded" in _block(html, large[0]) and 'name="amount-' not in html
    block = client.get(_unit_url(budget, large[0]), **HTMX).content.decode()
    assert f"1{NBSP}234" in block and "<input" not in block
    opened = client.get(f"{page_url(budget)}&unit={large[0].pk}").content.decode()
    assert f"1{NBSP}234" in _block(opened, large[0]) and 'name="amount-' not in opened
    client.force_login(economist)  # sees Ekonomi and the unit below it, not the others
    assert client.get(_unit_url(budget, large[0]), **HTMX).status_code == 403
    assert client.get(_unit_url(budget, planned.other_root), **HTMX).status_code == 404
    client.force_login(outsider)
    assert client.get(page_url(budget)).status_code == 403
    assert client.get(_unit_url(budget, large[0]), **HTMX).status_code == 403
    client.logout()
    assert client.get(_unit_url(budget, large[0])).status_code == 302  # to the login


@pytest.mark.parametrize("count", [5, FOLD_ABOVE + 15])
def test_the_page_and_a_unit_read_a_fixed_number_of_queries(
    count, client, controller, budget, planned, django_assert_max_num_queries
) -> None:
    grown = _grow(planned, count)
    for unit in grown:
        _save(budget, unit, "PERS", "amount", 1, controller)
    client.force_login(controller)
    some = [planned.department, *grown[:3]]
    opened = "".join(f"&unit={unit.pk}" for unit in some)
    for url in (page_url(budget), page_url(budget) + opened):
        with django_assert_max_num_queries(28):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(19):
        assert client.get(_unit_url(budget, grown[-1]), **HTMX).status_code == 200
