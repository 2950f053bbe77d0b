"""Narrative reports read in, and the figures proposed from them (issue 18 §1).

Nothing here is a figure: a proposal is what the toolkit read in a sentence, kept until a
person accepts, corrects or rejects it. An accepted figure is written by the values core
with the proposal as its source, so the cell's history links back to the sentence.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.values.models import Indicator


class SectionKey(models.TextChoices):
    RESULTS = "results", _("Kết quả đạt được")
    LIMITATIONS = "limitations", _("Hạn chế, tồn tại")
    CAUSES = "causes", _("Nguyên nhân")
    DIRECTIONS = "directions", _("Phương hướng, nhiệm vụ")


class IngestedReport(models.Model):
    """Báo cáo của đơn vị: a unit's narrative report for a period (báo cáo tháng, quý…), read
    so that its figures are proposed for the unit's cells and its sections kept."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ"), max_length=17)
    form = models.ForeignKey(
        ReportForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("biểu mẫu"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản trong sổ"),
    )
    filename = models.CharField(_("tệp"), max_length=255, blank=True)
    # Normalised (textkit.normalize): every span of a proposal is an offset into it.
    text = models.TextField(_("nội dung"))
    sections = models.JSONField(_("các phần"), default=dict, blank=True)
    references = models.JSONField(_("văn bản dẫn chiếu"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc tải lên"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        indexes = [models.Index(fields=["orgunit", "period"])]

    def __str__(self) -> str:
        return f"{self.orgunit} {self.period} {self.filename}"

    def get_absolute_url(self) -> str:
        return reverse("reports:review", args=[self.pk])


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("Chờ xem xét")
    ACCEPTED = "accepted", _("Đã nhận")
    CORRECTED = "corrected", _("Đã sửa và nhận")
    REJECTED = "rejected", _("Đã bỏ")
    REFUSED = "refused", _("Không lưu được")


class Approx(models.TextChoices):
    EXACT = "", _("đúng")
    OVER = "over", _("trên")
    UNDER = "under", _("dưới, gần")
    ABOUT = "about", _("khoảng")


class Proposal(models.Model):
    """A figure the toolkit read for one cell (indicator, option) of the report's unit and
    period, with the sentence it came from and the other mentions of the same cell."""

    report = models.ForeignKey(IngestedReport, on_delete=models.CASCADE, related_name="proposals")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    option = models.CharField(_("mục phân tổ"), max_length=40, blank=True)
    value = models.DecimalField(_("số đọc được"), max_digits=24, decimal_places=4)
    approx = models.CharField(_("mức chính xác"), max_length=5, choices=Approx.choices, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    sentence_start = models.PositiveIntegerField()
    sentence_end = models.PositiveIntegerField()
    alternatives = models.JSONField(default=list, blank=True)  # [{"value", "span": [s, e]}]
    decision = models.CharField(
        _("xử lý"), max_length=10, choices=Decision.choices, default=Decision.PROPOSED
    )
    saved_value = models.DecimalField(
        _("số đã lưu"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    reason = models.CharField(_("lý do"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("số liệu đề xuất")
        verbose_name_plural = _("số liệu đề xuất")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator", "option"], name="proposal_one_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.option} = {self.value}"

    def get_absolute_url(self) -> str:
        return f"{self.report.get_absolute_url()}#p-{self.pk}"

    @property
    def sentence(self) -> str:
        return self.report.text[self.sentence_start : self.sentence_end]


class ReportKind(models.TextChoices):
    MONTH = "month", _("Báo cáo tháng")
    QUARTER = "quarter", _("Báo cáo quý")
    HALF = "half", _("Báo cáo 6 tháng")
    YEAR = "year", _("Báo cáo năm")
    SO_KET = "so_ket", _("Báo cáo sơ kết")
    TONG_KET = "tong_ket", _("Báo cáo tổng kết")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")


class GeneratedReport(models.Model):
    """Báo cáo (tháng, quý, 6 tháng, năm; sơ kết, tổng kết) of a unit for a period, assembled
    from figures, activities, tasks and narrative, edited as a draft, then issued.

    A draft holds only the writer's text: its figures are read afresh at every view, so they
    follow the cells until issuing, which keeps them in `frozen` as they stood."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ"), max_length=17)
    kind = models.CharField(_("loại báo cáo"), max_length=10, choices=ReportKind.choices)
    directive = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản được sơ kết, tổng kết"),
    )
    summary = models.CharField(_("trích yếu"), max_length=500)
    sections = models.JSONField(_("các phần"), default=dict, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản trong sổ"),
    )
    frozen = models.JSONField(_("số liệu khi ban hành"), null=True, blank=True)
    authority = models.CharField(_("thẩm quyền ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer = models.CharField(_("người ký"), max_length=120, blank=True)
    recipients = models.TextField(_("nơi nhận"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        indexes = [models.Index(fields=["orgunit", "period"])]

    def __str__(self) -> str:
        return f"{self.orgunit} {self.period} {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("reports:generated", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ReportStatus.DRAFT


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ chạy")
    RUNNING = "running", _("Đang chạy")
    FINISHED = "finished", _("Đã xong")
    FAILED = "failed", _("Lỗi")


class BulkJob(models.Model):
    """Drafts of every unit below one unit, generated in the background, and their .zip."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    period = models.CharField(_("kỳ"), max_length=17)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    archive = models.FileField(_("tệp nén"), upload_to="reports/bulk/", blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("lúc tạo"), auto_now_add=True)
    finished_at = models.DateTimeField(_("lúc xong"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("tạo báo cáo hàng loạt")
        verbose_name_plural = _("tạo báo cáo hàng loạt")

    def __str__(self) -> str:
        return f"{self.orgunit} {self.period} {self.done}/{self.total}"
