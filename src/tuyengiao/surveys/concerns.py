"""Writes of concerns (tâm tư, nguyện vọng của nhân dân): a unit's month, counted by topic,
and a task opened in tracking for a topic heard in a unit.

Counted, never named (DESIGN.md §1): what a unit records is, per topic, how many concerns it
heard, how many it answered or resolved itself and how many it passed up, with a short summary
in its own words. The counts are data values of the values core (by topic, an option of the
breakdown `CHU_DE_TAM_TU`), written in one `datavalues_write` call; the summaries pass through
`textkit.redact` before they are stored, and a summary that quotes someone word for word is
refused: a quotation is a person's own words, which the unit retells instead.
"""

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.models import ConcernNote, ConcernTask
from tuyengiao.surveys.seeds import (
    CONCERNS_HEARD,
    CONCERNS_PASSED_UP,
    CONCERNS_RESOLVED,
    TOPICS,
)
from tuyengiao.textkit.normalize import nfc
from tuyengiao.textkit.redact import LABELS, find_personal, redact
from tuyengiao.tracking.services import TaskDraft, assignments_create, tasks_create
from tuyengiao.ui.formats import name_in_language
from tuyengiao.values.models import DisaggregationOption
from tuyengiao.values.period_fields import period_label
from tuyengiao.values.periods import Period, PeriodKind, period_for
from tuyengiao.values.services import ENTRY, datavalues_write

# The three counts of a topic, as forms and the API name them, and their indicators.
COUNTS = (
    ("heard", CONCERNS_HEARD),
    ("resolved", CONCERNS_RESOLVED),
    ("passed_up", CONCERNS_PASSED_UP),
)
SUMMARY_MAX = 500
# Someone's words quoted: a passage of QUOTE_WORDS words or more in quotation marks, after a
# colon or a word of speech ("nói", "phản ánh"…) just before it. A name in quotes (a
# programme, "Ngày hội đại đoàn kết") follows no such word and passes.
QUOTE_WORDS = 3
_QUOTED = re.compile(r"[\"“”«„]([^\"“”«»„]+)[\"“”»]")
_SPEECH = re.compile(
    r"(?:[:：]|\b(?i:nói|bảo|hỏi|than|kêu|phát biểu|cho rằng|cho biết|phản ánh|bức xúc|"
    r"chia sẻ|khẳng định|tuyên bố|viết|nhắn|trả lời|đề nghị|kiến nghị|rằng|là))\W{0,4}$"
)
# What the user is told was removed, by redact's kinds.
_REMOVED = {
    "email": gettext_lazy("thư điện tử"),
    "url": gettext_lazy("địa chỉ mạng"),
    "handle": gettext_lazy("tài khoản mạng"),
    "phone": gettext_lazy("số điện thoại"),
    "id": gettext_lazy("số giấy tờ"),
    "address": gettext_lazy("địa chỉ"),
    "person": gettext_lazy("tên người"),
}
assert _REMOVED.keys() == LABELS.keys()


def concern_topics() -> list[DisaggregationOption]:
    """The topics concerns are counted by: the options of the breakdown, kept as data."""
    return list(DisaggregationOption.objects.filter(disaggregation__code=TOPICS))


def topic_name(topic: DisaggregationOption) -> str:
    return name_in_language(topic.name, topic.name_en)


@dataclass
class ConcernRow:
    """One topic of a unit's month as typed: counts as text ("" clears), the summary, and the
    versions of the three cells the person saw (None: not known, no concurrency check)."""

    topic: str
    heard: object = ""
    resolved: object = ""
    passed_up: object = ""
    summary: str = ""
    versions: Mapping[str, int | None] = field(default_factory=dict)


@dataclass
class ConcernSaved:
    created: int = 0
    updated: int = 0
    # Topic name → what redaction removed from its summary ("tên người, địa chỉ").
    redacted: dict[str, str] = field(default_factory=dict)


def concerns_save(
    *, user, orgunit: OrgUnit, period: Period, rows: Iterable[ConcernRow]
) -> ConcernSaved:
    """Record `orgunit`'s month: the counts as data values (one write), the summaries as
    notes, redacted; everything or nothing. ValidationError with a message per field
    ("DAT_DAI-resolved", "DAT_DAI-summary", or "__all__") when anything is wrong."""
    return concerns_save_many(user=user, months=[(orgunit, period, list(rows))])


