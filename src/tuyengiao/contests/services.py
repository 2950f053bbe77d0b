"""Writes of contests: a contest with its rules, an entry checked against them, the prizes
proposed and confirmed. Judging (rounds, codes, scores) is in `judging`.

The figures a contest makes (entries by submitting unit and kind of work, prizes by level)
are written through the values core (`datavalues_write`) with the contest as their source,
in the same transaction as the entry or the confirmation. Each cell is counted again from
every contest of the same year, so that two contests of a year add up instead of one
overwriting the other.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.contests.models import (
    Author,
    Category,
    CategoryKind,
    Contest,
    Criterion,
    Entry,
    Prize,
    Round,
)
from tuyengiao.contests.seeds import ENTRIES, PRIZES
from tuyengiao.documents.parsers import ParseError, parse_upload
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.normalize import tone_key
from tuyengiao.ui.formats import format_date, format_number
from tuyengiao.values.models import SourceKind
from tuyengiao.values.services import Source, datavalues_write

# What a round's history shows for an opening of its key (not a field of the round).
KEY_OPENED = "contest_key_opened"
# Works heard or watched: the work is a link, and the file is the recording or its script.
MEDIA_KINDS = frozenset({CategoryKind.RADIO, CategoryKind.TELEVISION})
# Works whose file may be other than a text (.docx, .pdf, .txt): a recording, a photograph.
_WORK_EXTENSIONS: dict[str, frozenset[str]] = {
    CategoryKind.RADIO: frozenset({"mp3", "m4a", "wav", "ogg", "aac"}),
    CategoryKind.TELEVISION: frozenset({"mp4", "mov", "mkv", "avi", "webm"}),
    CategoryKind.PHOTO: frozenset({"jpg", "jpeg", "png", "tif", "tiff", "webp"}),
}


def contest_create(
    *,
    user,
    contest: Contest,
    categories: Sequence[Category],
    criteria: Sequence[Criterion],
    rounds: Sequence[Round] = (),
    prizes: Sequence[Prize] = (),
) -> Contest:
    """Save a new contest (its fields set by the caller) with its categories, criteria,
    rounds and prizes (unsaved rows). The organiser's editors create it; the launching
    document is one the user may read."""
    require_role(user, contest.orgunit, role=Role.EDITOR)
    document = contest.document_id
    if document is not None and not documents_visible(user).filter(pk=document).exists():
        raise ValidationError({"document": _("Không tìm thấy văn bản phát động.")})
    if not categories:
        raise ValidationError({"categories": _("Cuộc thi cần ít nhất một thể loại.")})
    if not criteria:
        raise ValidationError({"criteria": _("Cuộc thi cần ít nhất một tiêu chí chấm.")})
    contest.created_by = user
    contest.full_clean(exclude=["created_by", "secretary", "confirmed_by"])
    with transaction.atomic():
        contest.save()
        for rows in (categories, criteria, rounds, prizes):
            for row in rows:
                row.contest = contest
                row.full_clean()
                row.save()
    return contest


@dataclass(frozen=True)
class AuthorIn:
    name: str
    unit: str = ""
    contact: str = ""


def name_key(name: str) -> str:
    """A name as the one-entry rule compares it: case, spacing and tone placement aside,
    diacritics kept ("Hùng" and "Hưng" are two people)."""
    return " ".join(tone_key(name).casefold().split())


def entry_submit(
    *,
    user,
    contest: Contest,
    category: Category,
    orgunit: OrgUnit,
    title: str,
    authors: Sequence[AuthorIn],
    upload: UploadedFile,
    link: str = "",
    published_on=None,
    outlet: str = "",
) -> Entry:
    """Submit an entry for `orgunit` (an editor of it, or the organiser's staff typing it in
    from post). Every rule is checked before anything is saved; a refusal is a
    ValidationError whose messages say each reason in words."""
    require_role(user, orgunit, role=Role.EDITOR)
    if not orgunit.path.startswith(contest.orgunit.path):
        raise PermissionDenied(
            _("%(unit)s không thuộc %(organiser)s, đơn vị tổ chức cuộc thi.")
            % {"unit": orgunit, "organiser": contest.orgunit}
        )
    data = upload.read()
    entry = Entry(
        contest=contest,
        category=category,
        orgunit=orgunit,
        title=" ".join(title.split()),
        filename=(upload.name or "")[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        link=link,
        published_on=published_on,
        outlet=outlet.strip(),
        submitted_by=user,
    )
    errors: dict[str, list[str]] = {}
    _text_read(entry, data, errors)
    _rules_check(entry, authors, errors)
    with transaction.atomic():
        # Locks the category until the entry is saved: two entries of one author sent at
        # once cannot both pass the one-entry rule (SQLite locks the whole database).
        Category.objects.select_for_update().filter(pk=category.pk).first()
        _author_check(entry, authors, errors)
        if errors:
            raise ValidationError(errors)
        upload.seek(0)
        entry.file.save(upload.name or "tac-pham", upload, save=False)
        try:
            entry.full_clean(exclude=["file", "submitted_by"])
            entry.save()
            for author in authors:
                row = _author_row(author)
                row.entry = entry
                row.save()
            _entry_counts_write(user=user, contest=contest, cells={(orgunit, category.kind)})
        except BaseException:
            entry.file.delete(save=False)  # the rows roll back; the file must go too
            raise
    return entry


def _text_read(entry: Entry, data: bytes, errors: dict[str, list[str]]) -> None:
    """The work's text, for judges and the near-duplicate check. A heard or watched work
    comes with a link, its file a recording or a script; a photograph has no text."""
    name = entry.filename
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    kind = entry.category.kind
    if kind in MEDIA_KINDS and not entry.link:
        errors.setdefault("link", []).append(
            _("Tác phẩm phát thanh, truyền hình cần đường dẫn đến tác phẩm.")
        )
    if extension in _WORK_EXTENSIONS.get(kind, ()):
        return
    try:
        entry.text = parse_upload(filename=name, data=data).text
    except ParseError as error:
        errors.setdefault("file", []).append(str(error))
        return
    entry.words = len(entry.text.split())


def _rules_check(entry: Entry, authors: Sequence[AuthorIn], errors: dict[str, list[str]]) -> None:
    contest, today = entry.contest, timezone.localdate()

    def refuse(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if entry.category.contest_id != contest.pk:
        refuse("category", _("Thể loại không thuộc cuộc thi này."))
    if not contest.opens_on <= today <= contest.closes_on:
        window = {"start": format_date(contest.opens_on), "end": format_date(contest.closes_on)}
        refuse("__all__", _("Cuộc thi nhận bài từ %(start)s đến %(end)s.") % window)
    if contest.confirmed_at is not None:
        refuse("__all__", _("Cuộc thi đã công bố kết quả."))
    if not entry.title:
        refuse("title", _("Cần tên tác phẩm."))
    if not authors or any(not author.name.strip() for author in authors):
        refuse("authors", _("Cần họ và tên của từng tác giả."))
    for author in authors:
        row = _author_row(author)
        for name in ("name", "unit", "contact"):
            field = cast(models.CharField, Author._meta.get_field(name))
            if field.max_length and len(getattr(row, name)) > field.max_length:
                refuse("authors", _("%(what)s của tác giả dài quá %(n)s ký tự.") % {
                    "what": capfirst(field.verbose_name), "n": field.max_length})  # fmt: skip
    if contest.max_words and entry.words > contest.max_words:
        length = {"words": format_number(entry.words), "limit": format_number(contest.max_words)}
        refuse("file", _("Bài dự thi dài %(words)s chữ, vượt giới hạn %(limit)s chữ.") % length)
    if entry.category.is_press:
        _published_check(entry, refuse)


def _published_check(entry: Entry, refuse) -> None:
    contest, day = entry.contest, entry.published_on
    if day is None:
        refuse("published_on", _("Tác phẩm báo chí cần ngày đăng, phát."))
        return
    after, before = contest.published_after, contest.published_before
    if (after and day < after) or (before and day > before):
        refuse("published_on", _(
            "Tác phẩm đăng, phát ngày %(day)s, ngoài thời gian xét giải (từ %(start)s đến "
            "%(end)s).") % {"day": format_date(day), "start": format_date(after) or "…",
                            "end": format_date(before) or "…"})  # fmt: skip
    if not entry.outlet:
        refuse("outlet", _("Tác phẩm báo chí cần tên cơ quan báo chí đã đăng, phát."))


def _author_row(author: AuthorIn) -> Author:
    name = " ".join(author.name.split())
    return Author(
        name=name, unit=author.unit.strip(), contact=author.contact.strip(),
        name_key=name_key(name),
    )  # fmt: skip


def _author_check(entry: Entry, authors: Sequence[AuthorIn], errors: dict[str, list[str]]) -> None:
    """One entry per author per category. Two authors of one name are one person unless
    both gave a contact and the contacts differ: a province has many "Nguyễn Văn Hùng"."""
    if not entry.contest.one_per_author:
        return
    keys = {name_key(author.name): author for author in authors if author.name.strip()}
    earlier = Author.objects.filter(
        entry__contest=entry.contest, entry__category=entry.category, name_key__in=keys
    )
    for found in earlier:
        contact = keys[found.name_key].contact.strip()
        if contact and found.contact and contact.casefold() != found.contact.casefold():
            continue
        errors.setdefault("authors", []).append(
            _("Tác giả %(name)s đã có bài dự thi ở thể loại %(category)s: mỗi tác giả chỉ "
              "được gửi một bài mỗi thể loại.") % {"name": found.name, "category": entry.category}
        )  # fmt: skip


def _entry_counts_write(*, user, contest: Contest, cells: Iterable[tuple[OrgUnit, str]]) -> None:
    """The entry counts of (unit, kind of work) for the contest's year, from every contest
    of that year, written with `contest` as their source."""
    rows = []
    for unit, kind in cells:
        count = Entry.objects.filter(
            contest__year=contest.year, orgunit=unit, category__kind=kind
        ).count()
        rows.append({"indicator": ENTRIES, "orgunit": unit.code, "period": str(contest.year),
                     "option": kind, "value": count or ""})  # fmt: skip
    _figures_write(user, contest, rows)


def _figures_write(user, contest: Contest, rows: list[dict]) -> None:
    source = Source(SourceKind.CONTEST, note=contest.title[:200], ref=contest)
    report = datavalues_write(rows, user=user, source=source)
    if report.errors:
        raise ValidationError(
            [_("Số liệu của cuộc thi không ghi được.")] + [error.message for error in report.errors]
        )


def results_confirm(*, user, contest: Contest) -> Contest:
    """The organiser confirms the proposed prizes: the results become public and the
    prizes by level reach the winners' units' figures. An approver of the organiser."""
    require_role(
        user, contest.orgunit, role=Role.APPROVER,
        message=_("Chỉ lãnh đạo đơn vị tổ chức mới công bố được kết quả."),
    )  # fmt: skip
    with transaction.atomic():
        # Locked: confirmed twice at once, the prizes would be counted twice.
        if Contest.objects.select_for_update().get(pk=contest.pk).confirmed_at is not None:
            raise ValidationError(_("Kết quả đã được công bố."))
        winners = contest.entries.exclude(prize="")
        if not winners.exists():
            raise ValidationError(_("Chưa có giải nào được đề xuất."))
        contest.confirmed_at, contest.confirmed_by = timezone.now(), user
        contest.save(update_fields=["confirmed_at", "confirmed_by"])
        units = OrgUnit.objects.filter(pk__in=winners.values("orgunit"))
        won = (
            Entry.objects.filter(contest__year=contest.year, contest__confirmed_at__isnull=False)
            .exclude(prize="")
            .filter(orgunit__in=units)
            .values_list("orgunit", "prize")
            .annotate(count=Count("id"))
        )
        counts = {(unit_id, level): count for unit_id, level, count in won}
        rows = [
            {"indicator": PRIZES, "orgunit": unit.code, "period": str(contest.year),
             "option": level, "value": count}
            for unit in units
            for (unit_id, level), count in counts.items()
            if unit_id == unit.pk
        ]  # fmt: skip
        _figures_write(user, contest, rows)
    return contest
