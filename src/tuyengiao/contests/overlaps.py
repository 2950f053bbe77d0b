"""The near-duplicate check of a contest (issue 21 §1), run as background work: each text
entry against every other entry of the contest and against the registry's documents, so
that staff see the overlapping passages side by side before judging.

`overlaps_check_start` checks the role, records the check and enqueues `overlaps_check_run`
through Django's tasks framework (settings.TASKS), as reports.bulk does: with the immediate
backend the check has run when it returns; with the database backend `tuyengiao db_worker`
runs it and the page follows its progress on the check's record (`done` of `total` phases).
The comparison itself is `similarity.overlaps_find` (pure); this module reads the texts and
stores what it finds, replacing the contest's earlier overlaps in one transaction.
"""

import datetime
import hashlib
import logging
from typing import cast

from auditlog.context import set_actor
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.contests import similarity
from tuyengiao.contests.models import Contest, EntryOverlap, OverlapCheck
from tuyengiao.documents.models import Document
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.access import filter_under
from tuyengiao.reports.models import JobStatus

logger = logging.getLogger(__name__)

# The registry's documents an entry is compared with: the newest of those the organiser's
# staff read (the organiser's subtree and the units above it), with a text, not confidential
# (the page shows the text side by side to every staff member of the organiser, and only
# approvers read a confidential one). A province's registry holds tens of thousands of
# documents; an essay copies from what is in force and quoted now (the current resolutions,
# plans and directives), which the newest hold. A check reads, holds and indexes every
# reference at once: measured through `overlaps_check_start` on SQLite (generated essays of
# ~3,000 words and documents of 1,500-5,000 words, bench/dup_kit, load 3 on 2 cores), 300
# entries and 500 documents (2.5 M words) took 5.4 s and ~190 MB; 500 entries and 1,500
# documents (6.5 M words, 22 M characters) 21 s and ~450 MB, bounded to 806 documents by
# the characters 16 s and ~330 MB. The bound on characters is what keeps a worker's memory
# and a check's time in hand whatever the documents' length; the count caps a registry of
# short notes.
MAX_DOCUMENTS = 1_500
MAX_DOCUMENT_CHARS = 12_000_000
# A check still queued or running after this long is taken for lost (a worker stopped):
# a new one may start.
STALE_AFTER = datetime.timedelta(hours=1)

# The phases a check goes through: `done` counts those finished, the page names the next.
PHASES = (
    gettext_lazy("Đọc các bài dự thi"),
    gettext_lazy("Đọc văn bản trong kho"),
    gettext_lazy("So sánh"),
    gettext_lazy("Lưu kết quả"),
)


def overlaps_check_start(*, user, contest: Contest) -> OverlapCheck:
    """A check of `contest`'s entries, enqueued (run at once with the immediate backend).
    Checks Role.EDITOR on the organiser; a check already under way is returned as it is
    rather than started twice."""
    require_role(
        user,
        contest.orgunit,
        role=Role.EDITOR,
        message=_("Chỉ cán bộ của %(unit)s mới kiểm tra trùng lặp được các bài dự thi.")
        % {"unit": contest.orgunit},
    )
    under_way = (
        OverlapCheck.objects.filter(_under_way(contest)).order_by("-created_at", "-pk").first()
    )
    if under_way is not None:
        return under_way
    # Named in the audit trail whoever calls (a page, the API, a command).
    with set_actor(user):
        check = OverlapCheck.objects.create(contest=contest, created_by=user, total=len(PHASES))
    # The task takes what a queue can keep as JSON: the id, never the object.
    result = overlaps_check_run.enqueue(check.pk)
    # With the immediate backend the task has already finished the check: write the id
    # alone, not the whole row this process read before the task ran.
    OverlapCheck.objects.filter(pk=check.pk).update(task_id=str(result.id)[:64])
    check.refresh_from_db()
    return check


