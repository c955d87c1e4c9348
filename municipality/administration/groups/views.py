"""The directory group pages: the mappings with how many hold a role from each, a new one,
an edit, a deletion (the roles go at each holder's next sign-in, or at once if asked), and
each mapping's history."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from municipality.access import policy
from municipality.access.http import SignedInRequest
from municipality.administration.forms import with_stale_error
from municipality.administration.groups.forms import MappingDeleteForm, MappingForm
from municipality.administration.groups.selectors import mapping_holders, mappings_listed
from municipality.administration.groups.services import mapping_delete
from municipality.administration.groups.tables import MappingTable
from municipality.administration.writes import writes_need
from municipality.history.guard import StaleEdit, form_save_checked, history_seen
from municipality.history.pages import history_page
from municipality.people.models import DirectoryGroupRole

PAGE = policy.Page.ADMIN_GROUPS
WRITE = policy.Action.MANAGE_USERS


@policy.opens(PAGE)
def mapping_list(request: SignedInRequest) -> HttpResponse:
    table = MappingTable(mappings_listed())
    return render(request, "administration/groups.html", {"table": table})


def _edit(request: SignedInRequest, mapping: DirectoryGroupRole | None) -> HttpResponse:
    writes_need(request, WRITE)
    form = MappingForm(request.POST or None, instance=mapping)
    if request.method == "POST" and form.is_valid():
        try:
            saved = form_save_checked(form, seen=form.seen_version)
        except StaleEdit as stale:
            assert mapping is not None  # a new mapping has no history to be stale against
            current = DirectoryGroupRole.objects.get(pk=mapping.pk)
            form = with_stale_error(MappingForm(instance=current), stale)
        else:
            messages.success(request, _("Saved: %(mapping)s.") % {"mapping": saved})
            return redirect("municipality:admin-groups")
    return render(request, "administration/group_form.html", {"form": form, "mapping": mapping})


@policy.opens(PAGE)
def mapping_create(request: SignedInRequest) -> HttpResponse:
    return _edit(request, None)


@policy.opens(PAGE)
def mapping_edit(request: SignedInRequest, pk: int) -> HttpResponse:
    return _edit(request, get_object_or_404(DirectoryGroupRole, pk=pk))


@policy.opens(PAGE)
def mapping_delete_view(request: SignedInRequest, pk: int) -> HttpResponse:
    writes_need(request, WRITE)
    mapping = DirectoryGroupRole.objects.filter(pk=pk).select_related("unit").first()
    if mapping is None:
        if request.method == "POST":  # sent twice: the first one deleted it
            messages.info(request, _("That mapping was deleted already."))
            return redirect("municipality:admin-groups")
        raise Http404
    form = MappingDeleteForm(request.POST or None, initial={"seen": history_seen(mapping)})
    if request.method == "POST" and form.is_valid():
        try:
            removed = mapping_delete(
                mapping=mapping,
                seen=form.cleaned_data["seen"] or 0,
                remove_now=form.cleaned_data["remove_now"],
            )
        except StaleEdit as stale:
            fresh = MappingDeleteForm(initial={"seen": history_seen(mapping)})
            form = with_stale_error(fresh, stale)
        else:
            done = _("Deleted: %(mapping)s.") % {"mapping": mapping}
            if removed:
                done += " " + _("%(count)s roles it gave were taken away.") % {"count": removed}
            messages.success(request, done)
            return redirect("municipality:admin-groups")
    context = {"mapping": mapping, "form": form, "holders": mapping_holders(mapping).count()}
    return render(request, "administration/group_delete.html", context)


@policy.opens(PAGE)
def mapping_history(request: SignedInRequest, pk: int) -> HttpResponse:
    mapping = get_object_or_404(DirectoryGroupRole, pk=pk)
    back = reverse("municipality:admin-groups")
    return history_page(request, mapping, back_url=back, back_label=_("Directory groups"))
