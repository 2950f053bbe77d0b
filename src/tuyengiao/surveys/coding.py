"""Coding free text into topics, and the end of every text.

A respondent's own words never reach the database: the public form redacts them first
(`textkit.redact`: names, phone numbers, ID numbers, addresses, account handles). What is
stored is read by a staff member (an editor of the organiser) only to code it into a topic;
coding keeps the topic and deletes the text, in one write (`freetext_code`).

The issue asks the text to be deleted "after coding or at the survey's end, whichever comes
first". Texts of the last days would then be lost before anyone read them, so the end here is
the survey's last day plus `CODING_DAYS` (30): long enough to code what came in at the end,
short enough that nothing lies in the database for months. After that, `freetexts_expire`
deletes every text still uncoded (its row too: with no topic and no words it says nothing);
every page and service of coding calls it first, and `freetexts_expire_all` is for the daily
command. A question's topics table is published only once its last text is coded or deleted
(`results._topics`): a table growing text by text would show each text's unit and topic.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.surveys.models import FreeText, QuestionKind, Status, Survey
from tuyengiao.surveys.results import survey_end_day

CODING_DAYS = 30
TOPIC_MAX = 100


def coding_ends_on(survey: Survey) -> datetime.date:
    """The last day a text of the survey can be coded; its uncoded text is deleted after."""
    return survey_end_day(survey) + datetime.timedelta(days=CODING_DAYS)


def coding_open(survey: Survey) -> bool:
    """Whether texts may still be coded: the survey is published and its coding has not
    ended (before the survey ends, texts are coded as they come)."""
    if survey.status == Status.DRAFT:
        return False
    return survey.status == Status.OPEN or timezone.localdate() <= coding_ends_on(survey)


def freetexts_uncoded(survey: Survey) -> QuerySet[FreeText]:
    """The survey's texts still to code (already redacted when stored), by question then
    unit; nothing once coding has ended."""
    if not coding_open(survey):
        return FreeText.objects.none()
    return (
        FreeText.objects.filter(question__survey=survey, question__kind=QuestionKind.TEXT, topic="")
        .exclude(text="")
        .select_related("question", "unit")
        .order_by("question__sort_order", "question__id", "unit__path", "id")
    )


def topics_used(survey: Survey) -> list[str]:
    """The survey's topics so far, the most used first: the coder's quick choices."""
    rows = (
        FreeText.objects.filter(question__survey=survey)
        .exclude(topic="")
        .values("topic")
        .annotate(n=Count("id"))
        .order_by("-n", "topic")
    )
    return [row["topic"] for row in rows]


def coded_count(survey: Survey) -> int:
    return FreeText.objects.filter(question__survey=survey).exclude(topic="").count()


def _topic_clean(topic: str) -> str:
    topic = " ".join(str(topic).split())
    if not topic:
        raise ValidationError(_("Chọn hoặc gõ một chủ đề."), code="required")
    if len(topic) > TOPIC_MAX:
        raise ValidationError(
            _("Chủ đề dài quá %(max)d ký tự: gõ gọn lại.") % {"max": TOPIC_MAX}, code="max_length"
        )
    return topic


def freetext_code(*, user, freetext: FreeText, topic: str) -> FreeText:
    """Code a text into `topic` and delete its words, in one write. Only an editor of the
    organiser codes, only while coding is open, and only a text not yet coded (a coded one
    has no words left to read)."""
    survey = freetext.question.survey
    denied = _("Chỉ cán bộ nhập liệu của đơn vị tổ chức khảo sát được mã hóa ý kiến.")
    require_role(user, survey.orgunit, role=Role.EDITOR, message=denied)
    topic = _topic_clean(topic)
    freetexts_expire(survey=survey)
    if not coding_open(survey):
        raise ValidationError(
            _("Đã hết hạn mã hóa ý kiến của cuộc khảo sát này (%(days)d ngày sau khi kết thúc).")
            % {"days": CODING_DAYS},
            code="closed",
        )
    with transaction.atomic():
        # The survey first, as a mix locks it before it reads the texts it writes back: a
        # topic set between its reading and its writing would be lost, the words restored.
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        current = FreeText.objects.select_for_update().filter(pk=freetext.pk).first()
        if current is None:
            raise ValidationError(
                _("Ý kiến này không còn: đã hết hạn mã hóa nên đã bị xóa."), code="gone"
            )
        if current.topic:
            raise ValidationError(_("Ý kiến này đã được mã hóa."), code="coded")
        current.topic = topic
        current.text = ""
        current.save(update_fields=["topic", "text"])
    freetext.topic, freetext.text = current.topic, current.text
    return current


def freetexts_expire(*, survey: Survey) -> int:
    """Delete the survey's uncoded texts once its coding has ended; how many were deleted."""
    if survey.status != Status.CLOSED or coding_open(survey):
        return 0
    with transaction.atomic():
        # A mix running now would otherwise write back what this deletes (mixing).
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        deleted, _rows = FreeText.objects.filter(question__survey=survey, topic="").delete()
    return deleted


def freetexts_expire_all() -> int:
    """`freetexts_expire` for every closed survey that still holds uncoded text (for a daily
    command: the deletion should not wait for someone to open the survey)."""
    ids = (
        FreeText.objects.filter(topic="")
        .values_list("question__survey_id", flat=True)
        .distinct()
        .order_by()
    )
    return sum(freetexts_expire(survey=survey) for survey in Survey.objects.filter(pk__in=ids))
