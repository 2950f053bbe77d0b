"""Pages of the channels: a unit's list, a channel with its output, adding and editing one,
a month's counts, and the output file (template and import). Thin: reads through the
selectors (scoped), writes through the services (which check the roles again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tuyengiao.channels import files, selectors
from tuyengiao.channels.forms import ChannelForm, ImportForm, OutputForm, editable_units
from tuyengiao.channels.models import Channel, ChannelKind, ChannelOutput
from tuyengiao.channels.services import channel_save, output_delete, output_save
from tuyengiao.values.periods import Period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_editor_somewhere(user) -> list:
    units = editable_units(user)
    if not units:
        raise PermissionDenied
    return units


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The channels of a unit and the units below it, by kind."""
    unit = selectors.picked_unit(request)
    kind = request.GET.get("kind", "")
    if kind not in ChannelKind.values:
        kind = ""
    channels = list(selectors.channels_under(request.user, unit, kind=kind))
    context = {
        "unit": unit,
        "units": selectors.unit_choices(request.user),
        "kind": kind,
        "kinds": ChannelKind.choices,
        "channels": channels,
        "can_add": bool(editable_units(request.user)),
        "can_edit_unit": selectors.can_edit(request.user, unit),
    }
    return render(request, "channels/index.html", context)


@login_required
@require_GET
def channel(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.channel_or_404(request.user, pk)
    context = {
        "channel": found,
        "outputs": found.outputs.all()[:24],
        "can_edit": selectors.can_edit(request.user, found.orgunit),
    }
    return render(request, "channels/channel.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def channel_new(request: HttpRequest) -> HttpResponse:
    units = _require_editor_somewhere(request.user)
    initial = {"orgunit": request.GET.get("unit") or units[0].pk, "kind": request.GET.get("kind")}
    return _channel_form(request, Channel(), initial=initial)


@login_required
@require_http_methods(["GET", "POST"])
def channel_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.channel_or_404(request.user, pk)
    if not selectors.can_edit(request.user, found.orgunit):
        raise PermissionDenied
    return _channel_form(request, found, initial={})


def _channel_form(request: HttpRequest, instance: Channel, *, initial: dict) -> HttpResponse:
    form = ChannelForm(request.POST or None, instance=instance, initial=initial,
                       user=request.user)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            saved = channel_save(user=request.user, channel=form.save(commit=False))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã lưu kênh “%(name)s”.") % {"name": saved.name})
            return redirect(saved.get_absolute_url())
    status = 400 if form.errors else 200
    return render(request, "channels/channel_form.html", {"form": form, "channel": instance},
                  status=status)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def output_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A month's counts for one channel: the month picked, its counts shown to correct."""
    found = selectors.channel_or_404(request.user, pk)
    if not selectors.can_edit(request.user, found.orgunit):
        raise PermissionDenied
    periods = selectors.recent_months()
    try:
        period = Period.parse(request.POST.get("month") or request.GET.get("month") or "")
    except ValueError:
        period = files.default_period()
    existing = ChannelOutput.objects.filter(channel=found, month=period.start).first()
    form = OutputForm(request.POST or None, instance=existing, periods=periods,
                      initial={"month": period})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        counts = {name: form.cleaned_data[name] for name in files.COUNTS}
        try:
            output_save(user=request.user, channel=found, month=form.cleaned_data["month"].start,
                        counts=counts, note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Đã ghi kết quả đăng phát."))
            return redirect(found.get_absolute_url())
    status = 400 if form.errors else 200
    context = {"form": form, "channel": found, "existing": existing}
    return render(request, "channels/output_form.html", context, status=status)


@login_required
@require_POST
def output_remove(request: HttpRequest, pk: int, month: str) -> HttpResponse:
    """Delete a month's counts; the unit's figures of that month no longer count them."""
    found = selectors.channel_or_404(request.user, pk)
    try:
        period = Period.parse(month)
    except ValueError:
        raise Http404 from None
    output = ChannelOutput.objects.filter(channel=found, month=period.start).first()
    if output is None:
        raise Http404
    try:
        output_delete(user=request.user, output=output)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã xóa kết quả tháng."))
    return redirect(found.get_absolute_url())


@login_required
@require_http_methods(["GET", "POST"])
def output_import(request: HttpRequest) -> HttpResponse:
    units = _require_editor_somewhere(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "units": units, "periods": selectors.recent_months(),
                     "period": files.default_period()}  # fmt: skip
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = files.outputs_import(user=request.user, source=upload, name=upload.name or "")
        if not result.problem:
            messages.success(
                request, _("Đã ghi %(n)d dòng kết quả đăng phát.") % {"n": result.saved}
            )
            return redirect("channels:import")
        context["result"] = result
        status = 400
    elif form.errors:
        status = 400
    return render(request, "channels/import.html", context, status=status)


@login_required
@require_GET
def output_template(request: HttpRequest, fmt: str) -> HttpResponse:
    """The channels of a unit (and below) with a month's counts, to fill in and import."""
    if fmt not in ("xlsx", "csv"):
        raise Http404
    unit = selectors.picked_unit(request)
    try:
        period = Period.parse(request.GET.get("month", ""))
    except ValueError:
        period = files.default_period()
    channels = selectors.channels_under(request.user, unit).order_by("orgunit__path", "kind", "pk")
    content = files.template_bytes(channels, period, fmt)
    response = HttpResponse(content, content_type=XLSX if fmt == "xlsx" else "text/csv")
    response["Content-Disposition"] = content_disposition_header(
        True, f"kenh-{unit.code}-{period.code}.{fmt}"
    )
    return response
