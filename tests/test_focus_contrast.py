"""The focus ring (static/css/tertial.css) is at least 2 px wide and contrasts 3:1 with every
background it may sit on (WCAG 2.4.7 and 1.4.11); the arithmetic itself is checked too."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.contrast import contrast_ratio

CSS = (Path(__file__).resolve().parents[1] / "static" / "css" / "tertial.css").read_text()


def _colour(name: str) -> str:
    found = re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}});", CSS)
    assert found, name
    return found.group(1)


def test_the_ratio_is_wcag_s() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#ffffff", "#ffffff") == 1


def test_the_ring_is_wide_and_drawn_in_the_focus_and_ink_colours() -> None:
    rule = re.search(r"^:focus-visible \{([^}]*)\}", CSS, flags=re.M)
    assert rule, "no site-wide :focus-visible rule"
    outline = re.search(r"outline:\s*(\d+)px solid var\(--focus\)", rule.group(1))
    band = re.search(r"box-shadow:\s*0 0 0 (\d+)px var\(--ink\)", rule.group(1))
    offset = re.search(r"outline-offset:\s*(\d+)px", rule.group(1))
    assert outline and band and offset
    assert int(outline.group(1)) >= 2
    assert int(band.group(1)) - int(offset.group(1)) >= 2  # the dark band shows 2 px or more


@pytest.mark.parametrize("background", ["paper", "wash", "grey-bg", "ok-bg", "bad-bg"])
def test_the_dark_band_stands_out_on_light_backgrounds(background: str) -> None:
    assert contrast_ratio(_colour("ink"), _colour(background)) >= 3


@pytest.mark.parametrize("background", ["brand-dark", "brand", "ink"])
def test_the_yellow_ring_stands_out_on_dark_backgrounds(background: str) -> None:
    assert contrast_ratio(_colour("focus"), _colour(background)) >= 3


def test_the_skip_link_comes_into_view_on_focus() -> None:
    hidden = re.search(r"^\.skip-link \{[^}]*left:\s*-\d+px", CSS, flags=re.M)
    shown = re.search(r"^\.skip-link:focus \{[^}]*left:\s*\.?\d", CSS, flags=re.M)
    assert hidden and shown