def concerns_save_many(
    *,
    user,
    months: Iterable[tuple[OrgUnit, Period, list[ConcernRow]]],
    at: datetime.datetime | None = None,
) -> ConcernSaved:
    """Several units' months at once (a file, the demo), by the rules of `concerns_save`, in
    one write of the core; a problem's key is the topic's field, as one month's page names
    it. `at`: when the figures were typed, if not now (the demo's history)."""
    topics = {t.code: t for t in concern_topics()}
    errors: dict[str, list[str]] = {}
    cells: list[dict] = []
    places: list[tuple[str, str]] = []  # (topic, count name) of each cell, for its errors
    notes: list[tuple[OrgUnit, Period, dict[str, str]]] = []
    saved = ConcernSaved()
    for orgunit, period, rows in months:
        require_role(user, orgunit, role=Role.EDITOR)
        _month_check(period)
        own: dict[str, str] = {}
        notes.append((orgunit, period, own))
        for row in rows:
            topic = topics.get(row.topic)
            if topic is None:
                errors.setdefault("__all__", []).append(
                    _("Không có chủ đề mã “%(code)s”.") % {"code": row.topic}
                )
                continue
            counts = _counts_check(row, topic, errors)
            summary = _summary_check(row, topic, counts.get("heard"), errors, saved)
            if summary is not None:
                own[topic.code] = summary
            for name, indicator in COUNTS:
                value = counts.get(name)
                cells.append(
                    {
                        "indicator": indicator,
                        "orgunit": orgunit.code,
                        "period": period.code,
                        "option": topic.code,
                        "value": "" if value is None else value,
                        "version": row.versions.get(name),
                    }
                )
                places.append((topic.code, name))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = datavalues_write(cells, user=user, source=ENTRY, at=at)
        if not report.ok:
            for error in report.errors:
                code, name = places[error.row - 1] if 0 < error.row <= len(places) else ("", "")
                key = f"{code}-{name}" if code else "__all__"
                errors.setdefault(key, []).append(error.message)
            raise ValidationError(errors)
        saved.created, saved.updated = report.created, report.updated
        for orgunit, period, own in notes:
            if own:
                _notes_save(user, orgunit, period, topics, own)
    return saved


def _month_check(period: Period) -> None:
    if period.kind != PeriodKind.MONTH:
        raise ValidationError(_("Số liệu tâm tư, nguyện vọng được ghi theo tháng."), code="kind")
    if period.start > timezone.localdate():
        raise ValidationError(_("Chưa đến tháng %(month)s.") % {"month": period_label(period)})


def _counts_check(
    row: ConcernRow, topic: DisaggregationOption, errors: dict[str, list[str]]
) -> dict[str, int | None]:
    counts: dict[str, int | None] = {}
    for name, _indicator in COUNTS:
        raw = getattr(row, name)
        text = "" if raw is None else str(raw).strip()
        if not text:
            counts[name] = None
        elif re.fullmatch(r"\d{1,7}", text):
            counts[name] = int(text)
        else:
            errors.setdefault(f"{topic.code}-{name}", []).append(
                _("Chủ đề “%(topic)s”: phải là số nguyên không âm.") % {"topic": topic_name(topic)}
            )
    heard = counts.get("heard")
    done = (counts.get("resolved") or 0) + (counts.get("passed_up") or 0)
    if done and heard is None and f"{topic.code}-heard" not in errors:
        errors.setdefault(f"{topic.code}-heard", []).append(
            _("Chủ đề “%(topic)s”: chưa nhập số ý kiến tiếp nhận.") % {"topic": topic_name(topic)}
        )
    elif heard is not None and done > heard:
        errors.setdefault(f"{topic.code}-resolved", []).append(
            _(
                "Chủ đề “%(topic)s”: số đã giải quyết cộng số chuyển cấp trên (%(done)s) "
                "không được vượt số ý kiến tiếp nhận (%(heard)s)."
            )
            % {"topic": topic_name(topic), "done": done, "heard": heard}
        )
    return counts


def _summary_check(
    row: ConcernRow,
    topic: DisaggregationOption,
    heard: int | None,
    errors: dict[str, list[str]],
    saved: ConcernSaved,
) -> str | None:
    """The summary to store (redacted), "" to remove it, None when refused."""
    text = " ".join(nfc(row.summary or "").split())
    key = f"{topic.code}-summary"
    if not text:
        return ""
    if len(text) > SUMMARY_MAX:
        errors.setdefault(key, []).append(
            _("Chủ đề “%(topic)s”: tóm tắt dài quá %(max)s ký tự.")
            % {"topic": topic_name(topic), "max": SUMMARY_MAX}
        )
        return None
    if not heard:
        errors.setdefault(key, []).append(
            _("Chủ đề “%(topic)s”: chỉ tóm tắt khi có ý kiến tiếp nhận.")
            % {"topic": topic_name(topic)}
        )
        return None
    if quotes_someone(text):
        errors.setdefault(key, []).append(
            _(
                "Chủ đề “%(topic)s”: tóm tắt có lời trích dẫn nguyên văn. Hãy thuật lại nội "
                "dung bằng lời của đơn vị, không trích lời của ai."
            )
            % {"topic": topic_name(topic)}
        )
        return None
    found = find_personal(text)
    if found:
        kinds = dict.fromkeys(str(_REMOVED[f.kind]) for f in found)
        saved.redacted[topic_name(topic)] = ", ".join(kinds)
    return redact(text)


