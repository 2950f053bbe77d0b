"""Contests and awards (cuộc thi, giải thưởng): the contest and its rules, its rounds, judges
and prizes; the entries units submit, their authors, the sealed code each entry carries in a
round (phách), the judges' assignments and scores.

Personal data stays what a contest needs (issue 21): an author's name, unit and contact,
nothing else, and no citizen's data beyond an entrant's own entry.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.awards_docx import LEVELS
from tuyengiao.reports.models import JobStatus


class CategoryKind(models.TextChoices):
    """The kinds of work, and the options of the breakdown entry counts are kept by
    (contests.seeds): a contest names its categories freely, each of one kind."""

    ESSAY = "CHINH_LUAN", _("Chính luận")
    PRINT = "BAO_IN", _("Báo in")
    ONLINE = "BAO_DIEN_TU", _("Báo điện tử")
    RADIO = "PHAT_THANH", _("Phát thanh")
    TELEVISION = "TRUYEN_HINH", _("Truyền hình")
    PHOTO = "ANH", _("Ảnh")
    OTHER = "KHAC", _("Khác")


# Press works: their publication date must fall within the contest's window.
PRESS_KINDS = frozenset(
    {CategoryKind.PRINT, CategoryKind.ONLINE, CategoryKind.RADIO, CategoryKind.TELEVISION,
     CategoryKind.PHOTO}
)  # fmt: skip


class FurtherRule(models.TextChoices):
    """How an entry's round score is worked out once a further judge has scored it."""

    MEAN_ALL = "mean_all", _("Trung bình điểm của tất cả giám khảo")
    CLOSEST = "closest", _("Trung bình hai điểm gần nhau nhất")


class TieRule(models.TextChoices):
    """How two entries with the same round score are ordered."""

    CRITERIA = "criteria", _("Điểm tiêu chí có trọng số cao hơn")
    EARLIER = "earlier", _("Bài nộp trước")


class PrizeLevel(models.TextChoices):
    """The levels of prizes, best first; their names are the decision's and the certificates'
    (`reports.awards_docx.LEVELS`, where they are marked for translation)."""

    A = "A", _(LEVELS["A"])
    B = "B", _(LEVELS["B"])
    C = "C", _(LEVELS["C"])
    MERIT = "KK", _(LEVELS["KK"])


class Contest(models.Model):
    """Một cuộc thi (cuộc thi chính luận, giải báo chí Búa liềm vàng…) that a unit organises,
    launched by a document of the registry, with its rules."""

    title = models.CharField(_("tên cuộc thi"), max_length=255)
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contests",
        verbose_name=_("văn bản phát động"),
    )
    # The year of the figures (entries and prizes by unit) the contest writes.
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    opens_on = models.DateField(_("nhận bài từ ngày"))
    closes_on = models.DateField(_("nhận bài đến ngày"))
    max_words = models.PositiveIntegerField(_("số chữ tối đa"), null=True, blank=True)
    one_per_author = models.BooleanField(_("mỗi tác giả một bài mỗi thể loại"), default=True)
    published_after = models.DateField(_("tác phẩm đăng từ ngày"), null=True, blank=True)
    published_before = models.DateField(_("tác phẩm đăng đến ngày"), null=True, blank=True)
    gap = models.DecimalField(
        _("độ chênh cho phép giữa hai giám khảo"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    further_rule = models.CharField(
        _("cách tính khi có giám khảo chấm thêm"),
        max_length=10,
        choices=FurtherRule.choices,
        default=FurtherRule.MEAN_ALL,
    )
    tie_rule = models.CharField(
        _("xếp hạng khi bằng điểm"), max_length=10, choices=TieRule.choices,
        default=TieRule.CRITERIA,
    )  # fmt: skip
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("thư ký cuộc thi"),
    )
    confirmed_at = models.DateTimeField(_("công bố kết quả lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+",
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-opens_on", "-id"]
        verbose_name = _("cuộc thi")
        verbose_name_plural = _("cuộc thi")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors = {}
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("Ngày hết hạn nhận bài phải sau ngày bắt đầu.")
        after, before = self.published_after, self.published_before
        if after and before and before < after:
            errors["published_before"] = _("Khoảng thời gian đăng tác phẩm không hợp lệ.")
        if errors:
            raise ValidationError(errors)


class Category(models.Model):
    """Một thể loại dự thi (chính luận; báo in, báo điện tử, phát thanh, truyền hình, ảnh)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("thể loại"), max_length=120)
    kind = models.CharField(_("loại tác phẩm"), max_length=20, choices=CategoryKind.choices)
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("thể loại dự thi")
        verbose_name_plural = _("thể loại dự thi")
        constraints = [
            models.UniqueConstraint(fields=["contest", "name"], name="contest_category_unique")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_press(self) -> bool:
        return self.kind in PRESS_KINDS


class Criterion(models.Model):
    """Một tiêu chí chấm: judges score it from 0 to `max_score`; an entry's score is the
    mean of its criteria weighted by `weight`."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("tiêu chí"), max_length=200)
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )  # fmt: skip
    max_score = models.DecimalField(
        _("điểm tối đa"), max_digits=5, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("1"))],
    )  # fmt: skip
    sort_order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["sort_order", "id"]
        verbose_name = _("tiêu chí chấm")
        verbose_name_plural = _("tiêu chí chấm")

    def __str__(self) -> str:
        return self.name


