"""The people pages: the user list, one user's page with their details, roles and status,
a new local user, a password, and the user's history with their roles'."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.forms import with_stale_error
from municipality.administration.people.forms import (
    ACTIVE,
    INACTIVE,
    ActiveForm,
    LocalUserForm,
    PasswordForm,
    RoleGiveForm,
    SeenForm,
    UserDetailsForm,
    UserFilterForm,
)
from municipality.administration.people.selectors import (
    UserFilter,
    people,
    role_scope,
    user_history,
    user_roles,
    users_listed,
)
from municipality.administration.people.services import (
    password_set,
    role_give,
    role_take,
    user_set_active,
)
from municipality.administration.people.tables import UserTable, sign_in_text
from municipality.administration.writes import writes_need
from municipality.formats.times import format_time
from municipality.history.guard import StaleEdit, form_save_checked, history_seen
from municipality.people.models import Role, RoleAssignment, User

PAGE = policy.Page.ADMIN_USERS
WRITE = policy.Action.MANAGE_USERS
PER_PAGE = 25


def local_passwords() -> bool:
    """Whether Tertial keeps passwords of its own (the demo, and municipalities without an
    identity provider); with sign-in through the directory only, users come from there."""
    return bool(getattr(settings, "LOCAL_PASSWORDS", True))


def _user_url(user: User) -> str:
    return reverse("municipality:admin-user", args=[user.pk])


@policy.opens(PAGE)
def user_list(request: SignedInRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    criteria = UserFilter()
    if form.is_valid():
        status = form.cleaned_data["status"]
        criteria = UserFilter(
            search=form.cleaned_data["q"],
            role=form.cleaned_data["role"],
            unit=form.cleaned_data["unit"],
            active={ACTIVE: True, INACTIVE: False}.get(status),
        )
    table = UserTable(users_listed(criteria))
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    context = {"filter_form": form, "table": table, "may_create": local_passwords()}
    return render(request, "administration/users.html", context)


def _user_page(
    request: SignedInRequest,
    user: User,
    *,
    details: UserDetailsForm | None = None,
    give: RoleGiveForm | None = None,
) -> HttpResponse:
    seen = history_seen(user)
    context = {
        "person": user,
        "details": details or UserDetailsForm(instance=user),
        "roles": user_roles(user),
        "give": give or RoleGiveForm(user=user),
        "active_form": ActiveForm(initial={"active": not user.is_active, "seen": seen}),
        "sign_in": sign_in_text(user),
        "is_self": user.pk == request.user.pk,
        "may_set_password": local_passwords(),
    }
    return render(request, "administration/user.html", context)


@policy.opens(PAGE)
def user_detail(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(people(), pk=pk)
    writes_need(request, WRITE)
    if request.method != "POST":
        return _user_page(request, user)
    # The form edits a copy: the page's heading keeps the saved name if the form is refused.
    form = UserDetailsForm(request.POST, instance=User.objects.get(pk=pk))
    if form.is_valid():
        try:
            form_save_checked(form, seen=form.seen_version)
        except StaleEdit as stale:
            user = User.objects.get(pk=pk)
            form = with_stale_error(UserDetailsForm(instance=user), stale)
        else:
            messages.success(request, _("The details of %(user)s are saved.") % {"user": user})
            return redirect(_user_url(user))
    return _user_page(request, user, details=form)


@policy.opens(PAGE)
@require_POST
def user_role_give(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(people(), pk=pk)
    writes_need(request, WRITE)
    form = RoleGiveForm(request.POST, user=user)
    if form.is_valid():
        try:
            assignment, created = role_give(
                user=user,
                role=Role(form.cleaned_data["role"]),
                unit=form.cleaned_data["unit"],
                by=request.user,
            )
        except ValidationError as refusal:
            form.add_error(None, refusal)
        else:
            names = {
                "user": user,
                "role": assignment.get_role_display(),
                "scope": role_scope(assignment.unit),
            }
            if created:
                messages.success(request, _("%(user)s is now %(role)s (%(scope)s).") % names)
            else:
                messages.info(
                    request, _("%(user)s already has %(role)s (%(scope)s) by hand.") % names
                )
            return redirect(f"{_user_url(user)}#roles")
    return _user_page(request, user, give=form)


@policy.opens(PAGE)
@require_POST
def user_role_take(request: SignedInRequest, pk: int, assignment: int) -> HttpResponse:
    user = get_object_or_404(people(), pk=pk)
    writes_need(request, WRITE)
    form = SeenForm(request.POST)
    seen = (form.cleaned_data.get("seen") or 0) if form.is_valid() else 0
    try:
        taken = role_take(user=user, assignment_id=assignment, by=request.user, seen=seen)
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    except StaleEdit as stale:
        messages.error(request, str(stale))
    else:
        if taken is None:
            messages.info(request, _already_taken(assignment))
        else:
            names = {
                "user": user,
                "role": taken.get_role_display(),
                "scope": role_scope(taken.unit),
            }
            messages.success(request, _("%(user)s no longer has %(role)s (%(scope)s).") % names)
    return redirect(f"{_user_url(user)}#roles")


def _already_taken(assignment_id: int) -> str:
    """Who took a role away that is gone already (a form sent twice, or two administrators)."""
    deletion = (
        RoleAssignment.history.filter(id=assignment_id, history_type="-")
        .select_related("history_user")
        .first()
    )
    if deletion is None:
        return _("That role was taken away already.")
    return _("That role was taken away already, by %(who)s at %(time)s.") % {
        "who": deletion.history_user or _("the system"),
        "time": format_time(deletion.history_date),
    }


@policy.opens(PAGE)
@require_POST
def user_active(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(people(), pk=pk)
    writes_need(request, WRITE)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()  # only a hand-made request sends a bad version
    active = form.cleaned_data["active"]
    try:
        changed = user_set_active(
            user=user, active=active, by=request.user, seen=form.cleaned_data["seen"] or 0
        )
    except ValidationError as refusal:
        messages.error(request, " ".join(refusal.messages))
    except StaleEdit as stale:
        messages.error(request, str(stale))
    else:
        if active:
            done = _("%(user)s is active again and can sign in.")
            already = _("%(user)s is active already.")
        else:
            done = _("%(user)s is deactivated and can no longer sign in.")
            already = _("%(user)s is deactivated already.")
        if changed:
            messages.success(request, done % {"user": user})
        else:
            messages.info(request, already % {"user": user})
    return redirect(_user_url(user))


@policy.opens(PAGE)
def user_create(request: SignedInRequest) -> HttpResponse:
    if not local_passwords():
        raise Http404
    writes_need(request, WRITE)
    form = LocalUserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(
            request, _("%(user)s is created: now set their password.") % {"user": user}
        )
        return redirect("municipality:admin-user-password", pk=user.pk)
    return render(request, "administration/user_create.html", {"form": form})


@policy.opens(PAGE)
def user_password(request: SignedInRequest, pk: int) -> HttpResponse:
    if not local_passwords():
        raise Http404
    user = get_object_or_404(people(), pk=pk)
    writes_need(request, WRITE)
    form = PasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            password_set(
                user=user,
                password=form.cleaned_data["new_password1"],
                seen=form.cleaned_data.get("seen") or 0,
            )
        except StaleEdit as stale:
            user = User.objects.get(pk=pk)
            form = with_stale_error(PasswordForm(user), stale)
        else:
            messages.success(request, _("The password of %(user)s is set.") % {"user": user})
            return redirect(_user_url(user))
    return render(request, "administration/user_password.html", {"form": form, "person": user})


@policy.opens(PAGE)
def user_history_view(request: SignedInRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(people(), pk=pk)
    context = {
        "object": user,
        "changes": user_history(user),
        "back_url": _user_url(user),
        "back_label": str(user),
    }
    return render(request, "administration/history.html", context)
