"""The forms of the organisation's administration: committees and units, each validated by its
model (``OrgUnit.clean``), the edit forms carrying the history they were opened at."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from municipality.history.guard import SeenField, history_seen
from municipality.organisation.models import YEAR_VALIDATORS, Committee, OrgUnit


class ModelErrorsAtFields(forms.ModelForm):
    """A model's ``clean`` may name a field the form does not show (a unit's ``parent`` when
    only its end year is edited): its message is shown at ``error_fields[name]`` instead, or
    above the form, rather than failing as Django does."""

    error_fields: ClassVar[dict[str, str]] = {}

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            moved: dict[str, list[ValidationError]] = {}
            for name, messages in errors.error_dict.items():
                target = name if name in self.fields else self.error_fields.get(name)
                moved.setdefault(target or NON_FIELD_ERRORS, []).extend(messages)
            errors = ValidationError(moved)
        # A private hook of BaseModelForm that django-stubs does not declare.
        super()._update_errors(errors)  # type: ignore[misc]


class CheckedEdit(ModelErrorsAtFields):
    """An edit form of existing master data: ``seen`` is the history it was opened at."""

    seen = SeenField()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["seen"] = history_seen(self.instance)


class CommitteeCreateForm(ModelErrorsAtFields):
    class Meta:
        model = Committee
        fields = ("name", "short_code", "order", "valid_from")


class CommitteeEditForm(CheckedEdit):
    class Meta:
        model = Committee
        fields = ("name", "short_code", "order")


class EndForm(CheckedEdit):
    """A committee's or unit's last year; empty: valid until further notice."""

    error_fields = {"parent": "valid_to"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["valid_to"]
        field.label = _("Last year")
        field.help_text = _(
            "Valid up to and including this year; from the next year on it is no longer in the "
            "organisation. Empty: valid until further notice."
        )

    def clean_valid_to(self) -> int | None:
        valid_to: int | None = self.cleaned_data.get("valid_to")
        if valid_to is None:
            return None
        instance = self.instance
        if valid_to < instance.valid_from:
            raise ValidationError(
                _("It cannot end before it starts (%(year)s)."),
                params={"year": instance.valid_from},
            )
        later = self.outliving(valid_to)
        if later:
            raise ValidationError(
                _(
                    "These units are valid after %(year)s: %(units)s. End or move them first; "
                    "earlier years keep them in any case."
                ),
                params={"year": valid_to, "units": ", ".join(str(unit) for unit in later[:10])},
            )
        return valid_to

    def outliving(self, year: int) -> list[OrgUnit]:
        """The units below that would still be valid after ``year``."""
        raise NotImplementedError  # each subclass says which units are below


def _valid_after(year: int) -> Q:
    return Q(valid_to__isnull=True) | Q(valid_to__gt=year)


class CommitteeEndForm(EndForm):
    class Meta:
        model = Committee
        fields = ("valid_to",)

    def outliving(self, year: int) -> list[OrgUnit]:
        return list(self.instance.units.filter(_valid_after(year)).order_by("path"))


class UnitEndForm(EndForm):
    class Meta:
        model = OrgUnit
        fields = ("valid_to",)

    def outliving(self, year: int) -> list[OrgUnit]:
        below = OrgUnit.objects.filter(path__startswith=self.instance.path).exclude(
            pk=self.instance.pk
        )
        return list(below.filter(_valid_after(year)).order_by("path"))


def _offer(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> forms.ModelChoiceField:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    return field


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return f"{'· ' * obj.depth}{obj.code} {obj.name}"


class UnitCreateForm(ModelErrorsAtFields):
    """A new unit in a committee, top unit or under a parent, from a year on."""

    class Meta:
        model = OrgUnit
        fields = ("committee", "parent", "code", "name", "kind", "order", "valid_from")
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {"parent": UnitChoiceField}

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer(self, "committee", Committee.objects.valid_in(year))
        parent = _offer(
            self,
            "parent",
            OrgUnit.objects.valid_in(year)
            .select_related("committee")
            .order_by("committee__order", "committee__name", "path"),
        )
        parent.help_text = _("Empty: a top unit of the committee.")
        self.fields["valid_from"].initial = year


class UnitEditForm(CheckedEdit):
    """What a unit may change in place; its place in the tree changes by a reorganisation."""

    class Meta:
        model = OrgUnit
        fields = ("code", "name", "kind", "order", "reported_with")
        field_classes: ClassVar[dict[str, type[forms.Field]]] = {"reported_with": UnitChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # "one of its children", as the field's help says
        _offer(self, "reported_with", self.instance.children.order_by("order", "code"))


class ReorganiseForm(forms.Form):
    """Where a unit and its subunits go from a year on (``people.services.unit_reorganise``)."""

    seen = SeenField()
    year = forms.IntegerField(
        label=_("From year"),
        validators=YEAR_VALIDATORS,
        help_text=_("The first year in the new place. Earlier years keep the old tree."),
    )
    parent = UnitChoiceField(
        OrgUnit.objects.none(),
        required=False,
        label=_("New parent unit"),
        help_text=_("Empty: the unit becomes a top unit of the committee below."),
    )
    committee = forms.ModelChoiceField(
        Committee.objects.none(),
        required=False,
        label=_("Committee"),
        help_text=_("Needed only when there is no new parent unit."),
    )

    def __init__(self, *args: Any, unit: OrgUnit, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        # The parents offered: the year's units outside the moved subtree.
        _offer(
            self,
            "parent",
            OrgUnit.objects.valid_in(year)
            .exclude(path__startswith=unit.path)
            .select_related("committee")
            .order_by("committee__order", "committee__name", "path"),
        )
        _offer(self, "committee", Committee.objects.valid_in(year))
        if not self.is_bound:
            self.initial.setdefault("year", year)
            self.initial["seen"] = history_seen(unit)

    def clean(self) -> dict[str, Any]:
        # unit_reorganise refuses all of these too; here each is said at its field.
        data = super().clean() or {}
        year, parent, committee = data.get("year"), data.get("parent"), data.get("committee")
        if not parent and not committee:
            raise ValidationError(_("Choose a new parent unit or a committee."))
        if parent and committee and parent.committee_id != committee.pk:
            self.add_error("committee", _("The new parent unit belongs to another committee."))
        if year is None:
            return data
        if not self.unit.is_valid_in(year) or self.unit.valid_from >= year:
            self.add_error(
                "year",
                _("The unit is valid %(years)s: choose a later year in which it is still valid.")
                % {"years": validity(self.unit)},
            )
        if parent and not parent.is_valid_in(year):
            self.add_error("parent", _("Not valid in %(year)s.") % {"year": year})
        if committee and not committee.is_valid_in(year):
            self.add_error("committee", _("Not active in %(year)s.") % {"year": year})
        return data


def validity(obj: OrgUnit | Committee) -> str:
    """The years a unit or committee is valid, as the tree shows them: 2019–2022, 2019–."""
    return f"{obj.valid_from}–{obj.valid_to or ''}"
