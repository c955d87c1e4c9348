"""Form fields shared by the apps."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipality.formats.numbers import (
    NO_BREAK_SPACE,
    AmountError,
    amount_to_store,
    format_amount,
    parse_amount,
)


class AmountField(forms.CharField):
    """A number typed as Swedes write it, that its column holds exactly.

    Made by a model's ``DecimalField`` (``formfield(form_class=AmountField)``), which passes
    its ``max_digits`` and ``decimal_places``; ``unit`` is what the refusal of a too large
    value names the largest in (``kr``; nothing for values that are not money).
    """

    def __init__(
        self,
        *,
        max_digits: int,
        decimal_places: int,
        unit: str = "kr",
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "class": "amount-input"})
        )
        super().__init__(**kwargs)
        self.max_digits, self.decimal_places, self.unit = max_digits, decimal_places, unit

    # A CharField reads the text, this field cleans it into the Decimal it stands for.
    def to_python(self, value: object) -> Decimal | None:  # type: ignore[override]  # see above
        text = super().to_python(value)
        if text is None or text in self.empty_values:
            return None
        try:
            amount = parse_amount(text)
            stored = amount_to_store(amount, column=self, text=text, unit=self.unit)
        except AmountError as error:
            raise ValidationError(error.message, code="amount") from error
        if stored != amount:
            raise ValidationError(
                _("At most %(count)s decimals, please.") % {"count": self.decimal_places},
                code="decimals",
            )
        return amount

    def prepare_value(self, value: object) -> object:
        if isinstance(value, Decimal) and value.is_finite():
            return format_amount(value, decimals=self.decimal_places).replace(NO_BREAK_SPACE, " ")
        return value


class WorkbookUploadForm(forms.Form):
    """A workbook downloaded from Tertial and filled in (the forecast's, the budget's)."""

    MAX_BYTES = 5 * 1024 * 1024

    file = forms.FileField(label=gettext_lazy("Filled-in workbook (.xlsx)"))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise ValidationError(
                _("The file is larger than %(size)s MB; a workbook from Tertial is much smaller.")
                % {"size": self.MAX_BYTES // (1024 * 1024)}
            )
        return upload
