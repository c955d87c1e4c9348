"""`make test` installs every system package the suite and the code under test use.

The Makefile's SYSTEM_PACKAGES names the Debian packages; `make test` installs those missing.
Here every program the code runs (``subprocess``, ``shutil.which``), every system file it names
(``/usr/bin/chromium``, the fonts the report CSS embeds) and every shared library WeasyPrint
loads must come from one of those packages or from a package they depend on, so that a fresh
machine cannot miss one that was installed here by hand.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_NOT_SOURCE = {".venv", ".git", "node_modules", "staticfiles", "data", "test-artifacts"}
_RUNNERS = {
    ("subprocess", name) for name in ("run", "Popen", "call", "check_call", "check_output")
} | {("shutil", "which"), ("os", "system")}
_SYSTEM_PATH = re.compile(r"(?:file://)?(/usr/(?:bin|sbin|lib|share)/[\w./+-]+)")

debian_only = pytest.mark.skipif(
    shutil.which("dpkg-query") is None, reason="not a Debian system: no package to check against"
)


def makefile_system_packages() -> set[str]:
    text = (ROOT / "Makefile").read_text().replace("\\\n", " ")
    match = re.search(r"^SYSTEM_PACKAGES\s*:?=(.*)$", text, re.MULTILINE)
    assert match, "the Makefile has no SYSTEM_PACKAGES"
    return set(match.group(1).split())


def _sources(*suffixes: str) -> Iterator[Path]:
    for folder, folders, files in os.walk(ROOT):
        folders[:] = [name for name in folders if name not in _NOT_SOURCE]
        yield from (Path(folder, name) for name in files if name.endswith(suffixes))


def _dotted(node: ast.AST) -> tuple[str, ...]:
    if isinstance(node, ast.Attribute):
        return (*_dotted(node.value), node.attr)
    if isinstance(node, ast.Name):
        return (node.id,)
    return ()


def _program(call: ast.Call, tree: ast.Module) -> ast.AST | None:
    """The expression naming the program a runner call runs: the first element of its argument
    list, looked through a local name assigned a list."""
    if not call.args:
        return None
    first = call.args[0]
    if isinstance(first, ast.Name):
        lists = [
            node.value
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.List | ast.Tuple)
            and any(isinstance(t, ast.Name) and t.id == first.id for t in node.targets)
        ]
        first = lists[0] if len(lists) == 1 else first
    if isinstance(first, ast.List | ast.Tuple):
        return first.elts[0] if first.elts else None
    return first


def used_programs_and_paths() -> tuple[dict[str, str], dict[str, str], list[str]]:
    """(program name -> where, system path -> where, runner calls whose program is unclear)."""
    programs: dict[str, str] = {}
    paths: dict[str, str] = {}
    unclear: list[str] = []
    overridden: set[int] = set()  # a default that a set environment variable replaces
    for source in _sources(".py"):
        tree = ast.parse(source.read_text(), filename=str(source))
        where = str(source.relative_to(ROOT))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _dotted(node.func)[-2:] in _RUNNERS:
                program = _program(node, tree)
                here = f"{where}:{node.lineno}"
                if isinstance(program, ast.Constant) and isinstance(program.value, str):
                    programs.setdefault(program.value.split()[0], here)
                elif _dotted(program) != ("sys", "executable") and node.func.attr != "which":
                    unclear.append(here)  # shutil.which(variable) only looks
            elif _dotted(getattr(node, "func", ast.Name(""))) in {
                ("os", "environ", "get"),
                ("os", "getenv"),
            }:
                # CHROMIUM=... names another browser: that one is the caller's affair.
                name, *default = node.args
                if default and isinstance(name, ast.Constant) and name.value in os.environ:
                    overridden.add(id(default[0]))
            elif (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and id(node) not in overridden
            ):
                for match in _SYSTEM_PATH.finditer(node.value):
                    paths.setdefault(match.group(1), f"{where}:{node.lineno}")
    for source in _sources(".css", ".html"):
        for number, line in enumerate(source.read_text().splitlines(), start=1):
            for match in _SYSTEM_PATH.finditer(line):
                paths.setdefault(match.group(1), f"{source.relative_to(ROOT)}:{number}")
    return programs, paths, unclear


def weasyprint_libraries() -> list[str]:
    """The system shared libraries a PDF rendering loads beyond what Python and the Python
    packages WeasyPrint stands on load themselves."""
    script = """
