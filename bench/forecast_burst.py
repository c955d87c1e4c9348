"""Fifty economists saving forecast cells at once through a real server, and the proof that
no saved value was lost (see :mod:`bench.forecasts`).

Needs Django set up before it is imported. Gunicorn serves ``config.wsgi`` on a free port
of 127.0.0.1 against the bench's database with production's settings; each economist is a
thread with its own session and keep-alive connection that loads its grid, then saves
cells back to back, without pause, until the time is up, carrying the version each answer
returned into its next save of that cell, as the browser does. Pairs of economists share a
cell, so that some saves meet a concurrent change. Afterwards the stored history of every
cell is held against what the server acknowledged.
"""

from __future__ import annotations

import http.client
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from bench.dataset import YEAR, Organisation
from bench.forecast_steps import _percentile, cell_answer, periods
from bench.processes import cpu_seconds, detached, ended, free_port, http_answers, wait_until
from budget.models import AccountGroup, Forecast
from municipality.models import AuditEntry, OrgUnit, Role, RoleAssignment, User

WORKERS, THREADS = 4, 8
SHARED_LINE = "OVR"  # the line a pair of economists both save
SHARED_ODDS = 0.3  # of a save going to the pair's shared cell
REQUEST_TIMEOUT = 30  # seconds; a request still unanswered then is an error
Cell = tuple[int, str]  # (unit pk, row key such as "g12")


def burst_units(org: Organisation, count: int) -> list[str]:
    """``count`` units at the bottom of the trees, taken in turn from every committee but the
    first (whose economist the in-process timings use)."""
    deepest = defaultdict(int)
    for spec in org.units:
        deepest[spec.committee] = max(deepest[spec.committee], spec.depth)
    per_committee = [
        [s.code for s in org.units if s.committee == c and s.depth == deepest[c]]
        for c in range(1, len(org.committees))
    ]
    chosen: list[str] = []
    while len(chosen) < count:
        if not any(per_committee):
            raise ValueError(f"fewer than {count} units at the bottom of the trees")
        for codes in per_committee:
            if codes and len(chosen) < count:
                chosen.append(codes.pop(0))
    return chosen


@dataclass(frozen=True)
class Seat:
    """One economist of the burst: their unit's cells, and the cell shared with a partner."""

    username: str
    own: tuple[Cell, ...]
    shared: Cell


def burst_cast(codes: list[str]) -> list[Seat]:
    """An economist for each unit; economists 2p and 2p+1 both save one line of unit 2p."""
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    lines = {
        g.code: f"g{g.pk}"
        for g in AccountGroup.objects.filter(fiscal_year__year=YEAR, kind=AccountGroup.Kind.LINE)
    }
    seats = []
    for index, code in enumerate(codes):
        user = User.objects.create_user(f"bench-burst-{index:02d}", last_name=f"Ekonom {index}")
        RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=units[code])
        partner = units[codes[index - index % 2]]
        if partner.code != code:
            RoleAssignment.objects.create(user=user, role=Role.ECONOMIST, unit=partner)
        own = tuple((units[code].pk, key) for key in lines.values())
        seats.append(Seat(user.username, own, (partner.pk, lines[SHARED_LINE])))
    return seats


# --- The server -----------------------------------------------------------------------------


@contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[tuple[int, int]]:
    """Gunicorn on a free loopback port for the duration, as (port, process id); its output,
    Django's error log included, goes to ``log``."""
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--workers", str(WORKERS), "--threads", str(THREADS), "--worker-class", "gthread",
        "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning",
    ]  # fmt: skip
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, **detached(out))
    with ended(server):
        wait_until(lambda: http_answers(port), server, f"gunicorn on port {port}")
        yield port, server.pid


# --- The economists -----------------------------------------------------------------------


@dataclass
class Record:
    """What one economist saw; merged after the burst."""

    acks: list[tuple[Cell, int, Decimal, str]] = field(default_factory=list)  # version, kronor
    conflicts: list[tuple[Cell, int, int, str]] = field(default_factory=list)  # expected, seen
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)


