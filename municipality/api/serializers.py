"""The organisation's and the calendar's representations."""

from __future__ import annotations

from rest_framework import serializers

from municipality.organisation.models import Committee, OrgUnit
from municipality.periods.models import FiscalYear, ReportingPeriod


class CommitteeSerializer(serializers.ModelSerializer[Committee]):
    class Meta:
        model = Committee
        fields = ["id", "name", "short_code", "order", "valid_from", "valid_to"]


class UnitSerializer(serializers.ModelSerializer[OrgUnit]):
    class Meta:
        model = OrgUnit
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "committee",
            "parent",
            "path",
            "depth",
            "valid_from",
            "valid_to",
            "predecessor",
            "kolada_ou",
        ]


class FiscalYearSerializer(serializers.ModelSerializer[FiscalYear]):
    class Meta:
        model = FiscalYear
        fields = ["year"]


class PeriodSerializer(serializers.ModelSerializer[ReportingPeriod]):
    year = serializers.IntegerField(source="fiscal_year.year", read_only=True)
    name = serializers.CharField(read_only=True)

    class Meta:
        model = ReportingPeriod
        fields = ["id", "year", "kind", "cutoff_month", "name", "state", "deadline"]
