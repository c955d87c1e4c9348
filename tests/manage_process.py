"""``manage.py`` in a process of its own, with only the environment a test gives it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the test run sets and a newcomer's shell does not: without them, settings take their
# defaults (SQLite in DATA_DIR, in-process tasks, DEBUG and DEMO_MODE on).
TEST_RUN_VARIABLES = {
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEMO_MODE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def manage(
    *args: str, cwd: Path = ROOT, timeout: float = 120, **environ: str
) -> subprocess.CompletedProcess[str]:
    """Run ``manage.py *args`` in ``cwd`` with the test run's variables removed and ``environ``
    added; its output is captured."""
    clean = {k: v for k, v in os.environ.items() if k not in TEST_RUN_VARIABLES}
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=cwd,
        env={**clean, **environ},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
