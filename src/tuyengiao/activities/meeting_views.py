"""Pages of meetings: a new one, typed or proposed from an invitation the user may read;
one meeting, its edit and delete, and its becoming an activity. Reads go through the scope
helper, writes through activities.meetings (which checks the roles again)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms import formset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on
from tuyengiao.activities.meeting_forms import MeetingForm, ToActivityForm
from tuyengiao.activities.meetings import (
    meeting_delete,
    meeting_document_shown,
    meeting_get_visible_or_404,
    meeting_save,
    meeting_title_shown,
    meeting_to_activity,
    meetings_proposed,
    meetings_visible,
)
from tuyengiao.activities.models import Meeting
from tuyengiao.documents.selectors import document_get_visible_or_404

MeetingFormSet = formset_factory(MeetingForm, extra=0)
MAX_PROPOSALS = 10


def _calendar_url(meeting: Meeting) -> str:
    query = urlencode(
        {"unit": str(meeting.orgunit_id), "view": "agenda", "day": str(meeting.held_on)}
    )
    return f"{reverse('calendar:calendar')}?{query}"


def _initial(proposal) -> dict:
    meeting = proposal.meeting
    return {
        "orgunit": meeting.orgunit,
        "title": meeting.title,
        "held_on": meeting.held_on,
        "starts_at": meeting.starts_at,
        "ends_on": meeting.ends_on,
        "ends_at": meeting.ends_at,
        "place": meeting.place,
        "host": meeting.host,
        "host_name": meeting.host_name,
        "invited": proposal.invited,
        "keep": True,
    }


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest) -> HttpResponse:
    """A new meeting; with `?document=` one proposal per meeting the invitation announces."""
    user = request.user
    document = None
    if request.GET.get("document"):
        document = document_get_visible_or_404(user=user, pk=request.GET["document"])
    if request.method == "POST":
        formset = MeetingFormSet(request.POST, form_kwargs={"user": user, "proposal": True})
        if formset.is_valid():
            saved = _save_all(request, formset, document)
            if saved:
                messages.success(
                    request, _("Đã đưa %(count)s cuộc họp vào lịch.") % {"count": len(saved)}
                )
                return redirect(_calendar_url(saved[0]))
    else:
        initial = _proposals(request, document) if document is not None else []
        formset = MeetingFormSet(
            initial=initial or [{"keep": True}], form_kwargs={"user": user, "proposal": True}
        )
    context = {"formset": formset, "document": document}
    return render(request, "activities/meeting_new.html", context)


def _proposals(request: HttpRequest, document) -> list[dict]:
    """The forms' first values, one per meeting the invitation announces, and a word when it
    is already on the calendar or announces none."""
    already = meetings_visible(request.user).filter(document=document).count()
    if already:
        note = _("Văn bản này đã có %(count)s cuộc họp trên lịch; lưu nữa sẽ thêm cuộc họp mới.")
        messages.info(request, note % {"count": already})
    proposals = meetings_proposed(user=request.user, document=document)[:MAX_PROPOSALS]
    if not proposals:
        note = _("Không tìm thấy thời gian, địa điểm họp trong văn bản; hãy nhập tay.")
        messages.warning(request, note)
    return [_initial(proposal) for proposal in proposals]


def _save_all(request, formset, document) -> list[Meeting]:
    """Every kept form, all or none: a refused one leaves its message on its form."""
    saved: list[Meeting] = []
    try:
        with transaction.atomic():
            for form in formset:
                if not form.cleaned_data.get("keep"):
                    continue
                meeting = form.save(commit=False)
                meeting.document = document
                saved.append(
                    meeting_save(
                        user=request.user, meeting=meeting, invited=form.cleaned_data["invited"]
                    )
                )
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        return []
    if not saved:
        messages.warning(request, _("Chưa chọn cuộc họp nào để đưa vào lịch."))
    return saved


@login_required
@require_http_methods(["GET", "POST"])
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_visible_or_404(user=request.user, pk=pk)
    may_edit = has_role_on(request.user, meeting.orgunit, role=Role.EDITOR)
    # An editor who may not read a confidential invitation edits the title they are shown.
    title = meeting_title_shown(meeting)
    form = None
    if may_edit:
        form = MeetingForm(instance=meeting, user=request.user, initial={"title": title})
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = MeetingForm(request.POST, instance=meeting, user=request.user)
        if form.is_valid():
            try:
                meeting_save(
                    user=request.user,
                    meeting=form.save(commit=False),
                    invited=form.cleaned_data["invited"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Đã lưu cuộc họp."))
                return redirect("activities:meeting", pk=meeting.pk)
    # Activity.clean refuses a day after today: the button waits for the meeting's day.
    may_record = may_edit and meeting.activity_id is None
    to_come = meeting.held_on > timezone.localdate()
    context = {
        "meeting": meeting,
        "title": title,
        "document": meeting_document_shown(meeting),
        "form": form,
        "invited": meeting.invited.order_by("path"),
        "to_activity": ToActivityForm() if may_record and not to_come else None,
        "to_come": may_record and to_come,
        "calendar_url": _calendar_url(meeting),
    }
    return render(request, "activities/meeting.html", context)


@login_required
@require_POST
def meeting_remove(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = meeting_get_visible_or_404(user=request.user, pk=pk)
    url = _calendar_url(meeting)
    meeting_delete(user=request.user, meeting=meeting)
    messages.success(request, _("Đã xóa cuộc họp khỏi lịch."))
    return redirect(url)


@login_required
@require_POST
def meeting_activity(request: HttpRequest, pk: int) -> HttpResponse:
    """The held meeting recorded as an activity; its attendance is filled in after."""
    meeting = meeting_get_visible_or_404(user=request.user, pk=pk)
    form = ToActivityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn loại hoạt động."))
        return redirect("activities:meeting", pk=pk)
    try:
        meeting_to_activity(user=request.user, meeting=meeting, kind=form.cleaned_data["kind"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã ghi cuộc họp thành hoạt động."))
    return redirect("activities:meeting", pk=pk)
