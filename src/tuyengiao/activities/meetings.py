"""Meetings on a unit's calendar: read from an invitation, saved, deleted and turned into an
activity. Writes check the roles here as activity_save does; reads go through the scope
helper: a meeting is seen by the users of the unit that keeps it, of its host and of the
units it invites."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role, scope_filter, units_in_scope
from tuyengiao.activities.models import Activity, ActivityKind, Meeting
from tuyengiao.activities.services import activity_save
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.meetings import find_meetings
from tuyengiao.textkit.normalize import normalize

TITLE_LENGTH = 255
# What a meeting of a confidential invitation is called where its title would tell it.
NEUTRAL_TITLE = gettext_lazy("Cuộc họp theo giấy mời")


def meetings_visible(user) -> QuerySet[Meeting]:
    """Meetings kept by, hosted by or inviting a unit of the user's subtrees, each marked
    `document_readable` when the user may read its invitation (meeting_document_shown,
    meeting_title_shown)."""
    kept = scope_filter(Meeting.objects.all(), user, path_field="orgunit__path")
    hosted = scope_filter(Meeting.objects.all(), user, path_field="host__path")
    invites = scope_filter(Meeting.invited.through.objects.all(), user, path_field="orgunit__path")
    readable = documents_visible(user).filter(pk=OuterRef("document_id"))
    return Meeting.objects.filter(
        Q(pk__in=kept.values("pk"))
        | Q(pk__in=hosted.values("pk"))
        | Q(pk__in=invites.values("meeting_id"))
    ).annotate(document_readable=Exists(readable))


def meeting_document_shown(meeting: Meeting) -> Document | None:
    """The meeting's invitation when its reader may open it: a meeting is seen by units that
    may not read it (a confidential one, one held by a neighbour), which are not to learn of
    it. Only for a meeting read through meetings_visible; any other counts as unreadable."""
    return meeting.document if getattr(meeting, "document_readable", False) else None


def meeting_title_shown(meeting: Meeting) -> str:
    """The title, or a neutral one when the invitation is confidential and the reader may not
    open it: a meeting saved before titles of confidential invitations were neutral, or whose
    invitation became confidential after, may still say what it says."""
    hidden = meeting.document_id is not None and not getattr(meeting, "document_readable", False)
    if hidden and meeting.document.confidential:  # type: ignore[union-attr]
        return str(NEUTRAL_TITLE)
    return meeting.title


def meeting_get_visible_or_404(*, user, pk) -> Meeting:
    try:
        return meetings_visible(user).select_related("orgunit", "host", "document").get(pk=pk)
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def meeting_save(*, user, meeting: Meeting, invited: Iterable[OrgUnit] | None = None) -> Meeting:
    """Save a new or changed meeting. The user enters the calendars of the unit that keeps it
    and of every unit it newly invites: an editor there, as for an activity. `invited` is the
    choice among the units the user may enter: those invited beyond them (the province's
    choice) stay as they were."""
    require_role(user, meeting.orgunit, role=Role.EDITOR)
    before = Meeting.objects.filter(pk=meeting.pk).select_related("orgunit").first()
    if before is not None:
        require_role(user, before.orgunit, role=Role.EDITOR)
    kept = _invited_kept(user, before, invited) if invited is not None else None
    meeting.full_clean(exclude=["created_by", "activity", "document"])
    if meeting.created_by_id is None:
        meeting.created_by = user
    with transaction.atomic():
        meeting.save()
        if kept is not None:
            meeting.invited.set(kept)
    return meeting


def _invited_kept(user, before: Meeting | None, chosen: Iterable[OrgUnit]) -> list[OrgUnit]:
    """(invited before − what the user may choose) ∪ chosen; each unit added checked."""
    chosen = list(chosen)
    earlier = list(before.invited.all()) if before is not None else []
    choosable = set(
        units_in_scope(user, role=Role.EDITOR)
        .filter(pk__in=[unit.pk for unit in earlier])
        .values_list("pk", flat=True)
    )
    for unit in chosen:
        if unit not in earlier:
            require_role(user, unit, role=Role.EDITOR)
    beyond = [unit for unit in earlier if unit.pk not in choosable and unit not in chosen]
    return beyond + chosen


def meeting_delete(*, user, meeting: Meeting) -> None:
    """Delete a meeting from the calendar; the activity it became stays."""
    require_role(user, meeting.orgunit, role=Role.EDITOR)
    meeting.delete()


def meeting_to_activity(*, user, meeting: Meeting, kind: ActivityKind) -> Activity:
    """The activity a held meeting became, recorded by the unit that kept it, its day, hours,
    place and invitation copied; the meeting keeps the link. Attendance is filled in after,
    on the activity's own page. Refused when the meeting already became one."""
    require_role(user, meeting.orgunit, role=Role.EDITOR)
    if meeting.activity_id is not None:
        raise ValidationError(_("Cuộc họp này đã được ghi thành hoạt động."))
    activity = Activity(
        kind=kind,
        orgunit=meeting.orgunit,
        title=_activity_title(meeting),
        held_on=meeting.held_on,
        ends_on=meeting.ends_on,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        place=meeting.place,
    )
    documents = [meeting.document] if meeting.document is not None else []
    with transaction.atomic():
        activity_save(user=user, activity=activity, documents=documents)
        meeting.activity = activity
        meeting.save(update_fields=["activity"])
    return activity


