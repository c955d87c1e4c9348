"""The public results site's readers, for locust (run by :mod:`bench.public`):

    locust -f bench/public_locust.py --headless -u 100 -r 50 -t 30s --host http://127.0.0.1:PORT

Each reader is anonymous and browses as a citizen does: the start page, a committee, one of
its units, an indicator, then a search, with a short pause between pages, and again. The
pages are the ones the bench found on the site, read from the JSON file named by
``PUBLIC_BENCH_PATHS`` (``{"start": [...], "committee": [...], ...}``). Any answer but
200 is a failure, as is a connection error or no answer within the timeout.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Callable
from pathlib import Path

from locust import FastHttpUser, SequentialTaskSet, between

PATHS: dict[str, list[str]] = json.loads(
    Path(os.environ["PUBLIC_BENCH_PATHS"]).read_text(encoding="utf-8")
)
STEPS = ("start", "committee", "unit", "indicator", "search")


def _step(step: str) -> Callable[[SequentialTaskSet], None]:
    """A task reading one of the site's pages of the kind ``step``, if it has any."""

    def read(visit: SequentialTaskSet) -> None:
        if PATHS.get(step):
            visit.client.get(random.choice(PATHS[step]), name=step)

    read.__name__ = step
    return read


class Browse(SequentialTaskSet):
    """One visit: a page of each kind, in order."""

    tasks = [_step(step) for step in STEPS]


class Reader(FastHttpUser):
    tasks = [Browse]
    wait_time = between(0.1, 0.5)
    network_timeout = 30.0
    connection_timeout = 10.0
