"""Implementation tracking: the tasks a directive causes, who carries them out, and how far
they have got (nhiệm vụ, giao nhiệm vụ, báo cáo tiến độ)."""

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator
from tuyengiao.values.period_fields import period_label


class Recurrence(models.TextChoices):
    """How often an assigned unit reports; the values are reporting's period kinds."""

    NONE = "", _("Không định kỳ")
    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    YEAR = "year", _("Hằng năm")


class Status(models.TextChoices):
    """Where an assignment stands. "Overdue" is not stored: it is a past deadline on work
    neither done nor cancelled, true the morning after without anyone saving anything."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")
    CANCELLED = "cancelled", _("Đã hủy")


OVERDUE = "overdue"
OVERDUE_LABEL = _("Quá hạn")
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS)


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Chủ trì")
    PARTICIPANT = "participant", _("Phối hợp")
    CARRY_OUT = "carry_out", _("Thực hiện")


class Task(models.Model):
    """Nhiệm vụ: one piece of work a directive asks for, set by the unit that holds it.

    `document` is the directive the task comes from (empty for a task that comes from an
    inspection's recommendation or from nowhere in particular); sub-tasks share their
    parent's document, so that "every task of 88-KL/TU" is one indexed filter.
    """

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="tasks", verbose_name=_("đơn vị giao")
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("văn bản"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subtasks",
        verbose_name=_("nhiệm vụ cha"),
    )
    number = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    title = models.CharField(_("tên nhiệm vụ"), max_length=255)
    description = models.TextField(_("nội dung"), blank=True)
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=10, choices=Recurrence.choices, blank=True, default=""
    )
    inspection = models.ForeignKey(
        "Inspection",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("đoàn kiểm tra"),
    )
    # Figures the assigned units give with each progress report; they are saved as data
    # values of these indicators, so the dashboards and roll-ups count them like any other.
    indicators = models.ManyToManyField(
        Indicator, blank=True, related_name="tasks", verbose_name=_("chỉ tiêu báo cáo kèm")
    )
    position = models.PositiveIntegerField(default=0)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        indexes = [models.Index(fields=["document", "position"], name="task_of_document")]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Assignment(models.Model):
    """Giao nhiệm vụ: one task for one unit, with its own status, deadline and reports.

    `deadline` starts as the task's and may differ per unit (a commune given more time).
    """

    task = models.ForeignKey(
        Task, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("nhiệm vụ")
    )
    orgunit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("đơn vị thực hiện"),
    )
    role = models.CharField(
        _("vai trò"),
        max_length=12,
        choices=AssignmentRole.choices,
        default=AssignmentRole.CARRY_OUT,
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=10, choices=Recurrence.choices, blank=True, default=""
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["task__position", "orgunit__path"]
        verbose_name = _("giao nhiệm vụ")
        verbose_name_plural = _("giao nhiệm vụ")
        constraints = [
            models.UniqueConstraint(fields=["task", "orgunit"], name="assignment_unique"),
            models.CheckConstraint(
                condition=models.Q(completed_on__isnull=True) | models.Q(status=Status.DONE),
                name="assignment_completed_only_when_done",
            ),
        ]
        indexes = [
            models.Index(fields=["orgunit", "status"], name="assignment_of_unit"),
            models.Index(fields=["status", "deadline"], name="assignment_due"),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.orgunit}"

    def effective_status(self, today: datetime.date) -> str:
        if self.status in OPEN_STATUSES and self.deadline and self.deadline < today:
            return OVERDUE
        return self.status


class ReviewState(models.TextChoices):
    """What the unit that set the task made of a report."""

    SUBMITTED = "submitted", _("Đã gửi")
    ACCEPTED = "accepted", _("Đã tiếp nhận")
    RETURNED = "returned", _("Trả lại")


class ProgressReport(models.Model):
    """Báo cáo tiến độ: what a unit says about one assignment for one period.

    The three parts every real report has: kết quả, tồn tại hạn chế, nhiệm vụ thời gian tới.
    `period` is a reporting period code ("2026S1", "202610", "2026"); a task with no
    recurrence is reported under the year.
    """

    assignment = models.ForeignKey(
        Assignment,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("giao nhiệm vụ"),
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=24)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices)
    results = models.TextField(_("kết quả"), blank=True)
    shortcomings = models.TextField(_("tồn tại, hạn chế"), blank=True)
    next_steps = models.TextField(_("nhiệm vụ thời gian tới"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    review_state = models.CharField(
        _("tiếp nhận"), max_length=10, choices=ReviewState.choices, default=ReviewState.SUBMITTED
    )
    review_note = models.CharField(_("lý do trả lại"), max_length=500, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period", "-submitted_at"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "period"], name="progressreport_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} ({period_label(self.period)})"

    def get_absolute_url(self) -> str:
        # Reports are read on their assignment's page, one card a period.
        url = reverse("tracking:assignment", args=[self.assignment_id])
        return f"{url}#report-{self.period}"


class ProgressAttachment(models.Model):
    """Tệp kèm báo cáo tiến độ: the signed report, photos of a conference, a list."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("tệp"), upload_to="tracking/%Y/%m/")
    filename = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tệp kèm báo cáo")
        verbose_name_plural = _("tệp kèm báo cáo")

    def __str__(self) -> str:
        return self.filename


class Inspection(models.Model):
    """Đoàn kiểm tra: a delegation of the inspecting unit that visits units below it.

    Findings are kept per inspected unit; each recommendation becomes a follow-up task of
    the inspecting unit, assigned to the inspected unit and tracked like any other.
    """

    orgunit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("đơn vị kiểm tra"),
    )
    title = models.CharField(_("tên cuộc kiểm tra"), max_length=255)
    topics = models.TextField(_("nội dung kiểm tra"), blank=True)
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    documents = models.ManyToManyField(
        Document, blank=True, related_name="inspections", verbose_name=_("văn bản liên quan")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_on", "-id"]
        verbose_name = _("đoàn kiểm tra")
        verbose_name_plural = _("đoàn kiểm tra")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="inspection_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class MemberRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


class InspectionMember(models.Model):
    """Thành viên đoàn: a name, a job title and a role in the delegation, nothing more."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=160, blank=True)
    role = models.CharField(_("vai trò"), max_length=10, choices=MemberRole.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("thành viên đoàn kiểm tra")
        verbose_name_plural = _("thành viên đoàn kiểm tra")

    def __str__(self) -> str:
        return self.name


class InspectedUnit(models.Model):
    """Đơn vị được kiểm tra, with what the delegation found there."""

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị được kiểm tra")
    )
    strengths = models.TextField(_("ưu điểm"), blank=True)
    shortcomings = models.TextField(_("hạn chế, khuyết điểm"), blank=True)

    class Meta:
        ordering = ["orgunit__path"]
        verbose_name = _("đơn vị được kiểm tra")
        verbose_name_plural = _("đơn vị được kiểm tra")
        constraints = [
            models.UniqueConstraint(fields=["inspection", "orgunit"], name="inspectedunit_unique")
        ]

    def __str__(self) -> str:
        return f"{self.inspection} — {self.orgunit}"


class Recommendation(models.Model):
    """Kiến nghị: what the delegation asks the inspected unit to do, and the task it became."""

    inspected = models.ForeignKey(
        InspectedUnit, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField(_("kiến nghị"))
    deadline = models.DateField(_("thời hạn"), null=True, blank=True)
    task = models.OneToOneField(
        Task, on_delete=models.PROTECT, related_name="recommendation", verbose_name=_("nhiệm vụ")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")

    def __str__(self) -> str:
        return self.text[:80]


class NotificationKind(models.TextChoices):
    ASSIGNED = "assigned", _("Được giao nhiệm vụ")
    RETURNED = "returned", _("Báo cáo bị trả lại")
    OVERDUE = "overdue", _("Quá hạn")


# A notice's text by kind, filled from its `params` when it is read: in the reader's
# language, not in that of whoever caused it.
NOTICE_TEXTS: dict[str, Promise] = {
    NotificationKind.ASSIGNED: _("Được giao nhiệm vụ: %(task)s"),
    NotificationKind.RETURNED: _(
        "Báo cáo kỳ %(period)s của nhiệm vụ “%(task)s” bị trả lại: %(reason)s"
    ),
    NotificationKind.OVERDUE: _("Quá hạn từ %(date)s: %(task)s"),
}


class Notification(models.Model):
    """Thông báo: something a user should look at, shown in the app and in the daily digest.

    Not audited: it records nothing of its own, only points at what changed.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=10, choices=NotificationKind.choices)
    # The text as first written (in Vietnamese), for a notice without `params`.
    message = models.CharField(max_length=300)
    # What the kind's text is filled with: the task, a period code, a day, a reason.
    params = models.JSONField(default=dict, blank=True)
    url = models.CharField(max_length=300)
    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]
        constraints = [
            # The digest runs every day: an assignment is announced overdue once per person.
            models.UniqueConstraint(
                fields=["user", "assignment"],
                condition=models.Q(kind="overdue"),
                name="notification_overdue_once",
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """What the notice says, in the active language."""
        template = NOTICE_TEXTS.get(self.kind)
        if not self.params or template is None:
            return self.message
        params = dict(self.params)
        if "period" in params:
            params["period"] = period_label(params["period"])
        try:
            return (str(template) % params)[:300]
        except (KeyError, TypeError, ValueError):
            return self.message