def quotes_someone(text: str) -> bool:
    """Whether `text` quotes someone word for word (see `_SPEECH`)."""
    return any(
        len(m.group(1).split()) >= QUOTE_WORDS and _SPEECH.search(text[: m.start()])
        for m in _QUOTED.finditer(text)
    )


def _notes_save(user, orgunit, period, topics, notes: Mapping[str, str]) -> None:
    existing = {
        n.topic_id: n for n in ConcernNote.objects.filter(orgunit=orgunit, period=period.code)
    }
    for code, summary in notes.items():
        topic = topics[code]
        note = existing.get(topic.pk)
        if not summary:
            if note is not None:
                note.delete()  # audited: the history keeps what it said
            continue
        if note is None:
            note = ConcernNote(orgunit=orgunit, period=period.code, topic=topic)
        elif note.summary == summary:
            continue
        note.summary, note.updated_by = summary, user
        note.full_clean()
        note.save()


# --- a task for a topic -----------------------------------------------------------------------


def concern_task_open(
    *,
    user,
    holder: OrgUnit,
    orgunit: OrgUnit,
    topic: DisaggregationOption,
    period: Period,
    title: str,
    description: str,
    deadline: datetime.date,
) -> ConcernTask:
    """Open a task held by `holder` for the concerns on `topic` heard in `orgunit` (a unit
    below it), assigned to that unit with `deadline`; it is then followed in tracking as any
    other task. The roles are checked again by tracking's services; the title and the
    description are redacted like a summary."""
    require_role(user, holder, role=Role.EDITOR)
    if orgunit.pk == holder.pk or not orgunit.path.startswith(holder.path):
        raise ValidationError(
            _("Chỉ giao được cho đơn vị trực thuộc %(holder)s.") % {"holder": holder},
            code="outside",
        )
    if topic.disaggregation.code != TOPICS:
        raise ValidationError(_("Chủ đề không hợp lệ."), code="topic")
    if deadline < timezone.localdate():
        raise ValidationError(_("Thời hạn đã qua."), code="deadline")
    # Typed over a summary already redacted: the same pass again, as a person may add a name;
    # the units' own names ("Chi bộ Tổ dân phố 1, phường…") are no one's address and stay.
    names = _unit_names(orgunit)
    draft = TaskDraft(
        title=redact_keeping(title, names),
        description=redact_keeping(description, names),
        deadline=deadline,
    )
    with transaction.atomic():
        [task] = tasks_create(user=user, orgunit=holder, document=None, drafts=[draft])
        assignments_create(user=user, task=task, units=[orgunit], deadline=deadline)
        return ConcernTask.objects.create(
            task=task, orgunit=orgunit, topic=topic, period=period.code
        )


def _unit_names(unit: OrgUnit) -> list[str]:
    """The names of `unit` and the units below it, as a task's text writes them: in full,
    and without "Đảng ủy", "Chi bộ" (where the concerns were heard: "phường Hoa Sữa")."""
    names = OrgUnit.objects.filter(path__startswith=unit.path).values_list("name", flat=True)
    return [form for name in names for form in (name, unit_place(name))]


def unit_place(name: str) -> str:
    """ "phường Hoa Sữa" for "Đảng ủy phường Hoa Sữa": where the concerns were heard."""
    for prefix in ("Đảng ủy ", "Đảng bộ ", "Chi bộ "):
        if name.startswith(prefix):
            return name.removeprefix(prefix)
    return name


def redact_keeping(text: str, keep: Iterable[str]) -> str:
    """`redact(text)`, leaving the phrases of `keep` as they are: each is set aside behind a
    mark redaction does not touch (characters of Unicode's private use area), then put back."""
    phrases = sorted({nfc(k) for k in keep if k.strip()}, key=len, reverse=True)
    text = nfc(text)
    marks = {}
    for index, phrase in enumerate(phrases):
        if phrase in text:
            mark = f"\ue000{chr(0xE100 + index)}\ue001"
            marks[mark] = phrase
            text = text.replace(phrase, mark)
    text = redact(text)
    for mark, phrase in marks.items():
        text = text.replace(mark, phrase)
    return text


def current_month(today: datetime.date | None = None) -> Period:
    return period_for(PeriodKind.MONTH, today or timezone.localdate())
