"""The shape of the code: module and function sizes, and private names kept private.

The import direction between the apps and the absence of cycles are import-linter's
(``lint-imports``, configured in ``pyproject.toml``); the types are mypy's. Both run in CI.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("config", "municipality", "budget", "followup", "demo")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def application_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    )


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def test_the_apps_have_modules() -> None:
    assert len(application_modules()) > 100


@pytest.mark.parametrize("path", application_modules(), ids=module_name)
def test_no_module_is_over_400_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{module_name(path)} has {lines} lines"


@pytest.mark.parametrize("path", application_modules(), ids=module_name)
def test_no_function_is_over_80_lines(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines, from line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno is not None
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"{module_name(path)}: {', '.join(long)}"


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


@pytest.mark.parametrize("path", application_modules(), ids=module_name)
def test_no_private_name_is_imported_from_another_module(path: Path) -> None:
    """A name with a leading underscore is its module's own; others get a public one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    borrowed = [
        f"{node.module}.{alias.name} (line {node.lineno})"
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
        for alias in node.names
        if is_private(alias.name)
    ]
    assert not borrowed, f"{module_name(path)} imports {', '.join(borrowed)}"