class Economist(threading.Thread):
    """A browser of one economist: loads the grids, then saves cells until the deadline."""

    def __init__(self, index: int, seat: Seat, port: int, session: str, start: Start) -> None:
        super().__init__(name=seat.username, daemon=True)
        self.index, self.seat, self.port, self.start_ = index, seat, port, start
        self.cookies = {"sessionid": session}
        self.versions: dict[Cell, int] = {}
        self.record = Record()
        self.rng = random.Random(index)

    def _request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies.get("csrftoken", ""),
                "HX-Request": "true",
            }
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, text

    def run(self) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, REQUEST_TIMEOUT)
        try:
            for unit_pk in {unit for unit, _ in (*self.seat.own, self.seat.shared)}:
                status, page = self._request("GET", reverse("budget:forecast", args=[unit_pk]))
                if status != 200:
                    raise RuntimeError(f"the grid of unit {unit_pk} answered {status}")
                for cell in (*self.seat.own, self.seat.shared):
                    if cell[0] == unit_pk:
                        self.versions[cell] = cell_answer(page, cell[1]).version
            if "csrftoken" not in self.cookies:
                raise RuntimeError("the grid set no CSRF cookie")
        except Exception as error:  # reported: the burst counts it
            self.record.errors.append(f"loading: {error!r}")
            self.start_.ready.wait()
            return
        self.start_.ready.wait()
        # Waiting for the others outlasts the server's keep-alive: start on a new connection.
        self.connection.close()
        self.start_.go.wait()
        sequence = 0
        while time.monotonic() < self.start_.deadline:
            sequence += 1
            use_shared = self.rng.random() < SHARED_ODDS
            cell = self.seat.shared if use_shared else self.rng.choice(self.seat.own)
            value = self.start_.series * 10_000_000 + (self.index + 1) * 100_000 + sequence
            self._save(cell, Decimal(value))
        self.connection.close()

    def _save(self, cell: Cell, value: Decimal) -> None:
        unit_pk, key = cell
        expected = self.versions[cell]
        body = urlencode(
            {
                "row": key,
                "field": "amount",
                f"amount-{key}": str(value),
                f"amount-{key}-version": str(expected),
            }
        )
        path = reverse("budget:forecast-cell", args=[unit_pk])
        started = time.perf_counter()
        try:
            status, text = self._request("POST", path, body)
        except Exception as error:  # counted as an error
            self.record.errors.append(f"{type(error).__name__}: {error}")
            self.connection.close()
            return
        self.record.latencies.append(time.perf_counter() - started)
        if status != 200:
            self.record.errors.append(f"HTTP {status}")
            return
        try:
            answer = cell_answer(text, key)
        except ValueError as error:
            self.record.errors.append(str(error))
            return
        if answer.error:
            self.record.errors.append(f"refused: {text[:200]}")
        elif answer.conflict:
            self.record.conflicts.append((cell, expected, answer.version, self.seat.username))
        elif answer.version <= expected or (
            answer.value == value and answer.version != expected + 1
        ):
            self.record.errors.append(f"saved {expected} → {answer.version}?")
        else:
            # The save made version expected + 1; the answer may already show a later one.
            self.record.acks.append((cell, expected + 1, value * 1000, self.seat.username))
        self.versions[cell] = answer.version


@dataclass
class Start:
    """Everyone loads their grids, the bench notes the cells' versions, then all go at once."""

    ready: threading.Barrier
    go: threading.Event = field(default_factory=threading.Event)
    deadline: float = 0.0
    # Bursts one after another number their values apart: a value saved again unchanged
    # makes no new version.
    series: int = 0


def sessions_login(usernames: list[str]) -> dict[str, str]:
    """A logged-in session per user, as after the login page."""
    sessions = {}
    for username in usernames:
        client = Client()
        client.force_login(User.objects.get(username=username))
        sessions[username] = client.cookies["sessionid"].value
    return sessions


def burst(seats: list[Seat], env: dict[str, str], log: Path, *, seconds: float) -> dict:
    """Run the burst against one server and check it; the figures and the verdicts."""
    with gunicorn(env, log) as (port, pid):
        result = burst_through(seats, [port], [pid], [log], seconds=seconds)
    result["workers"] = f"{WORKERS} × {THREADS} threads (gthread)"
    return result


def burst_through(
    seats: list[Seat],
    ports: list[int],
    server_pids: list[int],
    logs: list[Path],
    *,
    seconds: float,
    start: Start | None = None,
) -> dict:
    """The burst against the servers on ``ports``, economist i on server i mod n, and its
    check; the figures and the verdicts as a dict. Threads of the caller's that wait for
    ``start.go`` (and stop at ``start.deadline``) run alongside."""
    sessions = sessions_login([seat.username for seat in seats])
    cells = {cell for seat in seats for cell in (*seat.own, seat.shared)}
    start = start or Start(threading.Barrier(len(seats) + 1))
    economists = [
        Economist(i, seat, ports[i % len(ports)], sessions[seat.username], start)
        for i, seat in enumerate(seats)
    ]
    for economist in economists:
        economist.start()
    start.ready.wait()
    before = _stored(cells)
    audit_from = AuditEntry.objects.aggregate(last=Max("pk"))["last"] or 0
    started = time.monotonic()
    start.deadline = started + seconds
    server_cpu = cpu_seconds(server_pids)
    start.go.set()
    for economist in economists:
        economist.join()
    wall = time.monotonic() - started
    server_cpu = cpu_seconds(server_pids) - server_cpu
    after = _stored(cells)
    records = [economist.record for economist in economists]
    result = _verdict(records, before, after, audit_from, wall, logs)
    requests = result["requests"]
    result["server_cpu_ms"] = server_cpu * 1000 / requests if requests else None
    return result


def _stored(cells: set[Cell]) -> dict[Cell, tuple[int | None, int, Decimal | None]]:
    """Per cell: (forecast id, amount version, amount) as the database holds it now."""
    _, t2 = periods()
    rows = {
        (f.unit_id, f"g{f.group_id}"): (f.pk, f.amount_version, f.amount)
        for f in Forecast.objects.filter(period=t2, unit_id__in={u for u, _ in cells})
    }
    return {cell: rows.get(cell, (None, 0, None)) for cell in cells}


