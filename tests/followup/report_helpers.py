"""What the report tests share: a PDF's text as pdftotext reads it."""

from __future__ import annotations

import subprocess
from pathlib import Path


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text laid out as printed, with no-break spaces as plain ones."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return done.stdout.replace("\xa0", " ")
