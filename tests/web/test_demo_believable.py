"""The demo is believable: nothing dated after today, each commune's reports sent by its own
editor, no document older than the unit that issued it, task texts that say their deadlines,
and the central documents a provincial office works from (the README's search finds 35)."""

import pytest
from django.utils import timezone

from tuyengiao.accounts.models import Role, RoleAssignment, User
from tuyengiao.documents.models import Document
from tuyengiao.documents.search import search_documents
from tuyengiao.reporting.models import Submission, SubmissionEvent
from tuyengiao.tracking.models import ProgressReport, Task

pytestmark = pytest.mark.usefixtures("db", "demo")


def test_nothing_is_dated_after_today():
    now, today = timezone.now(), timezone.localdate()
    assert not Submission.objects.filter(submitted_at__gt=now).exists()
    assert not Submission.objects.filter(updated_at__gt=now).exists()
    assert not SubmissionEvent.objects.filter(at__gt=now).exists()
    assert not Document.objects.filter(issued_on__gt=today).exists()
    assert not ProgressReport.objects.filter(submitted_at__gt=now).exists()


def test_each_units_reports_are_sent_by_its_own_editor():
    editors = set(
        RoleAssignment.objects.filter(role=Role.EDITOR).values_list("user_id", "orgunit_id")
    )
    sent = set(Submission.objects.values_list("submitted_by_id", "orgunit_id"))
    assert sent <= editors
    assert len({user for user, _unit in sent}) > 30  # new communes and wards, former ones


def test_no_document_is_older_than_the_unit_that_issued_it():
    for document in Document.objects.select_related("orgunit", "issuer_unit"):
        for unit in (document.orgunit, document.issuer_unit):
            if unit is not None and unit.opened_on and document.issued_on:
                assert document.issued_on >= unit.opened_on, (document.symbol, unit.name)


def test_task_texts_say_their_deadlines():
    tasks = Task.objects.filter(document__symbol="88-KL/TU", parent__isnull=True)
    assert tasks.count() == 5
    for task in tasks:
        written = f"{task.deadline.day}/{task.deadline.month}/{task.deadline.year}"
        assert written in f"{task.title} {task.description}", task.number


def test_a_dozen_central_and_provincial_documents():
    symbols = set(Document.objects.values_list("symbol", flat=True))
    assert len(symbols) >= 12
    assert {"35-NQ/TW", "05-CT/TW", "09-NQ/TU", "88-KL/TU", "27-KH/BTGDVTU"} <= symbols


def test_the_readmes_example_search_finds_resolution_35():
    viewer = User.objects.get(username="tinh.xem")
    page = search_documents(user=viewer, query="nghi quyet 35 nen tang tu tuong")
    assert page.hits and page.hits[0].document.symbol == "35-NQ/TW"
