"""Pages of the culture registries and of the broadcast schedules: lists, add and edit, a
channel's weekly slots and exceptions, and a commune's schedule on one printed page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.channels import selectors, services
from tuyengiao.channels.forms import CultureForm, ExceptionForm, SlotForm, editable_units
from tuyengiao.channels.models import (
    BroadcastException,
    BroadcastSlot,
    CultureRecord,
    Register,
    Weekday,
)
from tuyengiao.orgunits.models import OrgUnit


@login_required
@require_GET
def culture(request: HttpRequest) -> HttpResponse:
    """A unit's culture registries (and those of the units below it)."""
    unit = selectors.picked_unit(request)
    register = request.GET.get("register", "")
    if register not in Register.values:
        register = ""
    records = list(selectors.records_under(request.user, unit, register=register))
    context = {
        "unit": unit,
        "units": selectors.unit_choices(request.user),
        "register": register,
        "registers": Register.choices,
        "records": records,
        "can_add": bool(editable_units(request.user)),
        "editable": {r.pk for r in records if selectors.can_edit(request.user, r.orgunit)},
    }
    return render(request, "channels/culture.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def culture_new(request: HttpRequest) -> HttpResponse:
    units = editable_units(request.user)
    if not units:
        raise PermissionDenied
    register = request.GET.get("register") or Register.TROUPE
    initial = {"orgunit": request.GET.get("unit") or units[0].pk, "register": register}
    return _culture_form(request, CultureRecord(), initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def culture_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.record_or_404(request.user, pk)
    if not selectors.can_edit(request.user, record.orgunit):
        raise PermissionDenied
    return _culture_form(request, record, initial={})


def _culture_form(request: HttpRequest, record: CultureRecord, *, initial: dict) -> HttpResponse:
    form = CultureForm(request.POST or None, instance=record, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.record_save(user=request.user, record=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu “%(name)s”.") % {"name": saved.name})
            url = reverse("channels:culture")
            return redirect(f"{url}?unit={saved.orgunit_id}&register={saved.register}")
    status = 400 if form.errors else 200
    return render(request, "channels/culture_form.html", {"form": form, "record": record},
                  status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, pk: int) -> HttpResponse:
    """A station's or cluster's weekly slots and exceptions; an editor adds and removes them."""
    channel = selectors.channel_or_404(request.user, pk)
    can_edit = selectors.can_edit(request.user, channel.orgunit)
    slot_form = SlotForm(prefix="slot")
    exception_form = ExceptionForm(prefix="exception")
    status = 200
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if "slot-programme" in request.POST:
            slot_form = SlotForm(request.POST, prefix="slot",
                                 instance=BroadcastSlot(channel=channel))  # fmt: skip
            saved = _save(slot_form, lambda obj: services.slot_save(user=request.user, slot=obj))
        else:
            exception_form = ExceptionForm(
                request.POST, prefix="exception", instance=BroadcastException(channel=channel)
            )
            saved = _save(exception_form, lambda obj: services.exception_save(
                user=request.user, exception=obj))  # fmt: skip
        if saved:
            messages.success(request, _("Đã cập nhật lịch phát sóng."))
            return redirect("channels:schedule", pk=channel.pk)
        status = 400
    context = {
        "channel": channel,
        "can_edit": can_edit and channel.broadcasts,
        "slots": channel.slots.all(),
        "exceptions": channel.exceptions.all(),
        "slot_form": slot_form,
        "exception_form": exception_form,
    }
    return render(request, "channels/schedule.html", context, status=status)


def _save(form, save) -> bool:
    if not form.is_valid():
        return False
    try:
        save(form.save(commit=False))
    except ValidationError as error:
        form.add_error(None, error)
        return False
    return True


@login_required
@require_POST
def schedule_remove(request: HttpRequest, pk: int, what: str, item: int) -> HttpResponse:
    channel = selectors.channel_or_404(request.user, pk)
    if what == "slot":
        slot = get_object_or_404(BroadcastSlot, channel=channel, pk=item)
        services.slot_delete(user=request.user, slot=slot)
    else:
        exception = get_object_or_404(BroadcastException, channel=channel, pk=item)
        services.exception_delete(user=request.user, exception=exception)
    messages.success(request, _("Đã cập nhật lịch phát sóng."))
    return redirect("channels:schedule", pk=channel.pk)


@login_required
@require_GET
def schedule_print(request: HttpRequest, pk: int) -> HttpResponse:
    """A commune's broadcast schedule on one page: each day's slots across its stations and
    clusters, and the exceptions still to come."""
    unit = get_in_scope_or_404(OrgUnit.objects.all(), request.user, path_field="path", pk=pk)
    channels = list(selectors.broadcasting_under(request.user, unit))
    today = timezone.localdate()
    days = []
    for day, label in Weekday.choices:
        slots = sorted(
            (slot for channel in channels for slot in channel.slots.all() if slot.weekday == day),
            key=lambda slot: (slot.starts_at, slot.channel_id),
        )
        days.append({"label": label, "slots": slots})
    exceptions = sorted(
        (e for channel in channels for e in channel.exceptions.all() if e.ends_on >= today),
        key=lambda e: e.starts_on,
    )
    context = {"unit": unit, "channels": channels, "days": days, "exceptions": exceptions,
               "today": today}  # fmt: skip
    return render(request, "channels/schedule_print.html", context)
