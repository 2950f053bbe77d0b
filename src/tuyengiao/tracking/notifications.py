"""In-app notifications and the daily digest e-mail.

Who hears about a unit's work: the people who hold an editor's role (or a stronger one)
on that very unit, the ones who do the work. Their superiors, whose roles cover the whole
subtree, read the overviews instead of a notice per commune.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.tracking.models import (
    OPEN_STATUSES,
    Assignment,
    Notification,
    NotificationKind,
    ProgressReport,
)
from tuyengiao.ui.formats import format_date

BATCH = 500


def unit_staff(unit_ids: Iterable[int]) -> dict[int, set[int]]:
    """Active users with an editor's role or more on each unit itself."""
    staff: dict[int, set[int]] = defaultdict(set)
    for unit_id, user_id in RoleAssignment.objects.filter(
        orgunit_id__in=list(unit_ids), role__in=Role.at_least(Role.EDITOR), user__is_active=True
    ).values_list("orgunit_id", "user_id"):
        staff[unit_id].add(user_id)
    return staff


def _assignment_url(assignment: Assignment) -> str:
    return reverse("tracking:assignment", args=[assignment.pk])


def _notice(*, user_id: int, kind: str, params: dict, assignment: Assignment) -> Notification:
    """A notice (unsaved) whose text is composed when it is read, in the reader's language;
    `message` keeps it as written in Vietnamese."""
    notice = Notification(
        user_id=user_id,
        kind=kind,
        params=params,
        url=_assignment_url(assignment),
        assignment=assignment,
    )
    with translation.override(settings.LANGUAGE_CODE):
        notice.message = notice.text
    return notice


def notify_assigned(assignments: list[Assignment]) -> int:
    """One notice per person and unit for a batch of new assignments: the first of the
    unit's (the task itself before its sub-tasks) is the one it links to."""
    first: dict[int, Assignment] = {}
    for assignment in assignments:
        first.setdefault(assignment.orgunit_id, assignment)
    staff = unit_staff(first)
    notices = [
        _notice(
            user_id=user_id,
            kind=NotificationKind.ASSIGNED,
            params={"task": str(assignment.task)},
            assignment=assignment,
        )
        for unit_id, assignment in first.items()
        for user_id in staff.get(unit_id, ())
    ]
    Notification.objects.bulk_create(notices, batch_size=BATCH)
    return len(notices)


def notify_returned(report: ProgressReport) -> None:
    """The person who sent the report hears why it came back."""
    params = {
        "period": report.period,
        "task": report.assignment.task.title,
        "reason": report.review_note,
    }
    notice = _notice(
        user_id=report.submitted_by_id,
        kind=NotificationKind.RETURNED,
        params=params,
        assignment=report.assignment,
    )
    notice.save()


def overdue_notify(*, today: datetime.date) -> int:
    """Announce every assignment that has run past its deadline, once per person."""
    late = list(
        Assignment.objects.filter(
            status__in=OPEN_STATUSES, deadline__lt=today, task__cancelled=False
        ).select_related("task")
    )
    staff = unit_staff({a.orgunit_id for a in late})
    notices = [
        _notice(
            user_id=user_id,
            kind=NotificationKind.OVERDUE,
            params={"date": format_date(assignment.deadline), "task": str(assignment.task)},
            assignment=assignment,
        )
        for assignment in late
        if assignment.deadline is not None
        for user_id in staff.get(assignment.orgunit_id, ())
    ]
    before = Notification.objects.filter(kind=NotificationKind.OVERDUE).count()
    Notification.objects.bulk_create(notices, batch_size=BATCH, ignore_conflicts=True)
    return Notification.objects.filter(kind=NotificationKind.OVERDUE).count() - before


def unread(user) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user, read_at__isnull=True)


def notifications_recent(*, user, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(user=user)[:limit])


def notifications_read(*, user) -> int:
    return unread(user).update(read_at=timezone.now())


def digest_send(*, site_url: str) -> tuple[int, int]:
    """E-mail each user the notices not e-mailed yet, one message per user.

    Returns (users e-mailed, notices in them). Does nothing without an SMTP server
    (`TUYENGIAO_EMAIL_HOST`): the notices still wait in the app.
    """
    if not settings.SMTP_HOST:
        return 0, 0
    pending: dict[int, list[Notification]] = defaultdict(list)
    for notice in Notification.objects.filter(emailed_at__isnull=True).order_by("created_at"):
        pending[notice.user_id].append(notice)
    users = User.objects.filter(pk__in=pending, is_active=True).exclude(email="")
    sent = notices = 0
    for user in users:
        items = pending[user.pk]
        lines = [f"- {n.text}\n  {site_url.rstrip('/')}{n.url}" for n in items]
        body = _(
            "Chào %(name)s,\n\nCác việc cần chú ý trên hệ thống Tuyên giáo:\n\n%(items)s\n"
        ) % {
            "name": user.get_full_name() or user.get_username(),
            "items": "\n".join(lines),
        }
        subject = _("[Tuyên giáo] %(count)d thông báo mới") % {"count": len(items)}
        send_mail(subject, body, None, [user.email])
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(
                emailed_at=timezone.now()
            )
        sent += 1
        notices += len(items)
    return sent, notices
