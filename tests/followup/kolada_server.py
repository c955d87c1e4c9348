"""A recorded Kolada on 127.0.0.1: a real HTTP server in a thread that answers Kolada API v3's
queries with the answers recorded under ``kolada_recorded/<week>/`` (``index.json`` says which
file answers which query), and the municipality, peers, indicators and units they are for.

The recorded answers ask for the years 2022–2026; the server answers the years of the day the
test runs instead (``kolada_years``), so that the weekly fetch's plan and the recording agree
in any year. A test can make any query fail: an error status, a body that is not JSON, or an
answer slower than ``KOLADA_TIMEOUT``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.utils import timezone

from followup.kolada.fetching import kolada_years
from followup.models import Indicator, IndicatorValue
from municipality.models import Municipality, OrgUnit
from tests.factories import OrgUnitFactory
from tests.followup.factories import indicator_lineage

RECORDED = Path(__file__).parent / "kolada_recorded"
REAL_API = "https://api.kolada.se/v3"
RECORDED_YEARS = "2022,2023,2024,2025,2026"
DATA = "/v3/data/kpi/N00005,N15419/municipality/0880,1880,G33948/year/{years}"
OUDATA = "/v3/oudata/kpi/N00005,N15419/ou/V15E088000301,V15E088099901/year/{years}"


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    delay: float = 0  # seconds before the answer starts


@dataclass
class RecordedKolada:
    """The server's answers by query (path and query string) and the queries it was asked."""

    base: str
    years: str
    answers: dict[str, Answer] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def play(self, week: str) -> None:
        """Answer as Kolada did in ``week``."""
        index = json.loads((RECORDED / week / "index.json").read_text())
        self.answers = {
            self._now(query): Answer(body=self._now((RECORDED / week / name).read_text()).encode())
            for query, name in index.items()
        }

    def _now(self, text: str) -> str:
        return text.replace(REAL_API, self.base).replace(RECORDED_YEARS, self.years)

    def query(self, template: str) -> str:
        """A query of this module's (``DATA``, ``OUDATA``) for the years asked today."""
        return template.format(years=self.years)

    def fail(self, template: str, answer: Answer) -> None:
        self.answers[self.query(template)] = answer

    def url(self, path: str) -> str:
        return f"http://127.0.0.1{path}"


def _handler(kolada: RecordedKolada) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            kolada.asked.append(self.path)
            answer = kolada.answers.get(self.path)
            if answer is None:
                self.send_error(404)
                return
            time.sleep(answer.delay)
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def recorded_kolada(settings: object) -> Iterator[RecordedKolada]:
    """The recorded Kolada, serving nothing until a test says which week to ``play``; the
    application's ``KOLADA_API_URL`` points at it."""
    years = ",".join(map(str, kolada_years(timezone.localdate())))
    kolada = RecordedKolada(base="", years=years)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(kolada))
    kolada.base = f"http://127.0.0.1:{server.server_address[1]}/v3"
    settings.KOLADA_API_URL = kolada.base  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield kolada
    server.shutdown()
    server.server_close()
    thread.join()


def closed_port() -> int:
    """A port on 127.0.0.1 nothing listens on (once the socket is closed)."""
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]


@dataclass
class Chosen:
    """What the controller chose: Kalmar compared with Örebro and a group; sick leave
    (N00005, by gender) over two years, a school's merit value (N15419), and a cost KPI that is
    switched off; a school and a care home with their Kolada ids."""

    municipality: Municipality
    sick: list[Indicator]
    merit: list[Indicator]
    costs: list[Indicator]
    school: OrgUnit
    care_home: OrgUnit


@pytest.fixture
def chosen(org: object) -> Chosen:
    year = timezone.localdate().year
    municipality = Municipality.objects.create(
        name="Kalmar kommun", code="0880", kolada_peers="1880, G33948"
    )

    def unit(code: str, name: str, kolada_ou: str) -> OrgUnit:
        return OrgUnitFactory(
            committee=org.committee,  # type: ignore[attr-defined]
            parent=org.administration,  # type: ignore[attr-defined]
            code=code,
            name=name,
            kind=OrgUnit.Kind.UNIT,
            kolada_ou=kolada_ou,
        )

    return Chosen(
        municipality=municipality,
        sick=indicator_lineage(
            [year - 1, year], code="SJUK", kolada_kpi="N00005", split_by_gender=True
        ),
        merit=indicator_lineage([year], code="MERIT", kolada_kpi="N15419"),
        costs=indicator_lineage([year], code="KOST", kolada_kpi="N00002", kolada_fetched=False),
        school=unit("4100", "Lindsdalsskolan", "V15E088000301"),
        care_home=unit("4200", "Norrgårdens äldreboende", "V15E088099901"),
    )


def kolada_values() -> dict[tuple[str, int, str, str, str], Decimal]:
    """Every stored value: (indicator code, year, area, gender, unit name or "") -> value."""
    return {
        (v.indicator.code, v.year, v.area_code, v.gender, v.org_unit.name if v.org_unit else ""): (
            v.value
        )
        for v in IndicatorValue.objects.select_related("indicator", "org_unit")
    }