def references_for(*, user, contest: Contest) -> QuerySet[Document]:
    """The documents a check compares the entries with, newest first (before the bound on
    their text, which `overlaps_check_run` applies as it reads them)."""
    organiser = contest.orgunit
    # What every staff member of the organiser reads, and the one who runs the check too.
    covered = filter_under(
        Document.objects.all(), [organiser.path], path_field="orgunit__path", with_ancestors=True
    )
    return (
        documents_visible(user)
        .filter(pk__in=covered.values("pk"), confidential=False)
        .exclude(full_text="")
        .order_by(F("issued_on").desc(nulls_last=True), "-pk")
    )


@task
def overlaps_check_run(check_id: int) -> int:
    """The task: read the texts, compare them, replace the contest's stored overlaps.
    Returns the number of overlaps found."""
    check = OverlapCheck.objects.select_related("contest__orgunit", "created_by").get(pk=check_id)
    OverlapCheck.objects.filter(pk=check.pk).update(
        status=JobStatus.RUNNING, started_at=timezone.now()
    )
    try:
        # The check's audit entry names the person who started it, worker or not.
        with set_actor(check.created_by):
            found = _check(check)
    except Exception as error:
        logger.exception("Overlap check %s failed", check.pk)
        OverlapCheck.objects.filter(pk=check.pk).update(
            status=JobStatus.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    return found


def _check(check: OverlapCheck) -> int:
    contest = check.contest
    entries = dict(contest.entries.exclude(text="").values_list("pk", "text"))
    _phase_done(check)
    documents = _references_read(
        references_for(user=check.created_by, contest=contest).values_list("pk", "full_text")
    )
    _phase_done(check)
    found = similarity.overlaps_find(entries=entries.items(), references=documents.items())
    _phase_done(check)
    rows = [_row(check, overlap, entries, documents) for overlap in found]
    with transaction.atomic():
        EntryOverlap.objects.filter(contest=contest).delete()
        EntryOverlap.objects.bulk_create(rows, batch_size=500)
        # A save, not an update: the audit trail keeps the check's outcome.
        check.refresh_from_db()
        check.status = JobStatus.FINISHED
        check.done = check.total
        check.entries, check.documents, check.found = len(entries), len(documents), len(rows)
        check.finished_at = timezone.now()
        check.save(update_fields=["status", "done", "entries", "documents", "found", "finished_at"])
    return len(rows)


def _references_read(rows) -> dict[int, str]:
    """Texts by document id, newest first, until MAX_DOCUMENTS or MAX_DOCUMENT_CHARS."""
    texts: dict[int, str] = {}
    chars = 0
    for pk, text in rows.iterator(chunk_size=200):
        if len(texts) >= MAX_DOCUMENTS or chars + len(text) > MAX_DOCUMENT_CHARS:
            break
        texts[pk] = text
        chars += len(text)
    return texts


def _phase_done(check: OverlapCheck) -> None:
    # One statement, not a save of the row: the page may be reading it meanwhile.
    OverlapCheck.objects.filter(pk=check.pk).update(done=F("done") + 1)


def _row(
    check: OverlapCheck,
    overlap: similarity.Overlap,
    entries: dict[int, str],
    documents: dict[int, str],
) -> EntryOverlap:
    key, other = cast(int, overlap.key), cast(int, overlap.other)
    reference = overlap.other_is_reference
    return EntryOverlap(
        contest_id=check.contest_id,
        check_run=check,
        entry_id=key,
        other_entry_id=None if reference else other,
        document_id=other if reference else None,
        share=overlap.share,
        other_share=overlap.other_share,
        passages=[
            [*p.text_span, *p.other_span, p.text_words, p.other_words] for p in overlap.passages
        ],
        digest=texts_digest(entries[key], (documents if reference else entries)[other]),
    )


def texts_digest(text: str, other: str) -> str:
    """What a stored overlap was measured on: its spans hold while both texts are the same."""
    digest = hashlib.sha256(text.encode())
    digest.update(b"\0")
    digest.update(other.encode())
    return digest.hexdigest()[:32]


def _under_way(contest: Contest) -> Q:
    """The checks of `contest` still queued or running, and not yet taken for lost."""
    return Q(
        contest=contest,
        status__in=(JobStatus.QUEUED, JobStatus.RUNNING),
        created_at__gt=timezone.now() - STALE_AFTER,
    )
