"""The error summary at the top of a form that failed (templates/administration/partials/
form_errors.html): which fields to correct, each a link to its field."""

from __future__ import annotations

from django import forms, template
from django.forms import BoundField

register = template.Library()


@register.filter
def fields_with_errors(form: forms.BaseForm) -> list[BoundField]:
    """The visible fields that have errors, in the form's order."""
    return [field for field in form.visible_fields() if field.errors]
