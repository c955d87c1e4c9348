from __future__ import annotations

import factory
import factory.random
from factory.django import DjangoModelFactory

from municipality.models import Committee, FiscalYear, OrgUnit, ReportingPeriod, User

factory.random.reseed_random(880)

YEAR = 2019


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name", locale="sv_SE")
    last_name = factory.Faker("last_name", locale="sv_SE")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.se")
    password = factory.django.Password("correct horse battery")


class CommitteeFactory(DjangoModelFactory):
    class Meta:
        model = Committee

    name = factory.Sequence(lambda n: f"Nämnd {n}")
    short_code = factory.Sequence(lambda n: f"N{n}")
    order = factory.Sequence(lambda n: n)
    valid_from = YEAR - 1


class OrgUnitFactory(DjangoModelFactory):
    class Meta:
        model = OrgUnit

    committee = factory.SubFactory(CommitteeFactory)
    code = factory.Sequence(lambda n: f"{9000 + n}")
    name = factory.Sequence(lambda n: f"Enhet {n}")
    kind = OrgUnit.Kind.DEPARTMENT
    valid_from = YEAR - 1


class FiscalYearFactory(DjangoModelFactory):
    class Meta:
        model = FiscalYear
        django_get_or_create = ("year",)

    year = YEAR


class PeriodFactory(DjangoModelFactory):
    class Meta:
        model = ReportingPeriod

    fiscal_year = factory.SubFactory(FiscalYearFactory)
    kind = ReportingPeriod.Kind.T1
    cutoff_month = factory.LazyAttribute(
        lambda period: ReportingPeriod.DEFAULT_CUTOFF.get(period.kind, 4)
    )
    state = ReportingPeriod.State.PLANNED