class Stage(models.TextChoices):
    PRELIMINARY = "so_khao", _("Sơ khảo")
    FINAL = "chung_khao", _("Chung khảo")


class Round(models.Model):
    """Một vòng chấm (sơ khảo, chung khảo), with its window, the size of the shortlist it
    sends on, and how many judges score each entry."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("vòng thứ"))
    stage = models.CharField(_("vòng"), max_length=12, choices=Stage.choices)
    opens_on = models.DateField(_("chấm từ ngày"))
    closes_on = models.DateField(_("chấm đến ngày"))
    shortlist = models.PositiveIntegerField(_("số bài vào vòng sau"), null=True, blank=True)
    judges_per_entry = models.PositiveSmallIntegerField(
        _("số giám khảo chấm mỗi bài"), default=2, validators=[MinValueValidator(1)]
    )
    opened_at = models.DateTimeField(_("mở vòng chấm lúc"), null=True, blank=True)

    class Meta:
        ordering = ["contest", "number"]
        verbose_name = _("vòng chấm")
        verbose_name_plural = _("vòng chấm")
        constraints = [
            models.UniqueConstraint(fields=["contest", "number"], name="contest_round_unique")
        ]

    def __str__(self) -> str:
        return f"{self.contest}: {self.get_stage_display()}"


class Judge(models.Model):
    """Một giám khảo of a round: any account, inside the tree or an invited expert."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_judgings"
    )

    class Meta:
        verbose_name = _("giám khảo")
        verbose_name_plural = _("giám khảo")
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="contest_judge_unique")
        ]

    def __str__(self) -> str:
        return str(self.user)


