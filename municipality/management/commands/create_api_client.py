"""``manage.py create_api_client "Power BI" --committee KS --data actuals,budget``: an API
client for another system; prints its token, once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from municipality.access.roles import DataKind
from municipality.api.models import ApiClient
from municipality.api.services import api_client_create
from municipality.organisation.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Create a read-only API client with its scope (units and data kinds) and print its "
        "token. The token is shown only now: store it in the other system's secrets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name", help="The system's name, such as Intranätet or Power BI")
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument(
            "--whole-municipality", action="store_true", help="Every unit of the municipality"
        )
        scope.add_argument(
            "--committee",
            action="append",
            metavar="SHORT_CODE",
            help="A committee's units (its top units and all below them); repeatable",
        )
        scope.add_argument(
            "--unit",
            action="append",
            metavar="ID",
            type=int,
            help="A unit (by id) and every unit below it; repeatable",
        )
        parser.add_argument(
            "--data",
            default=",".join(DataKind),
            help=f"Comma-separated data kinds (default all): {', '.join(DataKind)}",
        )
        parser.add_argument("--description", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["name"].strip()
        if not name:
            raise CommandError("Give the client a name.")
        if ApiClient.objects.filter(name=name).exists():
            raise CommandError(f"There is already a client named {name!r}.")
        try:
            kinds = [DataKind(kind.strip()) for kind in options["data"].split(",") if kind.strip()]
        except ValueError as error:
            raise CommandError(f"{error}; the data kinds are {', '.join(DataKind)}.") from None
        if not kinds:
            raise CommandError("Give at least one data kind.")
        units: list[OrgUnit] = []
        for code in options["committee"] or ():
            tops = list(OrgUnit.objects.filter(committee__short_code=code, parent__isnull=True))
            if not tops:
                raise CommandError(f"There is no committee {code!r} with units.")
            units += tops
        for pk in options["unit"] or ():
            unit = OrgUnit.objects.filter(pk=pk).first()
            if unit is None:
                raise CommandError(f"There is no unit with id {pk}.")
            units.append(unit)
        made = api_client_create(
            name=name,
            units=units,
            whole_municipality=options["whole_municipality"],
            data_kinds=kinds,
            by=None,
            description=options["description"],
        )
        self.stdout.write(f"Client {made.client.name!r} (id {made.client.pk}) created.")
        self.stdout.write(f"Token (shown only now): {made.token}")
