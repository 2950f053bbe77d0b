"""Notifications: who hears of an assignment, a returned report and overdue work, and the
digest e-mail that goes out only when an SMTP server is configured."""

import pytest
from django.core import mail
from django.core.management import call_command

from tests.factories import RoleAssignmentFactory, UserFactory
from tests.tracking.conftest import TODAY
from tuyengiao.accounts.models import Role
from tuyengiao.tracking.models import Assignment, Notification, NotificationKind, Status
from tuyengiao.tracking.notifications import digest_send, notifications_read, overdue_notify, unread
from tuyengiao.tracking.services import progress_report_review, progress_report_save


@pytest.fixture
def editor_b(tree):
    user = UserFactory(username="editor_b", email="b@example.vn")
    RoleAssignmentFactory(user=user, orgunit=tree.commune_b, role=Role.EDITOR)
    return user


def test_the_people_of_each_assigned_unit_hear_of_it_once_per_batch(
    owner, member, commune_editor, editor_b, province_admin, outsider, assigned
):
    # `assigned` gave two tasks (one with a sub-task) to both communes, in two batches.
    notices = Notification.objects.filter(kind=NotificationKind.ASSIGNED)
    assert notices.filter(user=commune_editor).count() == 2
    assert notices.filter(user=owner).count() == 2  # a unit administrator works there too
    assert not notices.filter(user=member).exists()  # a viewer does no work
    assert not notices.filter(user=province_admin).exists()  # the one who assigned
    first = notices.filter(user=commune_editor).order_by("pk").first()
    assert first.assignment.task.number == "1"  # the task, not its sub-task


def test_a_returned_report_tells_its_sender_why(assigned, tree, commune_editor, province_admin):
    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    report = progress_report_save(
        user=commune_editor, assignment=item, period="2026", status=Status.DONE, results="Xong"
    )
    progress_report_review(user=province_admin, report=report, accept=False, note="Thiếu số liệu")
    notice = Notification.objects.get(kind=NotificationKind.RETURNED)
    assert notice.user == commune_editor
    assert "Thiếu số liệu" in notice.message
    item.refresh_from_db()
    assert item.status == Status.IN_PROGRESS  # work called done is reopened


def test_overdue_work_is_announced_once(commune_editor, editor_b, assigned):
    assert overdue_notify(today=TODAY) == 2  # task 1, one editor in each commune
    assert overdue_notify(today=TODAY) == 0
    assert unread(commune_editor).filter(kind=NotificationKind.OVERDUE).count() == 1
    notifications_read(user=commune_editor)
    assert not unread(commune_editor).exists()


def test_no_digest_without_an_smtp_server(settings, editor_b, assigned):
    settings.SMTP_HOST = ""
    assert digest_send(site_url="https://tg.example.vn") == (0, 0)
    assert mail.outbox == []


def test_the_digest_mails_each_person_their_new_notices_once(settings, editor_b, assigned):
    # What the settings build from TUYENGIAO_EMAIL_HOST, with the test's in-memory outbox.
    settings.SMTP_HOST = "smtp.example.vn"
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    overdue_notify(today=TODAY)
    sent, notices = digest_send(site_url="https://tg.example.vn/")
    assert (sent, notices) == (1, 3)  # editor_b: two assignments and one overdue task
    [message] = mail.outbox
    assert message.to == ["b@example.vn"]
    assert "https://tg.example.vn/tracking/assignments/" in message.body
    assert digest_send(site_url="https://tg.example.vn/") == (0, 0)


def test_the_digest_command_reports_what_it_did(settings, editor_b, assigned, capsys):
    settings.SMTP_HOST = ""
    call_command("tracking", "digest")
    out = capsys.readouterr().out
    assert "Thông báo quá hạn mới: 1" in out
    assert "TUYENGIAO_EMAIL_HOST" in out


def test_a_notice_reads_in_the_readers_language(commune_editor, assigned, tree, province_admin):
    """The text is composed when read: an English reader sees English (the task's title,
    data, stays as written), whatever the language of whoever caused the notice."""
    from django.utils import translation

    item = Assignment.objects.get(task=assigned[1], orgunit=tree.commune_a)
    report = progress_report_save(
        user=commune_editor, assignment=item, period="2026", status=Status.DONE, results="Xong"
    )
    with translation.override("en"):
        progress_report_review(
            user=province_admin, report=report, accept=False, note="Thiếu số liệu"
        )
    overdue_notify(today=TODAY)
    notices = Notification.objects.filter(user=commune_editor)
    assert {n.kind for n in notices} == set(NotificationKind)
    for notice in notices:
        assert notice.message == notice.text  # kept in Vietnamese
        with translation.override("en"):
            english = notice.text
        assert english != notice.message, notice.kind
        assert english.startswith(("Task assigned", "Overdue", "The ")), english
    returned = notices.get(kind=NotificationKind.RETURNED)
    with translation.override("en"):
        assert "2026" in returned.text and "Thiếu số liệu" in returned.text
