"""Writes of the staff's side of surveys: build a survey, publish it, end it early.

A survey is built as a draft: its title, purpose, window, the units it surveys (in its
organiser's subtree) and its questions, given in order as drafts and keyed q1, q2… by their
place. Once published, its questions and first day are fixed (the responses answer them), and
units can be added but not removed; once closed, nothing changes. Only an editor of the
organiser writes, checked here whatever the caller.

Every change is audited by django-auditlog; the survey's own history also says in words which
units and questions changed (`_audit`): auditlog records an M2M change in a form the history
page cannot show, and a question's change only in the question's own history.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.audit import audit_bulk
from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.mixing import responses_mix
from tuyengiao.surveys.models import Band, Question, QuestionKind, Status, Survey

MAX_QUESTIONS = 50
MIN_OPTIONS = 2
MAX_OPTIONS = 20
MAX_LABEL = 200
# The codes of a choice question's options, in order: what answers and the API name them by.
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
# What the survey's history shows for its questions (not a field of the survey).
QUESTIONS_EVENT = "survey_questions"

_FIELDS = ("kind", "text", "options", "band", "required", "headline")


def _denied(survey: Survey) -> str:
    return _("Chỉ cán bộ nhập liệu của %(unit)s mới sửa được cuộc khảo sát này.") % {
        "unit": survey.orgunit
    }


def question_clean(draft: Mapping[str, Any], *, number: int | None = None) -> dict[str, Any]:
    """A question draft checked and put in the stored form, or ValidationError (naming it,
    "Câu 2: …", when given its `number`). Choice options come as labels (one per line in
    the builder), or as {"code", "label"} with the codes A, B, C… in order."""
    errors: list[str] = []
    kind = str(draft.get("kind") or "")
    text = " ".join(str(draft.get("text") or "").split())
    band = str(draft.get("band") or "")
    headline = bool(draft.get("headline"))
    if kind not in QuestionKind.values:
        errors.append(_("chọn loại câu hỏi."))
    if not text:
        errors.append(_("chưa có nội dung câu hỏi."))
    elif len(text) > 500:
        errors.append(_("câu hỏi dài quá 500 ký tự."))
    try:
        options = _options(kind, draft.get("options") or [])
    except ValidationError as error:
        errors.extend(error.messages)
        options = []
    if kind == QuestionKind.BAND:
        if band not in Band.values:
            errors.append(_("chọn nhóm (nhóm tuổi, giới tính hay nhóm nghề nghiệp)."))
    elif band:
        errors.append(_("chỉ câu hỏi thông tin chung (theo nhóm) mới chọn nhóm."))
    if headline and kind != QuestionKind.SCALE:
        errors.append(_("câu hỏi đánh giá chính phải là câu hỏi thang điểm 1–5."))
    if errors:
        prefix = _("Câu %(n)d: ") % {"n": number} if number else ""
        raise ValidationError([prefix + (error if number else error[:1].upper() + error[1:])
                               for error in errors])  # fmt: skip
    return {"kind": kind, "text": text, "options": options, "band": band,
            "required": bool(draft.get("required")), "headline": headline}  # fmt: skip


def _options(kind: str, raw: Iterable[Any]) -> list[dict[str, str]]:
    items = [item for item in raw if item not in ("", None)]
    if kind not in CHOICE_KINDS:
        if items:
            raise ValidationError(
                _("chỉ câu hỏi chọn một, chọn nhiều mới tự nhập phương án trả lời.")
            )
        return []
    labels: list[str] = []
    for index, item in enumerate(items):
        if isinstance(item, Mapping):
            if str(item.get("code", "")) != LETTERS[index : index + 1]:
                raise ValidationError(_("mã các phương án phải là A, B, C… theo thứ tự."))
            item = item.get("label", "")
        label = " ".join(str(item).split())
        if label:
            labels.append(label)
    if not MIN_OPTIONS <= len(labels) <= MAX_OPTIONS:
        raise ValidationError(
            _("câu hỏi chọn cần từ %(min)d đến %(max)d phương án (mỗi dòng một phương án).")
            % {"min": MIN_OPTIONS, "max": MAX_OPTIONS}
        )
    if len({label.casefold() for label in labels}) != len(labels):
        raise ValidationError(_("có hai phương án giống nhau."))
    if any(len(label) > MAX_LABEL for label in labels):
        raise ValidationError(_("phương án dài quá %(n)d ký tự.") % {"n": MAX_LABEL})
    return [{"code": LETTERS[i], "label": label} for i, label in enumerate(labels)]


def questions_clean(drafts: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """All the drafts checked together: keys q1, q2… in order, one question per band, one
    headline. Every problem is reported at once."""
    drafts = list(drafts)
    errors: list[str] = []
    if len(drafts) > MAX_QUESTIONS:
        errors.append(_("Nhiều nhất %(n)d câu hỏi.") % {"n": MAX_QUESTIONS})
    cleaned: list[dict[str, Any]] = []
    for number, draft in enumerate(drafts, start=1):
        try:
            cleaned.append(question_clean(draft, number=number))
        except ValidationError as error:
            errors.extend(error.messages)
    bands = [q["band"] for q in cleaned if q["band"]]
    for band in sorted(set(bands)):
        if bands.count(band) > 1:
            errors.append(_("Nhóm “%(band)s” được hỏi hai lần: mỗi nhóm chỉ hỏi một câu.")
                          % {"band": Band(band).label})  # fmt: skip
    if sum(q["headline"] for q in cleaned) > 1:
        errors.append(_("Chỉ một câu hỏi được chọn là câu hỏi đánh giá chính."))
    if errors:
        raise ValidationError(errors)
    for number, question in enumerate(cleaned, start=1):
        question["key"] = f"q{number}"
    return cleaned


def _stored(question: Question) -> dict[str, Any]:
    return {"key": question.key, **{name: getattr(question, name) for name in _FIELDS}}


def survey_save(
    *,
    user,
    survey: Survey,
    units: Iterable[OrgUnit],
    questions: Iterable[Mapping[str, Any]] | None = None,
) -> Survey:
    """Create or change a survey with its units and (None: unchanged) its questions."""
    require_role(user, survey.orgunit, role=Role.EDITOR, message=_denied(survey))
    units = list(units)
    before = None
    kept: set[int] = set()
    if survey.pk is not None:
        before = Survey.objects.select_related("orgunit").get(pk=survey.pk)
        require_role(user, before.orgunit, role=Role.EDITOR, message=_denied(before))
        if before.orgunit_id != survey.orgunit_id:
            raise ValidationError(_("Không đổi được đơn vị tổ chức của cuộc khảo sát."))
        # Publication and ending have their own services.
        survey.published, survey.ended, survey.recorded = (
            before.published, before.ended, before.recorded)  # fmt: skip
        kept = set(before.units.values_list("pk", flat=True))
    cleaned = None if questions is None else questions_clean(questions)
    _check_window(survey)
    _check_units(survey, [unit for unit in units if unit.pk not in kept])
    with transaction.atomic():
        if before is not None:
            before = Survey.objects.select_for_update().select_related("orgunit").get(pk=before.pk)
            old_units = list(before.units.all())
            old_questions = [_stored(q) for q in before.questions.all()]
            _check_change(before, survey, units=units, old_units=old_units,
                          questions=cleaned, old_questions=old_questions)  # fmt: skip
        else:
            old_units, old_questions = [], []
        survey.full_clean(exclude=["units"])
        survey.save()
        with disable_auditlog():  # its entry is unreadable on the history page: ours says it
            survey.units.set(units)
        changes: dict[str, tuple[str, str]] = {}
        units_change = _units_change(old_units, units)
        if units_change:
            changes["units"] = units_change
        if cleaned is not None and cleaned != old_questions:
            changes[QUESTIONS_EVENT] = _questions_write(survey, cleaned, old_questions)
        if changes:
            audit_bulk(Survey, [(survey, LogEntry.Action.UPDATE, changes)], actor=user)
    return survey


def _check_window(survey: Survey) -> None:
    if survey.opens_on and survey.closes_on and survey.closes_on < survey.opens_on:
        raise ValidationError({"closes_on": _("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.")})


def _check_units(survey: Survey, units: list[OrgUnit]) -> None:
    """The units added: under the organiser, open (one that closed while surveyed stays)."""
    organiser = survey.orgunit
    outside = [unit for unit in units if not unit.path.startswith(organiser.path)]
    if outside:
        raise ValidationError(
            {"units": _("%(units)s không thuộc %(organiser)s: chỉ khảo sát được đơn vị do "
                        "đơn vị tổ chức quản lý.")
                      % {"units": ", ".join(u.name for u in outside), "organiser": organiser}}
        )  # fmt: skip
    today = timezone.localdate()
    closed = [unit for unit in units if unit.closed_on and unit.closed_on <= today]
    if closed:
        raise ValidationError(
            {"units": _("%(units)s đã giải thể.") % {"units": ", ".join(u.name for u in closed)}}
        )


def _check_change(
    before: Survey,
    survey: Survey,
    *,
    units: list[OrgUnit],
    old_units: list[OrgUnit],
    questions: list[dict] | None,
    old_questions: list[dict],
) -> None:
    """What may change once the survey is out: the responses were given to its questions,
    from its units, from its first day on."""
    if before.status == Status.CLOSED:
        raise ValidationError(_("Cuộc khảo sát đã kết thúc: không sửa được nữa."))
    if not before.published:
        return
    if questions is not None and questions != old_questions:
        raise ValidationError(
            _("Cuộc khảo sát đã phát hành: không sửa được câu hỏi nữa, vì người dân đã và "
              "đang trả lời đúng các câu hỏi này. Hãy kết thúc nó và tạo cuộc khảo sát mới.")
        )  # fmt: skip
    if survey.opens_on != before.opens_on:
        raise ValidationError(
            {"opens_on": _("Cuộc khảo sát đã phát hành: không đổi được ngày bắt đầu.")}
        )
    if survey.closes_on < timezone.localdate():
        raise ValidationError(
            {"closes_on": _("Cuộc khảo sát đang thu phiếu: ngày kết thúc không được trước "
                            "hôm nay (muốn dừng, hãy bấm “Kết thúc sớm”).")}
        )  # fmt: skip
    removed = {unit.pk for unit in old_units} - {unit.pk for unit in units}
    if removed:
        names = ", ".join(unit.name for unit in old_units if unit.pk in removed)
        raise ValidationError(
            {"units": _("Cuộc khảo sát đã phát hành: chỉ thêm được đơn vị, không bỏ được "
                        "%(units)s.") % {"units": names}}
        )  # fmt: skip


def _units_change(old: list[OrgUnit], new: list[OrgUnit]) -> tuple[str, str] | None:
    old_ids, new_ids = {u.pk for u in old}, {u.pk for u in new}
    if old_ids == new_ids:
        return None
    added = [u.name for u in new if u.pk not in old_ids]
    removed = [u.name for u in old if u.pk not in new_ids]
    parts = [_("%(n)d đơn vị") % {"n": len(new_ids)}]
    if added:
        parts.append(_("thêm: %(names)s") % {"names": ", ".join(added)})
    if removed:
        parts.append(_("bỏ: %(names)s") % {"names": ", ".join(removed)})
    old_text = _("%(n)d đơn vị") % {"n": len(old_ids)} if old_ids else ""
    return old_text, "; ".join(parts)


def _questions_write(survey: Survey, cleaned: list[dict], old: list[dict]) -> tuple[str, str]:
    """Bring the survey's questions to `cleaned`, row by row (a question keeps its row while
    it keeps its key, so its own history shows what changed in it); answer the survey's
    history entry: which were added, changed, removed."""
    rows = {q.key: q for q in survey.questions.all()}
    wanted = {q["key"]: q for q in cleaned}
    # One headline per survey (a constraint): the one leaving lets go first.
    for key, row in rows.items():
        if row.headline and not wanted.get(key, {}).get("headline"):
            row.headline = False
            row.save(update_fields=["headline"])
    removed = [key for key in rows if key not in wanted]
    for key in removed:
        rows.pop(key).delete()
    added: list[str] = []
    changed: list[str] = []
    for order, question in enumerate(cleaned, start=1):
        found = rows.get(question["key"])
        if found is None:
            row = Question(survey=survey, key=question["key"])
            added.append(row.key)
        elif _stored(found) != question or found.sort_order != order * 10:
            row = found
            changed.append(row.key)
        else:
            continue
        for name in _FIELDS:
            setattr(row, name, question[name])
        row.sort_order = order * 10
        row.full_clean(exclude=["survey"], validate_constraints=False)
        row.save()
    parts = [_("%(n)d câu hỏi") % {"n": len(cleaned)}]
    for label, keys in ((_("thêm"), added), (_("sửa"), changed), (_("bỏ"), removed)):
        if keys:
            parts.append(f"{label}: {', '.join(keys)}")
    old_text = _("%(n)d câu hỏi") % {"n": len(old)} if old else ""
    return old_text, "; ".join(parts)


def survey_publish(*, user, survey: Survey) -> Survey:
    """Open the survey to responses: its link and codes work from its first day."""
    require_role(user, survey.orgunit, role=Role.EDITOR, message=_denied(survey))
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("orgunit").get(pk=survey.pk)
        if survey.published:
            raise ValidationError(_("Cuộc khảo sát đã được phát hành rồi."))
        problems = []
        if not survey.questions.exists():
            problems.append(_("Chưa có câu hỏi nào."))
        if not survey.units.exists():
            problems.append(_("Chưa chọn đơn vị được khảo sát."))
        if survey.closes_on < timezone.localdate():
            problems.append(_("Ngày kết thúc đã qua: hãy sửa thời gian khảo sát trước."))
        if problems:
            raise ValidationError([_("Chưa phát hành được:"), *problems])
        survey.published = True
        survey.save(update_fields=["published"])
    return survey


def survey_end(*, user, survey: Survey) -> Survey:
    """End the survey before its last day: no response is taken from now on."""
    require_role(user, survey.orgunit, role=Role.EDITOR, message=_denied(survey))
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("orgunit").get(pk=survey.pk)
        if survey.status != Status.OPEN:
            raise ValidationError(_("Chỉ kết thúc sớm được cuộc khảo sát đang thu phiếu."))
        survey.ended = True
        survey.save(update_fields=["ended"])
    responses_mix(survey=survey)
    return survey


def survey_copy(*, user, survey: Survey, title: str = "") -> Survey:
    """A new draft with the survey's purpose, units and questions (a survey run again, or
    one whose questions must change after publication); its window starts today."""
    require_role(user, survey.orgunit, role=Role.EDITOR, message=_denied(survey))
    today = timezone.localdate()
    length = survey.closes_on - survey.opens_on
    copy = Survey(orgunit=survey.orgunit, title=title or _("%(title)s (bản sao)")
                  % {"title": survey.title}, purpose=survey.purpose, opens_on=today,
                  closes_on=today + length)  # fmt: skip
    copy.title = copy.title[: Survey._meta.get_field("title").max_length]
    questions = [{name: getattr(q, name) for name in _FIELDS} for q in survey.questions.all()]
    return survey_save(user=user, survey=copy, units=list(survey.units.all()),
                       questions=questions)  # fmt: skip
