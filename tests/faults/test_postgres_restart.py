"""PostgreSQL restarted, or away, between two requests, with real processes: a cluster of the
test's own (never the shared server), Tertial migrated into it and served by gunicorn with
production's settings (DEBUG off, persistent connections with health checks), a person
signed in over HTTP. After a restart every page answers and a save is stored once; while the
server is down a request gets a 503 page saying so, and Retry-After, not a 500."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from bench.browser import Answer, Browser
from bench.forecast_steps import cell_answer
from tests.faults.postgres_cluster import (
    PASSWORD,
    PostgresCluster,
    gunicorn,
    migrate_and_seed,
    postgres_binaries,
    production_environment,
)

BINARIES = postgres_binaries()
pytestmark = pytest.mark.skipif(
    BINARIES is None,
    reason="PostgreSQL's server programs (initdb, pg_ctl in /usr/lib/postgresql/<version>/bin) "
    "are not installed: apt-get install postgresql",
)
REQUESTS_AFTER = 9  # more than gunicorn's three workers, each holding a connection


@dataclass(frozen=True)
class Site:
    cluster: PostgresCluster
    port: int
    unit: int
    row: str
    username: str

    def grid(self) -> str:
        return reverse("budget:forecast", args=[self.unit])

    def signed_in(self) -> Browser:
        browser = Browser()
        answer = browser.log_in(self.port, self.username, PASSWORD)
        assert answer.status == 302, answer.text[:500]
        return browser

    def save(self, browser: Browser, tkr: int, version: int) -> Answer:
        """A forecast cell saved as the grid's htmx posts it."""
        key = self.row
        form = {"row": key, "field": "amount", f"amount-{key}": tkr}
        form[f"amount-{key}-version"] = version
        path = reverse("budget:forecast-cell", args=[self.unit])
        return browser.request(self.port, "POST", path, form, headers={"HX-Request": "true"})

    def stored(self) -> list[tuple[Decimal, int]]:
        """The unit's forecasts (amount, version), read from the cluster directly."""
        with self.cluster.connect() as connection:
            return connection.execute(
                "SELECT amount, amount_version FROM budget_forecast WHERE unit_id = %s",
                [self.unit],
            ).fetchall()

    def changes(self, amount: Decimal) -> int:
        """Audit entries recording the unit's amount set to ``amount``."""
        with self.cluster.connect() as connection:
            row = connection.execute(
                "SELECT count(*) FROM municipality_auditentry "
                "WHERE unit_id = %s AND field = 'amount' AND new_value::numeric = %s",
                [self.unit, amount],
            ).fetchone()
        return int(row[0]) if row else 0


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    """The cluster, migrated and seeded, and gunicorn serving it; all stopped and removed
    afterwards, whatever the tests did."""
    assert BINARIES is not None
    folder = Path(tempfile.mkdtemp(prefix="tertial-postgres-"))
    cluster = PostgresCluster(BINARIES, folder)
    log = Path(tempfile.mkdtemp(prefix="tertial-gunicorn-")) / "gunicorn.log"
    try:
        cluster.create()
        environment = production_environment(cluster.url)
        data = migrate_and_seed(environment)
        with gunicorn(environment, log) as port:
            yield Site(cluster, port, int(data["unit"]), str(data["row"]), str(data["username"]))
    finally:
        cluster.remove()
        shutil.rmtree(log.parent, ignore_errors=True)


def test_pages_and_a_save_after_a_restart_answer_and_the_save_is_stored_once(site: Site) -> None:
    alice = site.signed_in()
    before = alice.request(site.port, "GET", site.grid())
    assert before.status == 200
    version = cell_answer(before.text, site.row).version

    site.cluster.restart()
    after = [alice.request(site.port, "GET", site.grid()) for _ in range(REQUESTS_AFTER)]
    saved = site.save(alice, 3_100, version)

    assert [answer.status for answer in after] == [200] * REQUESTS_AFTER
    assert saved.status == 200, saved.text[:500]
    answer = cell_answer(saved.text, site.row)
    assert (answer.value, answer.version, answer.conflict) == (Decimal(3_100), version + 1, False)
    assert site.stored() == [(Decimal(3_100_000), version + 1)]
    assert site.changes(Decimal(3_100_000)) == 1


def test_a_request_while_postgres_is_down_gets_a_503_page_and_then_the_page(site: Site) -> None:
    alice = site.signed_in()
    grid = alice.request(site.port, "GET", site.grid())
    version = cell_answer(grid.text, site.row).version
    stored = site.stored()

    site.cluster.stop()
    try:
        page = alice.request(site.port, "GET", site.grid())
        save = site.save(alice, 4_200, version)
        health = alice.request(site.port, "GET", "/healthz/")
    finally:
        site.cluster.start()
    again = alice.request(site.port, "GET", site.grid())

    for answer in (page, save, health):
        assert answer.status == 503, answer.text[:500]
        assert answer.headers["Retry-After"] == "10"
        assert "Tjänsten är tillfälligt otillgänglig" in answer.text
    assert again.status == 200
    assert site.stored() == stored  # the save sent during the outage was not made
    assert site.save(alice, 4_200, version).status == 200  # sent again, it is
    assert site.changes(Decimal(4_200_000)) == 1
