"""Reads of the near-duplicate check: the flags the entries list shows, the flagged entries
with what they overlap with, and one overlap side by side with its passages marked.

All of it is the organiser's staff's: it names entries' titles, authors and units, which a
judge must never read (sealed judging), so the pages ask `contest_for_overlaps` first.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.utils.translation import gettext as _

from tuyengiao.contests import similarity
from tuyengiao.contests.models import Contest, Entry, EntryOverlap, OverlapCheck
from tuyengiao.contests.overlaps import texts_digest
from tuyengiao.contests.selectors import contest_get_visible_or_404, is_organiser_staff
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.textkit.normalize import normalize


def contest_for_overlaps(*, user, pk) -> Contest:
    """The contest, for its organiser's staff: 404 when `user` does not see it at all (a
    judge, who holds no role, does not), PermissionDenied when they see it from below."""
    contest = contest_get_visible_or_404(user=user, pk=pk)
    if not is_organiser_staff(user, contest):
        raise PermissionDenied(
            _("Chỉ cán bộ của %(unit)s mới xem được kết quả kiểm tra trùng lặp.")
            % {"unit": contest.orgunit}
        )
    return contest


def overlaps_flags(*, contest: Contest) -> dict[int, float]:
    """The highest share of each flagged entry (entry id → 0…1), from the last check."""
    rows = (
        EntryOverlap.objects.filter(contest=contest)
        .values("entry_id")
        .annotate(top=Max("share"))
        .values_list("entry_id", "top")
    )
    return dict(rows)


def overlap_check_latest(*, contest: Contest) -> OverlapCheck | None:
    return (
        OverlapCheck.objects.filter(contest=contest)
        .select_related("created_by")
        .order_by("-created_at", "-pk")
        .first()
    )


def entries_unchecked(*, contest: Contest, check: OverlapCheck | None) -> int:
    """Text entries that came after the check started (so it did not compare them)."""
    entries = contest.entries.exclude(text="")
    if check is not None:
        entries = entries.filter(submitted_at__gt=check.created_at)
    return entries.count()


@dataclass
class Flagged:
    """A flagged entry, its highest share and what it overlaps with, highest share first.
    `readable` holds the ids of the documents the user may open (a link and the text)."""

    entry: Entry
    share: float
    overlaps: list[EntryOverlap] = field(default_factory=list)

    @property
    def share_percent(self) -> float:
        return self.share * 100


def overlaps_flagged(*, user, contest: Contest) -> tuple[list[Flagged], set[int]]:
    """The flagged entries, highest share first, and the ids of the documents among what
    they overlap with that `user` reads."""
    rows = (
        EntryOverlap.objects.filter(contest=contest)
        .select_related("entry__orgunit", "other_entry__orgunit", "document")
        .order_by("entry_id", "-share", "pk")
    )
    by_entry: dict[int, list[EntryOverlap]] = defaultdict(list)
    for row in rows:
        by_entry[row.entry_id].append(row)
    flagged = [
        Flagged(entry=overlaps[0].entry, share=overlaps[0].share, overlaps=overlaps)
        for overlaps in by_entry.values()
    ]
    flagged.sort(key=lambda f: (-f.share, f.entry.pk))
    return flagged, _readable(user, [r.document_id for f in flagged for r in f.overlaps])


def _readable(user, document_ids: list[int | None]) -> set[int]:
    wanted = {pk for pk in document_ids if pk is not None}
    if not wanted:
        return set()
    return set(documents_visible(user).filter(pk__in=wanted).values_list("pk", flat=True))


@dataclass(frozen=True)
class Segment:
    """A piece of a text: inside passage `passage` (numbered from 1), or outside (0)."""

    text: str
    passage: int = 0


@dataclass
class SideBySide:
    """An entry and the text it overlaps with, each cut into segments whose shared passages
    the page marks; `remeasured` when a text changed after the check and the passages were
    measured again. `other_text` is empty for a document the user may not read."""

    entry: Entry
    overlap: EntryOverlap
    others: list[EntryOverlap]
    share: float
    other_share: float
    passages: int
    text: list[Segment]
    other_text: list[Segment]
    readable: bool
    remeasured: bool
    readable_ids: set[int]

    @property
    def share_percent(self) -> float:
        return self.share * 100

    @property
    def other_share_percent(self) -> float:
        return self.other_share * 100


def overlap_side_by_side(
    *, user, contest: Contest, entry_id: int, overlap_id: int | None = None
) -> SideBySide | None:
    """Entry `entry_id` of the contest beside what overlap `overlap_id` of it names (its
    highest share when not given or not its own); None when the entry has no overlap.
    Entry.DoesNotExist for an entry of another contest."""
    entry = (
        contest.entries.select_related("orgunit", "category")
        .prefetch_related("authors")
        .get(pk=entry_id)
    )
    others = list(
        EntryOverlap.objects.filter(contest=contest, entry=entry)
        .select_related("other_entry__orgunit", "document")
        .order_by("-share", "pk")
    )
    if not others:
        return None
    overlap = next((o for o in others if o.pk == overlap_id), others[0])
    readable_ids = _readable(user, [o.document_id for o in others])
    if overlap.document_id is not None:
        readable = overlap.document_id in readable_ids
        other_raw = overlap.document.full_text if readable else ""  # type: ignore[union-attr]
    else:
        readable = True
        other_raw = overlap.other_entry.text  # type: ignore[union-attr]
    spans = [tuple(p) for p in overlap.passages]
    share, other_share = overlap.share, overlap.other_share
    remeasured = readable and overlap.digest != texts_digest(entry.text, other_raw)
    if remeasured:
        measured = similarity.overlap_measure(text=entry.text, other=other_raw)
        spans = [(*p.text_span, *p.other_span) for p in measured.passages]
        share, other_share = measured.share, measured.other_share
    return SideBySide(
        entry=entry,
        overlap=overlap,
        others=others,
        share=share,
        other_share=other_share,
        passages=len(spans),
        text=segments(normalize(entry.text), [(s[0], s[1]) for s in spans]),
        other_text=segments(normalize(other_raw), [(s[2], s[3]) for s in spans])
        if readable
        else [],
        readable=readable,
        remeasured=remeasured,
        readable_ids=readable_ids,
    )


def segments(text: str, spans: list[tuple[int, int]]) -> list[Segment]:
    """`text` cut at the spans, passage n being the n-th span. Spans may overlap on the
    other text's side (two passages of an entry copying one paragraph): a character is
    marked once, as part of the passage that reaches it first."""
    pieces: list[Segment] = []
    position = 0
    for start, end, number in sorted((s, e, n) for n, (s, e) in enumerate(spans, start=1)):
        start, end = max(start, position), min(end, len(text))
        if end <= start:
            continue
        if start > position:
            pieces.append(Segment(text[position:start]))
        pieces.append(Segment(text[start:end], number))
        position = end
    if position < len(text):
        pieces.append(Segment(text[position:]))
    return pieces
