"""Anonymous opinion surveys, and the concerns units hear, counted (issue 19).

Nothing here can name a respondent (DESIGN.md §1, "Deliberately not built"). A response holds
its unit (from the one-time code the person was handed), the day, and its answers; never an
address, a user agent, a time of day, a code, or an account. Its key is random, so that the
order of arrival is not kept either. Free text is stored apart from the response it came with,
already redacted (`textkit.redact`): the words as typed never reach the database. Codes are
stored as digests and carry nothing but whether they were used.

Responses, free text and codes are kept out of the audit trail (settings,
AUDITLOG_EXCLUDE_TRACKING_MODELS), which records a client address and a time to the second.

Concern counts are data values of the values core (by topic, an option of the breakdown
`CHU_DE_TAM_TU`: the topic list is data); only each topic's short anonymous summary is kept
here.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import DisaggregationOption


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    OPEN = "open", _("Đang thu phiếu")
    CLOSED = "closed", _("Đã kết thúc")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    SCALE = "scale", _("Thang điểm 1–5")
    NUMBER = "number", _("Số")
    TEXT = "text", _("Ý kiến tự do")
    BAND = "band", _("Thông tin chung (theo nhóm)")


class Band(models.TextChoices):
    """The only facts about a respondent a survey may ask, each in coarse groups."""

    AGE = "age", _("Nhóm tuổi")
    SEX = "sex", _("Giới tính")
    OCCUPATION = "occupation", _("Nhóm nghề nghiệp")


# The groups of each band: (code, label). Coarse on purpose: a finer one (a year of birth,
# a job title) would, with the unit, point at a person.
BAND_OPTIONS: dict[str, list[tuple[str, str | Promise]]] = {
    Band.AGE: [
        ("U30", _("Dưới 30 tuổi")),
        ("30_45", _("Từ 30 đến 45 tuổi")),
        ("46_60", _("Từ 46 đến 60 tuổi")),
        ("O60", _("Trên 60 tuổi")),
    ],
    Band.SEX: [("NAM", _("Nam")), ("NU", _("Nữ")), ("KHAC", _("Khác, không muốn nói"))],
    Band.OCCUPATION: [
        ("NONG", _("Nông, lâm, ngư nghiệp")),
        ("CN", _("Công nhân, người lao động")),
        ("CBCC", _("Cán bộ, công chức, viên chức, lực lượng vũ trang")),
        ("KD", _("Kinh doanh, dịch vụ, lao động tự do")),
        ("HS", _("Học sinh, sinh viên")),
        ("HUU", _("Hưu trí, nội trợ")),
        ("KHAC", _("Khác")),
    ],
}

SCALE_OPTIONS = [
    ("1", _("1 - Rất không đồng tình")),
    ("2", _("2 - Không đồng tình")),
    ("3", _("3 - Phân vân")),
    ("4", _("4 - Đồng tình")),
    ("5", _("5 - Rất đồng tình")),
]
# The scores that count as agreeing, for the indicators (share agreeing).
AGREE = frozenset({4, 5})


def _public_key() -> str:
    return secrets.token_urlsafe(12)


class Survey(models.Model):
    """Cuộc khảo sát dư luận xã hội: how residents or members of some units see a policy."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    title = models.CharField(_("tên cuộc khảo sát"), max_length=300)
    purpose = models.TextField(_("mục đích"), blank=True)
    units = models.ManyToManyField(
        OrgUnit, related_name="+", verbose_name=_("đơn vị được khảo sát")
    )
    opens_on = models.DateField(_("ngày bắt đầu"))
    closes_on = models.DateField(_("ngày kết thúc"))
    published = models.BooleanField(_("đã phát hành"), default=False)
    # Ended by staff before its last day.
    ended = models.BooleanField(_("đã kết thúc sớm"), default=False)
    # The public link's key: not the id, so that drafts and other surveys cannot be walked.
    public_key = models.CharField(max_length=24, unique=True, default=_public_key, editable=False)
    # The results were written to the indicators (survey_results_record).
    recorded = models.BooleanField(_("đã ghi vào chỉ tiêu"), default=False)

    class Meta:
        verbose_name = _("cuộc khảo sát")
        verbose_name_plural = _("cuộc khảo sát")
        ordering = ["-opens_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="survey_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("surveys:survey", args=[self.pk])

    @property
    def public_path(self) -> str:
        return reverse("survey_public:form", args=[self.public_key])

    @property
    def status(self) -> str:
        if not self.published:
            return Status.DRAFT
        if self.ended or timezone.localdate() > self.closes_on:
            return Status.CLOSED
        return Status.OPEN

    def accepts_on(self, day) -> bool:
        """Whether a response may be added on `day` (published, in the window, not ended)."""
        return self.published and not self.ended and self.opens_on <= day <= self.closes_on


class Question(models.Model):
    """Một câu hỏi của phiếu khảo sát."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    # "q1", "q2"…: what the API and the answers name it by.
    key = models.CharField(_("mã câu hỏi"), max_length=10)
    kind = models.CharField(_("loại câu hỏi"), max_length=10, choices=QuestionKind.choices)
    text = models.CharField(_("câu hỏi"), max_length=500)
    # [{"code": "A", "label": "…"}] for single and multiple choice; scale and band questions
    # take theirs from SCALE_OPTIONS and BAND_OPTIONS.
    options = models.JSONField(_("phương án trả lời"), default=list, blank=True)
    band = models.CharField(_("nhóm"), max_length=12, choices=Band.choices, blank=True)
    required = models.BooleanField(_("bắt buộc trả lời"), default=False)
    # The scale question whose agreement the indicators count (one per survey at most).
    headline = models.BooleanField(_("câu hỏi đánh giá chính"), default=False)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("câu hỏi")
        verbose_name_plural = _("câu hỏi")
        ordering = ["survey", "sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "key"], name="question_key_unique"),
            models.UniqueConstraint(
                fields=["survey"], condition=Q(headline=True), name="one_headline_question"
            ),
            models.CheckConstraint(
                condition=Q(kind="band", band__gt="") | (~Q(kind="band") & Q(band="")),
                name="question_band_only_for_band",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}. {self.text}"

    def choices(self) -> list[tuple[str, str | Promise]]:
        """(code, label) of the answers this question offers; empty for number and text."""
        if self.kind == QuestionKind.SCALE:
            return list(SCALE_OPTIONS)
        if self.kind == QuestionKind.BAND:
            return list(BAND_OPTIONS.get(self.band, []))
        if self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            return [(str(o["code"]), str(o["label"])) for o in self.options]
        return []


class SurveyCode(models.Model):
    """Mã phiếu dùng một lần: printed and handed out on paper to whoever the unit chooses.

    Linked to no person; only its digest is kept (the code itself is printed once), and once
    used it is marked used, nothing else: no time, and no link to the response it let in.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    # The unit whose residents it is handed to: the response's unit.
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mã phiếu")
        verbose_name_plural = _("mã phiếu")

    def __str__(self) -> str:
        return str(_("mã phiếu đã dùng") if self.used else _("mã phiếu chưa dùng"))


class Response(models.Model):
    """Một phiếu trả lời: its unit, the day it came, and its answers, nothing more."""

    # Random, so that the order in which responses arrived is not kept.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    # The day only: a time of day, set beside a surveyor's notes, could point at a person.
    day = models.DateField()
    # Typed in by a surveyor from a paper form rather than sent by the respondent.
    paper = models.BooleanField(default=False)
    # {"q1": "A", "q2": ["A", "C"], "q3": 4, "q5": 12}: never free text (see FreeText).
    answers = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("phiếu trả lời")
        verbose_name_plural = _("phiếu trả lời")

    def __str__(self) -> str:
        return str(_("phiếu trả lời"))


class FreeText(models.Model):
    """An answer in the respondent's own words, redacted before it was stored, kept apart
    from the response it came with (so it cannot be joined to that person's other answers),
    until a staff member codes it into a topic; the text is then deleted."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="free_texts")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)
    topic = models.CharField(_("chủ đề"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("ý kiến tự do")
        verbose_name_plural = _("ý kiến tự do")

    def __str__(self) -> str:
        return self.topic or str(_("ý kiến chưa mã hóa"))


class ConcernNote(models.Model):
    """Tóm tắt tâm tư, nguyện vọng: a unit's short anonymous summary of what it heard on a
    topic in a month; its counts are data values (`surveys.concerns`)."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ"), max_length=17)
    topic = models.ForeignKey(
        DisaggregationOption, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ đề")
    )
    summary = models.TextField(_("tóm tắt"), max_length=1000)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tóm tắt tâm tư, nguyện vọng")
        verbose_name_plural = _("tóm tắt tâm tư, nguyện vọng")
        constraints = [
            models.UniqueConstraint(
                fields=["orgunit", "period", "topic"], name="concern_note_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.orgunit} {self.period} {self.topic}"


class ConcernTask(models.Model):
    """Nhiệm vụ giải quyết kiến nghị: a task in tracking opened from the overview of concerns
    for a topic heard in a unit ("Giải quyết kiến nghị về vỉa hè phường X"). The task is
    followed as any other; this row only says which unit, topic and month it was opened for,
    so the overview can link to it."""

    task = models.OneToOneField(
        "tracking.Task", on_delete=models.PROTECT, related_name="+", verbose_name=_("nhiệm vụ")
    )
    # The unit the concerns were heard in, to which the task is assigned.
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    topic = models.ForeignKey(
        DisaggregationOption, on_delete=models.PROTECT, related_name="+", verbose_name=_("chủ đề")
    )
    # The month whose figures it was opened on.
    period = models.CharField(_("kỳ"), max_length=17)

    class Meta:
        verbose_name = _("nhiệm vụ giải quyết kiến nghị")
        verbose_name_plural = _("nhiệm vụ giải quyết kiến nghị")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.orgunit} {self.period} {self.topic}"
