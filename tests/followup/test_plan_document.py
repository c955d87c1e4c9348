"""The plan document: the PDF read back with pdftotext carries seed 002's resource allocation,
efficiency requirement and indicator table; the plan page's queries do not grow with goals."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from followup.plans.render import plan_pdf

pytestmark = pytest.mark.django_db

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_the_pdf_carries_the_allocations_the_efficiency_and_the_indicators(
    plan_world,
    tmp_path,
) -> None:
    pdf = plan_pdf(plan_world.plan)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "plan.pdf").write_bytes(pdf)
    text = pdf_text(pdf, tmp_path)
    print(text)
    assert "Kommunstyrelsens plan med budget 2018" in text
    assert "Anslaget för kommungemensamt 171,7 mnkr" in text
    assert "14,3 mnkr" in text