class Prize(models.Model):
    """Cơ cấu giải: how many prizes of a level the contest gives."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="prizes")
    level = models.CharField(_("giải"), max_length=2, choices=PrizeLevel.choices)
    count = models.PositiveSmallIntegerField(_("số giải"))

    class Meta:
        ordering = ["contest", "level"]
        verbose_name = _("cơ cấu giải")
        verbose_name_plural = _("cơ cấu giải")
        constraints = [
            models.UniqueConstraint(fields=["contest", "level"], name="contest_prize_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()}: {self.count}"


class Entry(models.Model):
    """Một bài dự thi (tác phẩm), submitted by a unit on behalf of its authors or typed in by
    the organiser's staff from post. The text of a .docx/.pdf/.txt is kept for the judges
    and the near-duplicate check; audio and video come as a link plus a file."""

    contest = models.ForeignKey(Contest, on_delete=models.PROTECT, related_name="entries")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="entries")
    title = models.CharField(_("tên tác phẩm"), max_length=500)
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị gửi bài")
    )
    file = models.FileField(_("tệp"), upload_to="contests/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    sha256 = models.CharField(max_length=64, db_index=True)
    text = models.TextField(_("nội dung"), blank=True)
    words = models.PositiveIntegerField(_("số chữ"), default=0)
    link = models.URLField(_("đường dẫn"), max_length=500, blank=True)
    published_on = models.DateField(_("ngày đăng, phát"), null=True, blank=True)
    outlet = models.CharField(_("cơ quan báo chí"), max_length=255, blank=True)
    prize = models.CharField(_("giải"), max_length=2, choices=PrizeLevel.choices, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "id"]
        verbose_name = _("bài dự thi")
        verbose_name_plural = _("bài dự thi")
        indexes = [models.Index(fields=["contest", "category"], name="entry_contest_category")]

    def __str__(self) -> str:
        return self.title


class Author(models.Model):
    """Tác giả of an entry: only the name, unit of work and a contact."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="authors")
    name = models.CharField(_("họ và tên"), max_length=120)
    unit = models.CharField(_("đơn vị công tác"), max_length=255, blank=True)
    contact = models.CharField(_("điện thoại hoặc thư điện tử"), max_length=120, blank=True)
    # The name as the one-entry rule compares it (case and spacing aside).
    name_key = models.CharField(max_length=120, editable=False, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tác giả")
        verbose_name_plural = _("tác giả")

    def __str__(self) -> str:
        return self.name


class Sealed(models.Model):
    """Phách: the random code an entry carries in a round. Judges see the code only; the key
    (which entry is under which code) is opened by the contest's secretary, and each opening
    is audited. Kept out of the audit trail (settings), which would otherwise hold the key.
    `further_reason` says why the entry went to a further judge."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sealed")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="sealed")
    # The contest again, so that a code is unique in the whole contest, across its rounds.
    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("số phách"), max_length=12)
    further_reason = models.CharField(_("lý do chấm thêm"), max_length=300, blank=True)

    class Meta:
        ordering = ["round", "code"]
        verbose_name = _("phách")
        verbose_name_plural = _("phách")
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="sealed_entry_unique"),
            models.UniqueConstraint(fields=["contest", "code"], name="sealed_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Assignment(models.Model):
    """An entry (under its code) given to a judge in a round; `further` when it came because
    the first judges differed by more than the contest's gap."""

    sealed = models.ForeignKey(Sealed, on_delete=models.CASCADE, related_name="assignments")
    judge = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_assignments"
    )
    further = models.BooleanField(_("chấm thêm"), default=False)
    comment = models.TextField(_("nhận xét"), blank=True)
    total = models.DecimalField(_("điểm"), max_digits=6, decimal_places=3, null=True, blank=True)
    submitted_at = models.DateTimeField(_("nộp điểm lúc"), null=True, blank=True)

    class Meta:
        ordering = ["sealed", "id"]
        verbose_name = _("phân công chấm")
        verbose_name_plural = _("phân công chấm")
        constraints = [
            models.UniqueConstraint(fields=["sealed", "judge"], name="contest_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.sealed} → {self.judge}"


class Score(models.Model):
    """A judge's score of one criterion."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("điểm"), max_digits=5, decimal_places=2)

    class Meta:
        verbose_name = _("điểm tiêu chí")
        verbose_name_plural = _("điểm tiêu chí")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="contest_score_unique")
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class OverlapCheck(models.Model):
    """A run of the near-duplicate check over a contest's text entries and the registry's
    documents (contests.overlaps), with its progress (`done` of `total` phases) for the page
    that follows it. The overlaps it found replace the contest's earlier ones."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="overlap_checks")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    # What was compared, for the page to say so (the registry's documents are bounded).
    entries = models.PositiveIntegerField(_("số bài so sánh"), default=0)
    documents = models.PositiveIntegerField(_("số văn bản so sánh"), default=0)
    found = models.PositiveIntegerField(_("số cặp trùng lặp"), default=0)
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    started_at = models.DateTimeField(_("lúc bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("kiểm tra trùng lặp")
        verbose_name_plural = _("kiểm tra trùng lặp")

    def __str__(self) -> str:
        return f"{self.contest} {self.done}/{self.total}"

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)


class EntryOverlap(models.Model):
    """What an entry shares with another entry of the contest or with a document of the
    registry (one of the two): the share of each one's words inside the shared passages, and
    the passages as character spans of each normalised text (textkit.normalize), as
    [text start, text end, other start, other end, text words, other words].

    Derived from the texts and replaced by each check; no personal data (spans, not text).
    `digest` is of the two texts compared: a page showing the passages measures them again
    when either text has changed since."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="+")
    check_run = models.ForeignKey(OverlapCheck, on_delete=models.CASCADE, related_name="overlaps")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="overlaps")
    other_entry = models.ForeignKey(
        Entry, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    share = models.FloatField(_("tỷ lệ trùng của bài"))
    other_share = models.FloatField(_("tỷ lệ trùng của văn bản kia"))
    passages = models.JSONField(_("đoạn trùng"), default=list)
    digest = models.CharField(max_length=32)

    class Meta:
        ordering = ["entry", "-share", "pk"]
        verbose_name = _("đoạn trùng lặp")
        verbose_name_plural = _("đoạn trùng lặp")
        indexes = [models.Index(fields=["contest", "entry"], name="overlap_contest_entry")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(other_entry__isnull=False, document__isnull=True)
                    | models.Q(other_entry__isnull=True, document__isnull=False)
                ),
                name="overlap_entry_or_document",
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} ~ {self.other_entry_id or self.document_id}: {self.share:.0%}"

    # In percent, as the pages show them (ui_formats' `percent`).
    @property
    def share_percent(self) -> float:
        return self.share * 100

    @property
    def other_share_percent(self) -> float:
        return self.other_share * 100
