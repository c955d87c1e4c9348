"""Tertial is licensed under EUPL-1.2, which a municipality can adopt, and says so everywhere
a reader or a packaging tool looks."""

from __future__ import annotations

import re
import tomllib

from tests.manage_process import ROOT


def test_the_licence_is_the_eupl_1_2_in_full() -> None:
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("EUROPEAN UNION PUBLIC LICENCE v. 1.2\n")
    # Every article of the official text, and the appendix of compatible licences.
    for number, title in enumerate(
        [
            "Definitions",
            "Scope of the rights granted by the Licence",
            "Communication of the Source Code",
            "Limitations on copyright",
            "Obligations of the Licensee",
            "Chain of Authorship",
            "Disclaimer of Warranty",
            "Disclaimer of Liability",
            "Additional agreements",
            "Acceptance of the Licence",
            "Information to the public",
            "Termination of the Licence",
            "Miscellaneous",
            "Jurisdiction",
            "Applicable Law",
        ],
        start=1,
    ):
        assert re.search(rf"^{number}\.\s*{re.escape(title)}$", text, re.MULTILINE), title
    assert "‘Compatible Licences’ according to Article 5 EUPL are:" in text


def test_pyproject_and_readme_name_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "EUPL-1.2"
    readme = (ROOT / "README.md").read_text()
    section = readme.split("\n## Licence\n", 1)[1].split("\n## ", 1)[0]
    assert "EUPL-1.2" in section and "(LICENSE)" in section
