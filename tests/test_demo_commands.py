"""What `make run` shows and what the README tells a reader to type, against the demo as
`make run` builds it: SQLite, in-process tasks, the current and the previous year."""

from __future__ import annotations

import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, get_commands, load_command_class

from tests.manage_process import ROOT, manage

README = ROOT / "README.md"
# A synopsis rather than a command: FILE, CODE, NAME, YEAR stand for what the reader supplies,
# [optional] parts and a|b choices.
_PLACEHOLDER = re.compile(r"\b(?:FILE|CODE|NAME|YEAR)\b|[\[\]|]")
# Examples that are checked against their command's options but not run, and why.
NOT_RUN = {
    "fetch_kolada": "asks Kolada's API over the network",
    "makemessages": "rewrites the translation catalogues",
    "createsuperuser": "asks for a password",
    "setup_municipality": "runs once, on an empty database: the demo's holds a municipality "
    "(tests/budget/test_setup_command.py runs it)",
}


@dataclass(frozen=True)
class Example:
    line: int
    command: str
    arguments: tuple[str, ...]
    synopsis: bool

    def __str__(self) -> str:
        return f"README.md:{self.line}: manage.py {self.command} {' '.join(self.arguments)}"


def _readme_code() -> Iterator[tuple[int, str]]:
    """(line number, code) for every line of the README's code blocks and every `code` span
    elsewhere, a span broken over lines joined again."""
    text = README.read_text()
    fenced = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
    for block in fenced.finditer(text):
        first = text.count("\n", 0, block.start(1)) + 1
        for offset, line in enumerate(block.group(1).splitlines()):
            yield first + offset, line
    prose = fenced.sub(lambda block: "\n" * block.group(0).count("\n"), text)
    for span in re.finditer(r"`([^`]+)`", prose):
        yield prose.count("\n", 0, span.start()) + 1, " ".join(span.group(1).split())


def readme_examples() -> list[Example]:
    """Every ``manage.py COMMAND ...`` in the README's code, without a shell comment after it."""
    examples = []
    for number, code in sorted(_readme_code()):
        for match in re.finditer(r"manage\.py ([a-z_]+)(.*)", code):
            rest = re.sub(r"\s+#.*$", "", match.group(2))
            examples.append(
                Example(
                    line=number,
                    command=match.group(1),
                    arguments=tuple(shlex.split(rest)),
                    synopsis=bool(_PLACEHOLDER.search(rest)),
                )
            )
    return examples


def _as_arguments(example: Example) -> list[str]:
    """A synopsis's arguments as a call: every optional part given, the first of each choice,
    a year for YEAR."""
    return [
        re.sub(r"\|.*$", "", token.strip("[]")).replace("YEAR", "2019")
        for token in example.arguments
    ]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], str]:
    """The demo as `make run` builds it (its environment, and what seed_demo printed)."""
    environ = {"DATA_DIR": str(tmp_path_factory.mktemp("make-run-data"))}
    migrated = manage("migrate", "--noinput", timeout=600, **environ)
    assert migrated.returncode == 0, migrated.stderr
    seeded = manage("seed_demo", timeout=1200, **environ)
    assert seeded.returncode == 0, seeded.stdout + seeded.stderr
    return environ, seeded.stdout + seeded.stderr


def test_seed_demo_prints_a_short_summary(demo) -> None:
    _, printed = demo
    lines = [line for line in printed.splitlines() if line.strip()]
    assert len(lines) < 30, printed
    for noise in ("Traceback", "WARNING", "ERROR", "Ignored"):
        assert noise not in printed, printed
    assert lines[0].startswith("Demo municipality created: Kalmar kommun")
    assert "Demo logins (password for all: tertial-demo):" in lines


def test_the_readme_has_examples_to_run() -> None:
    runnable = {e.command for e in readme_examples() if not e.synopsis} - set(NOT_RUN)
    assert {"render_report", "compute_proposals", "carry_over_goals"} <= runnable


def test_every_readme_example_names_a_command_and_its_options() -> None:
    commands = get_commands()
    wrong = []
    for example in readme_examples():
        if example.command not in commands:
            wrong.append(f"{example}: there is no such command")
            continue
        command = load_command_class(commands[example.command], example.command)
        parser = command.create_parser("manage.py", example.command)
        try:
            parser.parse_args(_as_arguments(example))
        except (CommandError, SystemExit) as error:  # argparse's exit on the command line
            wrong.append(f"{example}: {error}")
    assert not wrong, "\n".join(wrong)


def test_every_readme_example_runs_as_written_against_the_demo(demo, tmp_path: Path) -> None:
    environ, _ = demo
    failed = []
    for example in readme_examples():
        if example.synopsis or example.command in NOT_RUN:
            continue
        done = manage(example.command, *example.arguments, cwd=tmp_path, timeout=600, **environ)
        if done.returncode != 0:
            failed.append(f"{example}:\n{done.stderr.strip()[-2000:]}")
    assert not failed, "\n".join(failed)
