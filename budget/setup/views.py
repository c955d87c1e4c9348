"""The first-start wizard: while the database holds no municipality, the administrator's
account (when there is no account at all), then the municipality, a summary, and the set-up.

Both steps answer 404 once a municipality exists: the wizard cannot be run again.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from budget.setup.forms import AdministratorForm, MunicipalityForm
from budget.setup.services import SetupRefused, first_administrator_create, municipality_setup
from budget.setup.summary import setup_plan, setup_told
from municipality.access import policy
from municipality.organisation.selectors import municipality_current
from municipality.people.models import User

# The account is made here, not by logging in: no backend has authenticated it.
SESSION_BACKEND = "django.contrib.auth.backends.ModelBackend"
SECTION = {"section": "setup"}  # in no section of the main navigation


def _refuse_once_set_up() -> None:
    if municipality_current() is not None:
        raise Http404(_("The municipality is set up already."))


@login_not_required
def setup_administrator(request: HttpRequest) -> HttpResponse:
    """The first account, while there is none; it is logged in and goes on to the set-up."""
    _refuse_once_set_up()
    if User.objects.exists():
        raise Http404(_("There are accounts already."))
    form = AdministratorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = first_administrator_create(
                username=data["username"],
                password=data["password1"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except SetupRefused as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=SESSION_BACKEND)
            return redirect("budget:setup")
    return render(request, "budget/setup/administrator.html", {"form": form, **SECTION})


@login_not_required  # it asks for the login itself, after sending a first visitor onwards
def setup_wizard(request: HttpRequest) -> HttpResponse:
    """The municipality's name, code, years, report lines and signs; then a summary to confirm;
    then the set-up, by an administrator (``MANAGE_ORGANISATION``)."""
    _refuse_once_set_up()
    if not request.user.is_authenticated:
        if not User.objects.exists():
            return redirect("budget:setup-administrator")
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
    if not policy.can(request.user, policy.Action.MANAGE_ORGANISATION):
        raise PermissionDenied
    form = MunicipalityForm(request.POST or None)
    if request.method != "POST" or "change" in request.POST or not form.is_valid():
        return render(request, "budget/setup/municipality.html", {"form": form, **SECTION})
    if "confirm" not in request.POST:
        plan = setup_plan(**form.cleaned_data)
        return render(request, "budget/setup/summary.html", {"form": form, "plan": plan, **SECTION})
    try:
        result = municipality_setup(**form.cleaned_data)
    except SetupRefused as error:
        form.add_error(None, error)
        return render(request, "budget/setup/municipality.html", {"form": form, **SECTION})
    for line in setup_told(result):
        messages.success(request, line)
    return redirect("municipality:start")
