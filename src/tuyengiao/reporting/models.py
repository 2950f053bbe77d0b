"""Report forms (biểu mẫu báo cáo), the window in which units fill them in, what they send
and who approved it, and the validation rules checked while they type.

The workflow itself (submit, approve, return, exceptions) lives in `reporting.workflow`;
these models hold its state and its trail.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.values.models import Indicator, code_validator


class ReportForm(models.Model):
    """Biểu mẫu báo cáo: a named set of indicators in sections that the units of `owner`'s
    subtree (those of `unit_kinds`, or listed in `units`) report for every period of
    `period_kind`.

    Entry opens `opens_before_end_days` before a period ends and closes
    `closes_after_end_days` after (the deadline): a monthly form with 10 and 5 is open from
    the 21st of a 31-day month to the 5th of the next. Outside it, entry needs an
    `EntryException`. `owner` is the last level that approves.
    """

    class PeriodKind(models.TextChoices):
        MONTH = "month", _("Tháng")
        QUARTER = "quarter", _("Quý")
        HALF = "half", _("6 tháng")
        YEAR = "year", _("Năm")

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    period_kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices)
    owner = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ban hành")
    )
    unit_kinds = models.ManyToManyField(
        UnitKind, blank=True, related_name="+", verbose_name=_("loại đơn vị báo cáo")
    )
    units = models.ManyToManyField(
        OrgUnit, blank=True, related_name="+", verbose_name=_("đơn vị báo cáo")
    )
    opens_before_end_days = models.PositiveSmallIntegerField(
        _("mở trước khi hết kỳ (ngày)"), default=10, validators=[MaxValueValidator(366)]
    )
    closes_after_end_days = models.PositiveSmallIntegerField(
        _("hạn nộp sau khi hết kỳ (ngày)"), default=5, validators=[MaxValueValidator(366)]
    )
    description = models.TextField(_("hướng dẫn"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("biểu mẫu báo cáo")
        verbose_name_plural = _("biểu mẫu báo cáo")

    def __str__(self) -> str:
        return self.name


class FormSection(models.Model):
    """Phần: a titled group of rows of a form ("I. Công tác giáo dục chính trị")."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("tiêu đề"), max_length=300)
    title_en = models.CharField(_("tiêu đề tiếng Anh"), max_length=300, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["form", "sort_order", "pk"]
        verbose_name = _("phần biểu mẫu")
        verbose_name_plural = _("phần biểu mẫu")

    def __str__(self) -> str:
        return self.title


class FormItem(models.Model):
    """One indicator of a form, in a section. A derived indicator shows its computed value."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(FormSection, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["section__sort_order", "section", "sort_order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["form", "indicator"], name="formitem_unique")
        ]

    def __str__(self) -> str:
        return f"{self.form_id}: {self.indicator_id}"

    def clean(self) -> None:
        if self.section_id and self.form_id and self.section.form_id != self.form_id:
            raise ValidationError(_("Phần này thuộc biểu mẫu khác."))


class EntryException(models.Model):
    """Cho phép nhập ngoài thời hạn: an approver above lets a unit enter one period's form
    until `until` (inclusive), with the reason on record."""

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="exceptions")
    orgunit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("kỳ"), max_length=17)
    until = models.DateField(_("được nhập đến ngày"))
    reason = models.CharField(_("lý do"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField()

    class Meta:
        verbose_name = _("cho phép nhập ngoài thời hạn")
        verbose_name_plural = _("cho phép nhập ngoài thời hạn")
        constraints = [
            models.UniqueConstraint(
                fields=["form", "orgunit", "period"], name="entryexception_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_id} {self.orgunit_id} {self.period} → {self.until}"


class Submission(models.Model):
    """Báo cáo đã gửi: the state of one (form, unit, period). No row means a draft nobody
    sent yet. `approved_up_to` is the highest unit above that has approved; the data is
    locked from submission on, and stays so once `status` is approved (by the form's owner).
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang nhập")
        SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã duyệt")

    form = models.ForeignKey(ReportForm, on_delete=models.CASCADE, related_name="submissions")
    orgunit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=17)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    approved_up_to = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    # Kept through returns: timeliness is judged by the first sending, so a report the
    # approver returned after the deadline is not late when it is sent again.
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_reason = models.CharField(_("lý do trả lại"), max_length=1000, blank=True)
    updated_at = models.DateTimeField()

    class Meta:
        verbose_name = _("báo cáo đã gửi")
        verbose_name_plural = _("báo cáo đã gửi")
        constraints = [
            models.UniqueConstraint(fields=["form", "orgunit", "period"], name="submission_unique")
        ]
        # "What is due" and completeness read a form's period across units.
        indexes = [models.Index(fields=["form", "period"], name="submission_form_period")]

    def __str__(self) -> str:
        return f"{self.form_id} {self.orgunit_id} {self.period}: {self.status}"

    @property
    def is_locked(self) -> bool:
        return self.status in (self.Status.SUBMITTED, self.Status.APPROVED)


class SubmissionEvent(models.Model):
    """One step of a submission's trail: sent, approved at a level, returned, reopened."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Gửi")
        APPROVE = "approve", _("Duyệt")
        RETURN = "return", _("Trả lại")
        REOPEN = "reopen", _("Mở lại")

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("thao tác"), max_length=10, choices=Action.choices)
    level = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.CharField(_("lý do"), max_length=1000, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.action}"


class ValidationRule(models.Model):
    """Quy tắc kiểm tra: `left operator right`, over the indicators of a form, checked for a
    unit and period while its figures are typed ("DV_XEP_LOAI.HTXS <= 0.2 *
    DV_XEP_LOAI.HTT"). A rule is checked only once every value it names is entered."""

    class Importance(models.TextChoices):
        HIGH = "high", _("Cao")
        MEDIUM = "medium", _("Trung bình")
        LOW = "low", _("Thấp")

    class Operator(models.TextChoices):
        EQ = "==", "="
        NE = "!=", "≠"
        LT = "<", "<"
        LE = "<=", "≤"
        GT = ">", ">"
        GE = ">=", "≥"

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    left = models.CharField(_("vế trái"), max_length=1000)
    operator = models.CharField(_("phép so sánh"), max_length=2, choices=Operator.choices)
    right = models.CharField(_("vế phải"), max_length=1000)
    importance = models.CharField(
        _("mức độ"), max_length=10, choices=Importance.choices, default=Importance.MEDIUM
    )
    message = models.CharField(_("thông báo"), max_length=500)
    message_en = models.CharField(_("thông báo tiếng Anh"), max_length=500, blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("quy tắc kiểm tra")
        verbose_name_plural = _("quy tắc kiểm tra")

    def __str__(self) -> str:
        return self.message

    def clean(self) -> None:
        from tuyengiao.values.expressions import ExpressionError, parse_rule

        try:
            parse_rule(self.left, self.operator, self.right)
        except ExpressionError as error:
            raise ValidationError({"left": str(error)}) from None