History = dict[Cell, list[tuple[Decimal | None, str]]]  # per cell: (new value, user), in order


def _history(ids: dict[int, Cell], audit_from: int) -> History:
    """The amount changes of the burst's cells since ``audit_from``, from the audit trail."""
    history: History = defaultdict(list)
    entries = (
        AuditEntry.objects.filter(
            pk__gt=audit_from,
            content_type=ContentType.objects.get_for_model(Forecast),
            object_id__in=list(ids),
            field="amount",
        )
        .order_by("pk")
        .values_list("object_id", "new_value", "user__username")
    )
    for object_id, value, username in entries:
        history[ids[object_id]].append((Decimal(value) if value else None, username))
    return history


@dataclass
class Check:
    """What the stored histories say against the acknowledgements; all empty when sound."""

    lost: list[str] = field(default_factory=list)
    false_conflicts: list[str] = field(default_factory=list)
    unexplained: list[str] = field(default_factory=list)


def check(
    acks: list[tuple[Cell, int, Decimal, str]],
    conflicts: list[tuple[Cell, int, int, str]],
    start: dict[Cell, int],
    final: dict[Cell, tuple[int, Decimal | None]],
    history: History,
) -> Check:
    """Hold every cell's stored history against the acknowledged saves and the conflicts.

    A cell's version moves by one per change, and each change leaves one audit entry, in
    the order of the versions (the row is locked while both are written). So the change
    to version v is entry number v − v0 after the burst began, v0 being the version at the
    start: a save told it made version v must be that entry, with its value and its user,
    and the value stored at the end must be the last one acknowledged. A conflict told to
    a client that expected version e is real when another user made version e + 1.
    """
    found = Check()
    by_cell: dict[Cell, dict[int, tuple[Decimal, str]]] = defaultdict(dict)
    for cell, version, value, username in acks:
        if version in by_cell[cell]:
            found.lost.append(f"{cell} v{version}: acknowledged to two saves")
        by_cell[cell][version] = (value, username)
    for cell, first in start.items():
        changes = history.get(cell, [])
        final_version, final_value = final[cell]
        if final_version - first != len(changes):
            found.unexplained.append(
                f"{cell}: {final_version - first} new versions, {len(changes)} changes recorded"
            )
        saved = by_cell.get(cell, {})
        for version, value in saved.items():
            place = version - first - 1
            if not 0 <= place < len(changes) or changes[place] != value:
                found.lost.append(f"{cell} v{version}: acknowledged {value}, not so stored")
        if saved:
            last = max(saved)
            if last > final_version:
                found.lost.append(f"{cell}: acknowledged v{last}, stores v{final_version}")
            elif last == final_version and saved[last][0] != final_value:
                found.lost.append(f"{cell}: stores {final_value}, last acknowledged {saved[last]}")
    for cell, expected, seen, username in conflicts:
        changes = history.get(cell, [])
        place = expected - start[cell]
        if not (seen > expected and 0 <= place < len(changes) and changes[place][1] != username):
            found.false_conflicts.append(f"{cell} {username}: expected v{expected}, told v{seen}")
    return found


def _verdict(
    records: list[Record],
    before: dict[Cell, tuple[int | None, int, Decimal | None]],
    after: dict[Cell, tuple[int | None, int, Decimal | None]],
    audit_from: int,
    wall: float,
    logs: list[Path],
) -> dict:
    history = _history({pk: cell for cell, (pk, _, _) in after.items() if pk}, audit_from)
    acks = [ack for record in records for ack in record.acks]
    conflicts = [conflict for record in records for conflict in record.conflicts]
    found = check(
        acks,
        conflicts,
        {cell: version for cell, (_, version, _) in before.items()},
        {cell: (version, amount) for cell, (_, version, amount) in after.items()},
        history,
    )
    latencies = [latency for record in records for latency in record.latencies]
    errors = [error for record in records for error in record.errors]
    logged = [line for log in logs for line in server_errors(log)]
    return {
        "economists": len(records),
        "seconds": wall,
        "requests": len(latencies),
        "requests_per_second": len(latencies) / wall if wall else 0.0,
        "p50_ms": statistics.median(latencies) * 1000 if latencies else None,
        "p95_ms": _percentile(latencies, 95) * 1000 if latencies else None,
        "max_ms": max(latencies) * 1000 if latencies else None,
        "saved": len(acks),
        "conflicts": len(conflicts),
        "false_conflicts": len(found.false_conflicts),
        "errors": len(errors) + len(logged),
        "lost_updates": len(found.lost),
        "unexplained_changes": len(found.unexplained),
        "cells": len(before),
        "examples": (errors + logged + found.lost + found.false_conflicts + found.unexplained)[:10],
    }


def server_errors(log: Path) -> list[str]:
    """The lines of a server's log that tell of an error: a traceback, an ERROR, a CRITICAL."""
    return [
        line
        for line in log.read_text(errors="replace").splitlines()
        if "Traceback" in line or " ERROR " in line or "[CRITICAL]" in line
    ]
