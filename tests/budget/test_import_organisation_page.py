"""The organisation's upload page: stored, checked by a task (in this process, as without
Redis), previewed, applied; the ledger's units with a mapping sheet; who may do it."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from budget.ledger.storage import import_storage
from budget.models import PendingImport
from municipality.models import Committee, OrgUnit
from tests.budget.test_import_jobs import _state, wait_for
from tests.budget.test_import_views import JOB_ROUTES
from tests.factories import YEAR, FiscalYearFactory

# The organisation's import is in the administration's section: its sub-navigation of the
# pages merged so far.

Outcome = PendingImport.Outcome

SHEET = (
    "code;name;committee;parent\n"
    "1030;Ekonomi;KS;1100\n"  # moved: from 1000 to 1100
    "3000;Kulturförvaltningen;Kulturnämnden;\n"
    "3100;Bibliotek;Kulturnämnden;3000\n"
).encode()
SIE = (
    '#FLAGGA 0\n#SIETYP 4\n#PROGRAM "Test" 1\n#RAR 0 20190101 20191231\n'
    '#KONTO 1910 "Kassa"\n#KONTO 3011 "Försäljning"\n#KONTO 5011 "Löner"\n'
    '#KONTO 5012 "Löner, timavlönade"\n#KONTO 9999 "Statistik"\n'
    '#DIM 1 "Ansvar"\n#OBJEKT 1 "1000" "Kommunledningskontoret"\n'
    '#OBJEKT 1 "4100" "Hemtjänst"\n#OBJEKT 1 "4200" "Särskilt boende"\n'
    '#OBJEKT 1 "7000" "Gatukontoret"\n'
    '#VER A 1 20190115 "Lön"\n{\n#TRANS 5011 {1 "4100"} 100.00\n#TRANS 1910 {} -100.00\n}\n'
).encode("cp437")


def _upload(client, data: bytes = SHEET, name: str = "organisation.csv", **fields):
    return client.post(
        reverse("budget:organisation-imports"),
        {
            "year": YEAR,
            "dimension": 1,
            "prefix_rule": "",
            **fields,
            "file": SimpleUploadedFile(name, data),
        },
    )


@pytest.fixture
def year(org):
    FiscalYearFactory(year=YEAR - 1)
    return FiscalYearFactory(year=YEAR)


@pytest.mark.usefixtures("celery_eager")
def test_upload_preview_apply(client, administrator, year, org) -> None:
    client.force_login(administrator)
    response = _upload(client)
    pending = PendingImport.objects.get()
    assert response.url == reverse("budget:import-preview", args=[pending.pk])
    assert pending.outcome == Outcome.CHECKED and OrgUnit.objects.count() == 5
    page = client.get(response.url).content.decode()
    assert "Kulturnämnden (K" in page
    assert "<li>Kulturnämnden: 2</li>" in page  # a one-word name is its own short code
    assert "Flyttas från 1000 till 1100 (en omorganisation från" in page
    # The organisation's import is the administration's, its preview too.
    administration = reverse("municipality:administration")
    assert f'href="{administration}" aria-current="page"' in page
    organisation = pending.preview["organisation"]
    assert organisation["new_units"] == 2 and organisation["moves"][0][1:] == [
        "1030",
        "Ekonomi",
        "1000",
        "1100",
    ]
    assert import_storage().exists(pending.file.name)
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.outcome == Outcome.APPLIED and not pending.file
    assert OrgUnit.objects.get(code="3100").parent.code == "3000"
    moved = OrgUnit.objects.get(code="1030", valid_from=YEAR)
    assert moved.parent == org.sibling and moved.predecessor == org.department
    # The same file again: nothing to change, and no button to import it.
    again = client.get(_upload(client).url).content.decode()
    assert 'id="nothing-to-change"' in again
    assert reverse("budget:import-apply", args=[PendingImport.objects.first().pk]) in again
    assert 'type="submit" class="button"' not in again


@pytest.mark.usefixtures("celery_eager")
def test_a_refused_sheet_lists_its_problems(client, administrator, year) -> None:
    client.force_login(administrator)
    bad = b"code;name;committee;parent\n1;A;KS;9\n1;B;KS;\n"
    page = client.get(_upload(client, bad).url).content.decode()
    pending = PendingImport.objects.get()
    assert pending.outcome == Outcome.REFUSED
    assert pending.problems[0].startswith("Rad 2:") and pending.problems[1].startswith("Rad 3:")
    assert reverse("budget:organisation-imports") in page
    assert not OrgUnit.objects.filter(code="1").exists()


@pytest.mark.usefixtures("celery_eager")
def test_the_ledgers_units_with_a_mapping_and_a_prefix_rule(client, administrator, ledger) -> None:
    """4100 is mapped to SN; 4200 and 7000 by the prefix rule; the accounts of classes
    3–8 are created, the others not; 5012 is outside Kalmar's ranges? No: 5 is personnel."""
    FiscalYearFactory(year=YEAR)
    client.force_login(administrator)
    mapping = SimpleUploadedFile("mapping.csv", b"code;committee\n4100;SN\n1000;KS\n")
    _upload(client, SIE, "bok.se", mapping=mapping, prefix_rule="4=SN,7=Tekniska nämnden")
    pending = PendingImport.objects.get()
    assert pending.outcome == Outcome.CHECKED, pending.problems
    organisation = pending.preview["organisation"]
    assert (organisation["by_mapping"], organisation["by_rule"]) == (1, 2)
    assert organisation["new_committees"][0][1] == "Tekniska nämnden"
    assert organisation["accounts"]["new"] == 1 and organisation["accounts"]["other"] == 2
    page = client.get(reverse("budget:import-preview", args=[pending.pk])).content.decode()
    assert "Tekniska nämnden" in page and "4=SN" not in page
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    assert OrgUnit.objects.get(code="4200").committee.short_code == "SN"
    assert OrgUnit.objects.get(code="7000").committee == Committee.objects.get(
        name="Tekniska nämnden"
    )
    assert not import_storage().exists(pending.options["mapping_file"])