import sys, ctypes, ssl, lzma, bz2, zlib, uuid, cffi, PIL.Image, fontTools.ttLib, pydyf
def loaded():
    return {line.split()[-1] for line in open("/proc/self/maps") if ".so" in line.split()[-1]}
before = loaded()
from weasyprint import HTML
HTML(string="<p>Tertial</p>").write_pdf()
for path in sorted(loaded() - before):
    if not path.startswith((sys.prefix, sys.base_prefix)):
        print(path)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return done.stdout.split()


def owning_package(path: str) -> str | None:
    """The Debian package that installed ``path`` (or the file it links to), if any."""
    real = os.path.realpath(path)
    candidates = [path, real, *(re.sub(r"^/usr/", "/", p) for p in (path, real))]
    for candidate in dict.fromkeys(candidates):
        done = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
        for line in done.stdout.splitlines():
            if not line.startswith("diversion") and ": " in line:
                return line.split(": ")[0].split(",")[0].split(":")[0].strip()
    return None


def installed_with(packages: set[str]) -> set[str]:
    """The packages, Debian's essential ones (always there), and everything installing them
    pulls in (their dependencies, recursively)."""
    listing = subprocess.run(
        [
            "dpkg-query",
            "-W",
            "-f",
            "${Package}\t${Essential}\t${Provides}\t${Pre-Depends}, ${Depends}\n",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    depends: dict[str, set[str]] = {}
    providers: dict[str, set[str]] = {}
    todo = list(packages)
    for line in listing.splitlines():
        package, essential, provides, needs = line.split("\t")
        if essential == "yes":
            todo.append(package)
        names = {re.split(r"[\s(:]", part.strip())[0] for part in re.split(r"[,|]", needs)}
        depends[package] = names - {""}
        for virtual in re.split(r",", provides):
            if virtual.strip():
                providers.setdefault(re.split(r"[\s(:]", virtual.strip())[0], set()).add(package)
    seen: set[str] = set()
    while todo:
        package = todo.pop()
        if package in seen:
            continue
        seen.add(package)
        for need in depends.get(package, set()):
            todo.extend(providers.get(need, set()) | ({need} if need in depends else set()))
    return seen


def test_every_program_runs_through_a_name_this_test_can_read() -> None:
    *_, unclear = used_programs_and_paths()
    assert not unclear, "Cannot tell which program these calls run:\n" + "\n".join(unclear)


@debian_only
def test_what_the_code_runs_and_reads_comes_from_a_package_make_test_installs() -> None:
    listed = makefile_system_packages()
    allowed = installed_with(listed)
    programs, paths, _ = used_programs_and_paths()
    needed = {
        **{f"program {name}": (shutil.which(name), where) for name, where in programs.items()},
        **{f"file {path}": (path, where) for path, where in paths.items()},
        **{f"library {path}": (path, "WeasyPrint") for path in weasyprint_libraries()},
    }
    problems = []
    for what, (path, where) in sorted(needed.items()):
        if path is None or not os.path.exists(path):
            problems.append(f"{what} ({where}) is not installed")
            continue
        package = owning_package(path)
        if package not in allowed:
            problems.append(f"{what} ({where}) comes from {package or 'no Debian package'}")
    assert not problems, (
        "`make test` installs the Makefile's SYSTEM_PACKAGES ("
        + " ".join(sorted(listed))
        + "); add the Debian package of each of these to it:\n"
        + "\n".join(problems)
    )