def _activity_title(meeting: Meeting) -> str:
    """The meeting's title, neutral when it names a confidential invitation (a meeting saved
    before such titles were neutral): the activity is read by all the unit's users."""
    document = meeting.document
    if document is None or not document.confidential:
        return meeting.title
    names = [words for words in (document.symbol, document.title, document.summary) if words]
    if any(words.casefold() in meeting.title.casefold() for words in names):
        return str(NEUTRAL_TITLE)
    return meeting.title


@dataclass
class Proposal:
    """One meeting the invitation's text announces, before a person checks it."""

    meeting: Meeting
    invited: list[OrgUnit] = field(default_factory=list)


def meetings_proposed(*, user, document: Document) -> list[Proposal]:
    """One proposed meeting per meeting found in the invitation's text (read against its
    date), titled by its abstract, hosted by its issuer when the tree knows it, kept by and
    inviting the unit that registered it when the user enters there. Nothing is saved."""
    text = normalize(document.full_text or "\n".join([document.title, document.summary]))
    found = find_meetings(text, issued=document.issued_on)
    editable = units_in_scope(user, role=Role.EDITOR)
    keeper = editable.filter(pk=document.orgunit_id).first() or editable.order_by("path").first()
    host = document.issuer_unit
    title = _meeting_title(document)
    proposals = []
    for meeting in found:
        start, end = meeting.start, meeting.end
        timed = isinstance(start, datetime.datetime)
        proposals.append(
            Proposal(
                meeting=Meeting(
                    orgunit=keeper,
                    title=title,
                    host=host,
                    host_name="" if host else document.issuer_name,
                    held_on=start.date() if timed else start,  # type: ignore[union-attr]
                    starts_at=start.time() if timed else None,  # type: ignore[union-attr]
                    # `end` is a day alone when the text gives no end hour ("đến ngày 15/4")
                    ends_on=_day(end) if end and _day(end) != _day(start) else None,
                    ends_at=end.time() if isinstance(end, datetime.datetime) and timed else None,
                    place=meeting.place[:255],
                    document=document,
                ),
                invited=[keeper] if keeper is not None else [],
            )
        )
    return proposals


def _day(moment: datetime.datetime | datetime.date) -> datetime.date:
    return moment.date() if isinstance(moment, datetime.datetime) else moment


def _meeting_title(document: Document) -> str:
    """ "Giấy mời 116-GM/ĐUK: Hội nghị quán triệt…", from the abstract when there is one.
    Neutral for a confidential invitation: the meeting is seen by users who may not read it,
    and its symbol says what it is about as well as its abstract."""
    if document.confidential:
        return str(NEUTRAL_TITLE)
    about = " ".join((document.title or document.summary).split())
    head = f"{document.type_name or _('Giấy mời')} {document.symbol}".strip()
    title = f"{head}: {about}" if about else head
    return title if len(title) <= TITLE_LENGTH else title[: TITLE_LENGTH - 1] + "…"