@pytest.mark.usefixtures("celery_eager")
@pytest.mark.parametrize("who", ["controller", "economist", "reader", "outsider"])
def test_only_administrators_import_the_organisation(client, request, administrator, year, who):
    client.force_login(administrator)
    _upload(client)
    pending = PendingImport.objects.get()
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("budget:organisation-imports")).status_code == 403
    assert _upload(client).status_code == 403
    for method, route in JOB_ROUTES:
        assert getattr(client, method)(reverse(route, args=[pending.pk])).status_code == 403
    assert PendingImport.objects.count() == 1 and OrgUnit.objects.count() == 5


@pytest.mark.celery_worker
def test_the_ledgers_units_on_a_worker_through_redis(
    client, administrator, year, celery_worker
) -> None:
    """The SIE file and its mapping sheet are stored by the request and read by the worker
    (another process's storage, as in production), checked, then checked again and applied."""
    client.force_login(administrator)
    mapping = SimpleUploadedFile("mapping.csv", b"code;committee\n1000;KS\n4100;SN\n")
    uploaded = _upload(client, SIE, "bok.se", mapping=mapping, prefix_rule="4=SN,7=SN")
    pending = PendingImport.objects.get()
    wait_for(lambda: _state(pending.pk) == PendingImport.State.DONE)
    assert "Förhandsvisning av bok.se" in client.get(uploaded.url).content.decode()
    client.post(reverse("budget:import-apply", args=[pending.pk]))
    wait_for(
        lambda: PendingImport.objects.filter(
            pk=pending.pk, outcome=Outcome.APPLIED, state=PendingImport.State.DONE
        ).exists()
    )
    assert set(
        OrgUnit.objects.filter(committee__short_code="SN").values_list("code", flat=True)
    ) == {
        "5000",
        "4100",
        "4200",
        "7000",
    }
    assert not import_storage().exists(pending.options["mapping_file"])


def test_the_admins_unit_list_leads_to_the_import(client, operator, org) -> None:
    client.force_login(operator)
    page = client.get(reverse("admin:municipality_orgunit_changelist")).content.decode()
    assert f'href="{reverse("budget:organisation-imports")}">Läs in organisationen<' in page
    assert client.get(reverse("budget:organisation-imports")).status_code == 200
