"""Collecting responses without identity (issue 19): one-time codes, and the writes of a
response sent by a respondent or typed in by a surveyor from a paper form.

What a submission leaves behind is decided here: the code it used is marked used (nothing
else: no time, no link to the response), the response keeps its unit (the code's), the day
and its answers, and each free-text answer is stored apart from it, already redacted
(`textkit.redact`), so the words as typed never reach the database. Nothing about the client
(address, user agent, time of day) is passed in, so nothing about it can be stored.

A code is a credential a person types from paper: 8 characters from an alphabet without the
look-alikes 0/O and 1/I (40 bits: guessing one among 5,000 printed codes takes ~2×10⁸
tries, and the public pages allow 20 tries per address per 10 minutes, `surveys.throttle`).
Only a keyed digest of a code is stored, so a copy of the database alone gives no usable
code; changing SECRET_KEY makes every code printed before unusable.
"""

import datetime
import math
import re
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on, require_role, role_denied
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.models import (
    FreeText,
    Question,
    QuestionKind,
    Response,
    Survey,
    SurveyCode,
)
from tuyengiao.textkit.redact import redact

# No 0/O, no 1/I: a code is read off paper and typed on a phone.
CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
CODE_LENGTH = 8
CODES_MAX_PER_CALL = 5000
# A paper form may be typed in until this many days after the survey's last day (the forms
# come back from the villages after it closes), unless staff ended the survey.
PAPER_GRACE_DAYS = 7
TEXT_MAX_CHARS = 2000
# A number answer is a count or an amount a person knows (motorbikes, members of the
# household, a price in đồng): anything beyond this is a typing error.
NUMBER_LIMIT = 10**12
_CODE_SALT = "tuyengiao.surveys.code"


class SubmissionRefused(Exception):
    """A response refused; `status` is the HTTP status the public pages and API answer."""

    status = 400
    default_message = ""

    def __init__(self, message: str = "") -> None:
        self.message = message or _(self.default_message)
        super().__init__(self.message)


class CodeRefused(SubmissionRefused):
    # Unknown and used read the same: a guesser learns nothing about which codes exist.
    status = 403
    default_message = "Mã phiếu không đúng hoặc đã được dùng."


class WindowClosed(SubmissionRefused):
    status = 409
    default_message = "Cuộc khảo sát không nhận phiếu vào lúc này."


class AnswerInvalid(SubmissionRefused):
    """Answers refused; `question` is the first refused question's key, `errors` all of them
    ({key: message}), so that a form shows each error beside its question."""

    status = 422

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        self.question, first = next(iter(self.errors.items()))
        super().__init__(first)


# ---------------------------------------------------------------------------------- codes


def code_normalise(code: str) -> str:
    """A code as typed ("k7qm 3xpa", "K7QM-3XPA") in its one written form ("K7QM3XPA")."""
    return re.sub(r"[\s\-‐‑‒–—_.]", "", str(code)).upper()


def code_digest(code: str) -> str:
    """The keyed digest a code is stored as (HMAC-SHA256 keyed by SECRET_KEY)."""
    return salted_hmac(_CODE_SALT, code_normalise(code), algorithm="sha256").hexdigest()


def _code_new() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def codes_create(*, user, survey: Survey, unit: OrgUnit, count: int) -> list[str]:
    """`count` new one-time codes for residents of `unit`, by an editor of the survey's
    organiser (the command line acts as a named user too, `accounts.command_user`). The
    codes are returned once, to be printed; only their digests are kept."""
    require_role(
        user,
        survey.orgunit,
        role=Role.EDITOR,
        message=_("Bạn không có quyền tạo mã phiếu cho cuộc khảo sát này."),
    )
    if not 1 <= count <= CODES_MAX_PER_CALL:
        raise ValidationError(
            _("Số mã phiếu mỗi lần từ 1 đến %(max)s.") % {"max": CODES_MAX_PER_CALL}
        )
    if not survey.units.filter(pk=unit.pk).exists():
        raise ValidationError(
            _("Đơn vị %(unit)s không thuộc các đơn vị được khảo sát.") % {"unit": unit}
        )
    if survey.ended or survey.closes_on < timezone.localdate():
        raise ValidationError(_("Cuộc khảo sát đã kết thúc: không tạo thêm mã phiếu."))
    codes: dict[str, str] = {}
    while len(codes) < count:
        fresh: dict[str, str] = {}
        while len(codes) + len(fresh) < count:
            code = _code_new()
            fresh[code_digest(code)] = code
        # 40 bits: a clash with a stored code is all but impossible, but costs one query.
        taken = set(
            SurveyCode.objects.filter(digest__in=list(fresh)).values_list("digest", flat=True)
        )
        codes.update((d, c) for d, c in fresh.items() if d not in taken and d not in codes)
    SurveyCode.objects.bulk_create(
        [SurveyCode(survey=survey, unit=unit, digest=digest) for digest in codes],
        batch_size=1000,
    )
    return list(codes.values())


