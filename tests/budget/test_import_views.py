"""The import pages, with the tasks run in this process as in the embedded default (the
same flow on a real worker through Redis is tests/budget/test_import_jobs.py's): upload,
the check, the preview, the apply, a refused file, who may see and do what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.ledger.storage import import_storage
from budget.models import Actual, ImportBatch, PendingImport

pytestmark = pytest.mark.usefixtures("celery_eager")
Outcome = PendingImport.Outcome

CSV = b"year;month;unit;account;amount\n2019;1;1031;5011;1 000\n2019;1;1100;5011;-250,50\n"


def _upload(client, data: bytes = CSV, name: str = "utfall.csv", **fields: str):
    return client.post(
        reverse("budget:imports"),
        {
            "kind": "actuals",
            "dimension": 1,
            "default_unit": "",
            "budget_version": "",
            **fields,
            "file": SimpleUploadedFile(name, data),
        },
    )


def test_upload_preview_apply(client, controller, ledger) -> None:
    client.force_login(controller)
    response = _upload(client)
    assert response.status_code == 302
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "Förhandsvisning av utfall.csv" in html
    assert "749,50" in html  # KS total: 1 000 − 250,50
    assert not Actual.objects.exists()  # nothing written by the preview
    pending = PendingImport.objects.get()
    stored = pending.file.name
    assert import_storage().exists(stored)  # on disk, not in the database
    applied = client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert applied.status_code == 302 and applied.url == response.url
    assert Actual.objects.current().count() == 2
    batch = ImportBatch.objects.get()
    assert (batch.imported_by, batch.file_name) == (controller, "utfall.csv")
    pending.refresh_from_db()
    assert (pending.outcome, pending.file.name) == (Outcome.APPLIED, "")
    assert not import_storage().exists(stored)  # nothing invites a second apply
    done = client.get(applied.url).content.decode()
    assert "utfall.csv är inläst" in done and f"#import-{batch.pk}" in done
    # A second click (or a repeated delivery) imports nothing more.
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert ImportBatch.objects.count() == 1 and Actual.objects.current().count() == 2
    listing = client.get(reverse("budget:imports")).content.decode()
    assert "utfall.csv" in listing and "Ångra" in listing


def test_a_bad_file_shows_every_problem_and_writes_nothing(client, controller, ledger) -> None:
    client.force_login(controller)
    bad = CSV + b"2019;2;9999;5011;10\n2019;2;1031;5011;tio\n"
    preview = client.get(_upload(client, bad).url).content.decode()
    assert "Rad 4: Det finns ingen enhet med koden ”9999” 2019" in preview
    assert 'Rad 5: "tio" är inte ett belopp' in preview.replace("&quot;", '"')
    assert "Nothing" not in preview and "Inget har skrivits" in preview
    assert 'action="/ekonomi/inlasning/' not in preview.split("problem-list")[1]  # no apply form
    assert not Actual.objects.exists()


def test_rollback_from_the_list(client, controller, ledger) -> None:
    client.force_login(controller)
    _upload(client)
    client.post(reverse("budget:import-apply", args=[PendingImport.objects.get().pk]))
    batch = ImportBatch.objects.get()
    assert f'id="import-{batch.pk}"' in client.get(reverse("budget:imports")).content.decode()
    response = client.post(reverse("budget:import-rollback", args=[batch.pk]))
    assert response.status_code == 302
    batch.refresh_from_db()
    assert batch.state == ImportBatch.State.ROLLED_BACK
    assert not Actual.objects.current().exists()


def test_a_budget_needs_a_version_name(client, controller, ledger) -> None:
    client.force_login(controller)
    response = _upload(client, b"year;unit;group;amount\n2019;1031;PERS;100\n", kind="budget")
    assert response.status_code == 200
    assert "Ange vilken budgetversion filen innehåller" in response.content.decode()


JOB_ROUTES = [
    ("get", "budget:import-preview"),
    ("get", "budget:import-progress"),
    ("post", "budget:import-apply"),
    ("post", "budget:import-retry"),
]


@pytest.mark.parametrize("who", ["economist", "reader", "administrator", "outsider"])
def test_only_controllers_import(client, request, controller, ledger, who: str) -> None:
    client.force_login(controller)
    _upload(client)
    pending = PendingImport.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("budget:imports")).status_code == 403
    assert _upload(client).status_code == 403
    for method, route in JOB_ROUTES:
        response = getattr(client, method)(reverse(route, args=[pending.pk]))
        assert response.status_code == 403, route
    assert PendingImport.objects.count() == 1 and not ImportBatch.objects.exists()


def test_someone_elses_upload_is_not_found(client, controller, ledger) -> None:
    from municipality.models import Role, RoleAssignment
    from tests.factories import UserFactory

    client.force_login(controller)
    pending_url = _upload(client).url
    pending = PendingImport.objects.get()
    other = UserFactory(username="kerstin")
    RoleAssignment.objects.create(user=other, role=Role.CONTROLLER)
    client.force_login(other)
    assert client.get(pending_url).status_code == 404
    for method, route in JOB_ROUTES:
        response = getattr(client, method)(reverse(route, args=[pending.pk]))
        assert response.status_code == 404, route
    assert not ImportBatch.objects.exists()


def test_sie_upload(client, controller, db) -> None:
    from pathlib import Path

    from budget.ledger.imports.sie import parse_sie
    from tests.budget.test_import_sie import _setup_for

    path = Path(__file__).parent / "sie_samples" / "periodsaldo_ovnbolag.se"
    default = _setup_for(parse_sie(path.read_bytes()))
    client.force_login(controller)
    response = client.post(
        reverse("budget:imports"),
        {
            "kind": "sie",
            "dimension": 1,
            "default_unit": default,
            "budget_version": "",
            "file": SimpleUploadedFile(path.name, path.read_bytes()),
        },
    )
    preview = client.get(response.url).content.decode()
    assert "SIE 2" in preview and "cp437" in preview
    client.post(reverse("budget:import-apply", args=[PendingImport.objects.get().pk]))
    assert Actual.objects.current().filter(year=2011).exists()
    assert sum(a.amount for a in Actual.objects.current()) != Decimal(0)


PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"


def test_a_picture_is_refused_in_sentences(client, controller, ledger) -> None:
    """Issue 11 item 13: the refusal of a file that is no import at all reads as Swedish."""
    client.force_login(controller)
    uploaded = _upload(client, PNG, name="skarmbild.png", kind="sie")
    preview = client.get(uploaded.url).content.decode().replace("&quot;", '"')
    assert (
        'Filen "skarmbild.png" är inte en SIE-fil: den börjar med ”ëPNG”. Det ser ut som en '
        "bild. Exportera den på nytt som SIE ur ekonomisystemet."
    ) in preview


def _applicable() -> list[str]:
    """The stored files that could still be applied."""
    return [p.file.name for p in PendingImport.objects.exclude(file="")]


def test_a_refused_file_leaves_nothing_behind(client, controller, ledger) -> None:
    """Issue 11 item 13: a refused upload, which can never be applied, is not kept (only
    its problems, to be shown)."""
    client.force_login(controller)
    uploaded = _upload(client, PNG, name="skarmbild.png", kind="sie")
    assert "inte en SIE-fil" in client.get(uploaded.url).content.decode()
    refused = PendingImport.objects.get()
    assert refused.outcome == Outcome.REFUSED and not ImportBatch.objects.exists()
    assert _applicable() == []
    client.post(reverse("budget:import-apply", args=[refused.pk]))  # does nothing
    assert "inte en SIE-fil" in client.get(uploaded.url).content.decode()
    assert not ImportBatch.objects.exists() and not Actual.objects.exists()
    # Nor is a file with problems on its lines.
    client.get(_upload(client, CSV + b"2019;2;1031;5011;tio\n").url)
    assert _applicable() == []
    # A good file waits for its apply.
    client.get(_upload(client).url)
    assert len(_applicable()) == 1


def test_the_list_counts_the_amounts_the_swedish_way(client, controller, ledger) -> None:
    """Issue 11 item 13: the column says it counts amounts, and writes 10 029 as Swedes do."""
    ImportBatch.objects.create(
        kind=ImportBatch.Kind.SIE, file_name="ledger.se", sha256="0" * 64, year=2019, rows=10029
    )
    client.force_login(controller)
    listing = client.get(reverse("budget:imports"))
    cells = [row[5] for row in listing.context["table"].as_values()]
    assert cells == ["Antal belopp", "10\xa0029"]
    assert '<td class="number">10\xa0029</td>' in listing.content.decode()