# -------------------------------------------------------------------------------- answers


def _empty(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str | list | tuple) and not value)
        or (isinstance(value, str) and not value.strip())
    )


def number_parse(value: Any) -> int | float | None:
    """A number as sent by the API (12, 2.5) or typed in the form ("1.234,5" as Vietnamese
    writes it, "1234.5", "12"); None if it is none."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if not isinstance(value, str):
        return None
    text = value.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        # Vietnamese: dots group thousands, the comma is the decimal mark.
        if not re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})*(,\d+)?|[-+]?\d+(,\d+)?", text):
            return None
        text = text.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", text):
        text = text.replace(".", "")  # "1.234": a thousand two hundred and thirty-four
    elif not re.fullmatch(r"[-+]?\d+(\.\d+)?", text):
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else float(number)


def _clean_one(question: Question, value: Any) -> Any:
    """The answer to store for `question`; ValueError with the message if refused."""
    codes = [code for code, _label in question.choices()]
    kind = question.kind
    if kind in (QuestionKind.SINGLE, QuestionKind.BAND):
        if not isinstance(value, str) or value not in codes:
            raise ValueError(_("Hãy chọn một trong các phương án đã cho."))
        return value
    if kind == QuestionKind.MULTIPLE:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError(_("Hãy chọn các phương án đã cho."))
        if len(set(value)) != len(value):
            raise ValueError(_("Mỗi phương án chỉ chọn một lần."))
        if any(v not in codes for v in value):
            raise ValueError(_("Có phương án không thuộc câu hỏi này."))
        return list(value)
    if kind == QuestionKind.SCALE:
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value.strip())
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            raise ValueError(_("Hãy chọn một mức từ 1 đến 5."))
        return value
    if kind == QuestionKind.NUMBER:
        number = number_parse(value)
        if number is None:
            raise ValueError(_("Hãy ghi một số (ví dụ 3 hoặc 1.234,5)."))
        if abs(number) > NUMBER_LIMIT:
            raise ValueError(_("Số quá lớn."))
        return number
    if kind == QuestionKind.TEXT:
        if not isinstance(value, str):
            raise ValueError(_("Ý kiến phải là chữ."))
        if len(value) > TEXT_MAX_CHARS:
            raise ValueError(
                _("Ý kiến dài quá %(max)s ký tự (đã ghi %(n)s).")
                % {"max": TEXT_MAX_CHARS, "n": len(value)}
            )
        return value.strip()
    raise ValueError(_("Câu hỏi không nhận câu trả lời."))


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def answers_clean(survey: Survey, answers: Mapping) -> tuple[dict, dict[str, str]]:
    """The answers to store and the free texts ({question key: text as typed}), or
    AnswerInvalid naming every refused question. Band questions are always required: a
    response without its band could not be counted in the protected tables."""
    if not isinstance(answers, Mapping):
        raise AnswerInvalid({"__all__": _("Câu trả lời phải là một đối tượng {…}.")})
    questions = {q.key: q for q in survey.questions.all()}
    errors: dict[str, str] = {}
    for key in answers:
        if key not in questions:
            errors[str(key)] = _("Không có câu hỏi %(key)s trong phiếu này.") % {"key": key}
    stored: dict[str, Any] = {}
    texts: dict[str, str] = {}
    for key, question in questions.items():
        value = answers.get(key)
        if _has_nul(value):
            errors[key] = _("Không được chứa ký tự NUL.")
            continue
        if _empty(value):
            if question.required or question.kind == QuestionKind.BAND:
                errors[key] = _("Câu hỏi này cần được trả lời.")
            continue
        try:
            cleaned = _clean_one(question, value)
        except ValueError as refusal:
            errors[key] = str(refusal)
            continue
        if question.kind == QuestionKind.TEXT:
            texts[key] = cleaned
        else:
            stored[key] = cleaned
    if errors:
        raise AnswerInvalid(errors)
    return stored, texts


# ------------------------------------------------------------------------------ responses


def _survey_lock(survey: Survey) -> None:
    """Lock the survey's row and read it again: staff ending or recording it, and mixing its
    rows, lock it too, so nothing checked against a stale copy lands after the results were
    taken (they would then differ from a later reading by exactly this response)."""
    current = Survey.objects.select_for_update().only("ended", "recorded").get(pk=survey.pk)
    if current.ended or current.recorded:
        raise WindowClosed(_("Cuộc khảo sát đã kết thúc: không nhận thêm phiếu."))


def _response_store(
    *, survey: Survey, unit_id: int, day: datetime.date, paper: bool, stored: dict, texts: dict
) -> None:
    """The free text, then the response, each in a transaction of its own (and, for a public
    submission, apart from the code's): rows written by one transaction share its id on
    PostgreSQL (`xmin`), which would join a response to its text and to the code that let it
    in. Transactions in a row still sit close in order and in the table's pages until the
    survey's rows are mixed (`mixing.responses_mix`, nightly and when it ends).

    The response is written last, so that a refusal of either leaves nothing: text written
    for a response that is then refused is deleted again (by its key, which a mix keeps)."""
    questions = {q.key: q for q in survey.questions.all() if q.key in texts}
    written: list = []
    if texts:
        with transaction.atomic():
            _survey_lock(survey)
            written = FreeText.objects.bulk_create(
                FreeText(question=questions[key], unit_id=unit_id, text=redact(text))
                for key, text in texts.items()
            )
    try:
        with transaction.atomic():
            _survey_lock(survey)
            Response.objects.create(
                survey=survey, unit_id=unit_id, day=day, paper=paper, answers=stored
            )
    except BaseException:
        FreeText.objects.filter(pk__in=[text.pk for text in written]).delete()
        raise


def response_submit(*, survey: Survey, code: str, answers: Mapping) -> None:
    """A respondent's response, let in by a one-time code (public: no user).

    Refused answers leave the code unused, so the person can correct them and send again.
    The code is claimed by a conditional UPDATE: of two submissions with one code at once,
    only one changes the row, the other is refused.
    """
    today = timezone.localdate()
    if not survey.accepts_on(today):
        raise WindowClosed()
    stored, texts = answers_clean(survey, answers)
    digest = code_digest(code or "")
    found = (
        SurveyCode.objects.filter(survey=survey, digest=digest, used=False)
        .values_list("pk", "unit_id")
        .first()
    )
    if found is None or not survey.units.filter(pk=found[1]).exists():
        raise CodeRefused()
    pk, unit_id = found
    # Claimed in a statement (and transaction) of its own: see _response_store.
    if not SurveyCode.objects.filter(pk=pk, used=False).update(used=True):
        raise CodeRefused()
    try:
        _response_store(
            survey=survey, unit_id=unit_id, day=today, paper=False, stored=stored, texts=texts
        )
    except BaseException:
        # Nothing was stored: the code is given back (by its digest, which a mix keeps; the
        # row's id it does not), so the person can send again.
        SurveyCode.objects.filter(survey=survey, digest=digest).update(used=False)
        raise


def paper_last_day(survey: Survey) -> datetime.date:
    """The last day a paper form of `survey` may be typed in."""
    return survey.closes_on + datetime.timedelta(days=PAPER_GRACE_DAYS)


def paper_may_record(user, survey: Survey, unit: OrgUnit) -> bool:
    """Whether `user` may type in paper forms of `unit` for `survey`: an editor of the unit
    (the surveyor who collected them) or of the survey's organiser."""
    return has_role_on(user, unit, role=Role.EDITOR) or has_role_on(
        user, survey.orgunit, role=Role.EDITOR
    )


def response_record(
    *, user, survey: Survey, unit: OrgUnit, answers: Mapping, day: datetime.date | None = None
) -> None:
    """A paper form typed in by a surveyor: `day` is the day written on it (today if not
    given), within the survey's window; typing is allowed until PAPER_GRACE_DAYS after the
    last day, unless staff ended the survey or its results were written to the indicators."""
    if not paper_may_record(user, survey, unit):
        raise role_denied(unit, role=Role.EDITOR)
    if not survey.units.filter(pk=unit.pk).exists():
        raise ValidationError(
            _("Đơn vị %(unit)s không thuộc các đơn vị được khảo sát.") % {"unit": unit}
        )
    if not survey.published:
        raise ValidationError(_("Cuộc khảo sát chưa phát hành."))
    today = timezone.localdate()
    day = day or min(today, survey.closes_on)
    if survey.ended or survey.recorded or today > paper_last_day(survey):
        raise WindowClosed(_("Cuộc khảo sát đã kết thúc: không nhập thêm phiếu giấy."))
    if not survey.opens_on <= day <= min(today, survey.closes_on):
        raise WindowClosed(
            _("Ngày ghi trên phiếu phải trong thời gian khảo sát (%(start)s – %(end)s).")
            % {
                "start": survey.opens_on.strftime("%d/%m/%Y"),
                "end": survey.closes_on.strftime("%d/%m/%Y"),
            }
        )
    stored, texts = answers_clean(survey, answers)
    _response_store(survey=survey, unit_id=unit.pk, day=day, paper=True, stored=stored, texts=texts)
