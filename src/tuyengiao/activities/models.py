"""Kinds of activity and what each feeds, and the activities units hold.

Attendance is kept as counts by category, never as a list of people (DESIGN.md §1): the
figures reports need are counts, and a list of citizens is what this product never keeps.
"""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator, code_validator


class Measure(models.TextChoices):
    """What an activity counts for in an indicator it feeds."""

    EVENTS = "events", _("Số buổi")
    ATTENDANCE = "attendance", _("Tổng lượt người dự")
    PARTY_MEMBERS = "party_members", _("Lượt đảng viên dự")
    CADRES_AND_MEMBERS = "cadres_members", _("Lượt cán bộ, đảng viên dự")
    ENROLLED = "enrolled", _("Số học viên của lớp")
    GRADUATED = "graduated", _("Số học viên tốt nghiệp")


class ActivityKind(models.Model):
    """Loại hoạt động (hội nghị báo cáo viên, lớp bồi dưỡng…), kept as data: a department adds
    its own and says which indicators it feeds."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=200)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_class = models.BooleanField(
        _("là lớp học"),
        default=False,
        help_text=_("Lớp học ghi thêm số buổi học, số học viên và số học viên tốt nghiệp."),
    )

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("loại hoạt động")
        verbose_name_plural = _("loại hoạt động")

    def __str__(self) -> str:
        return self.name


class ActivityFeed(models.Model):
    """An indicator a kind feeds, and how: each activity of the kind adds its `measure` to
    the indicator's value of its unit for its month."""

    kind = models.ForeignKey(ActivityKind, on_delete=models.CASCADE, related_name="feeds")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    measure = models.CharField(_("cách tính"), max_length=20, choices=Measure.choices)

    class Meta:
        verbose_name = _("chỉ tiêu được tính từ hoạt động")
        verbose_name_plural = _("chỉ tiêu được tính từ hoạt động")
        constraints = [
            models.UniqueConstraint(fields=["kind", "indicator"], name="activityfeed_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.indicator.code} ({self.get_measure_display()})"


class Activity(models.Model):
    """Một hoạt động: a conference, class or study session one unit held on a day, with its
    attendance by category and the documents studied or presented."""

    kind = models.ForeignKey(ActivityKind, on_delete=models.PROTECT, related_name="activities")
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    co_organisers = models.ManyToManyField(
        OrgUnit,
        blank=True,
        related_name="co_organised_activities",
        verbose_name=_("đơn vị phối hợp"),
    )
    title = models.CharField(_("tên hoạt động"), max_length=255)
    held_on = models.DateField(_("ngày tổ chức"))
    # A class or a two-day conference ends on a later day; the figures count it in the month
    # it began, as a report does.
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    documents = models.ManyToManyField(
        Document, blank=True, related_name="activities", verbose_name=_("văn bản học tập")
    )
    party_members = models.PositiveIntegerField(_("đảng viên dự"), default=0)
    cadres = models.PositiveIntegerField(_("cán bộ (không là đảng viên) dự"), default=0)
    youth_members = models.PositiveIntegerField(_("đoàn viên dự"), default=0)
    association_members = models.PositiveIntegerField(_("hội viên dự"), default=0)
    public = models.PositiveIntegerField(_("quần chúng dự"), default=0)
    sessions = models.PositiveIntegerField(_("số buổi học"), null=True, blank=True)
    enrolled = models.PositiveIntegerField(_("số học viên"), null=True, blank=True)
    graduated = models.PositiveIntegerField(_("số học viên tốt nghiệp"), null=True, blank=True)
    materials = models.TextField(_("tài liệu"), blank=True)
    result_note = models.TextField(_("kết quả"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        indexes = [models.Index(fields=["orgunit", "held_on"], name="activity_unit_day")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def clean(self) -> None:
        errors: dict[str, object] = {}
        if self.ends_on and self.ends_on < self.held_on:
            errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        if self.held_on and self.held_on > timezone.localdate():
            # Figures count what was held; a planned conference belongs on the calendar.
            errors["held_on"] = _("Chưa thể ghi hoạt động của ngày sau hôm nay (%(day)s).") % {
                "day": f"{self.held_on:%d/%m/%Y}"
            }
        unit = self.orgunit if self.orgunit_id else None
        if unit and self.held_on and not unit.was_open_during(self.held_on, self.held_on):
            errors["orgunit"] = _("%(unit)s không hoạt động vào ngày %(day)s.") % {
                "unit": unit.name,
                "day": f"{self.held_on:%d/%m/%Y}",
            }
        one_day = self.ends_on in (None, self.held_on)
        if one_day and self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        enrolled, graduated = self.enrolled, self.graduated
        if enrolled is not None and graduated is not None and graduated > enrolled:
            errors["graduated"] = _("Số học viên tốt nghiệp không được lớn hơn số học viên.")
        if errors:
            raise ValidationError(errors)

    @property
    def attendance(self) -> int:
        return (
            self.party_members + self.cadres + self.youth_members + self.association_members
            + self.public
        )  # fmt: skip

    def counted(self, measure: str) -> int:
        """What this activity adds to an indicator fed by `measure`."""
        if measure == Measure.EVENTS:
            return 1
        if measure == Measure.PARTY_MEMBERS:
            return self.party_members
        if measure == Measure.CADRES_AND_MEMBERS:
            return self.party_members + self.cadres
        # A class's learners are its enrolled count when given, else those who attended.
        if measure == Measure.ENROLLED:
            return self.enrolled if self.enrolled is not None else self.attendance
        if measure == Measure.GRADUATED:
            return self.graduated or 0
        return self.attendance


class ReporterRole(models.TextChoices):
    CHAIR = "chair", _("Chủ trì")
    SPEAKER = "speaker", _("Báo cáo viên")
    LECTURER = "lecturer", _("Giảng viên")
    GUEST = "guest", _("Khách mời")


class ActivityReporter(models.Model):
    """Who led or spoke at an activity, by role: staff and invited speakers, named as the
    report names them (no other personal data)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="reporters")
    role = models.CharField(_("vai trò"), max_length=20, choices=ReporterRole.choices)
    name = models.CharField(_("họ và tên"), max_length=120)
    position = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("người chủ trì, báo cáo")
        verbose_name_plural = _("người chủ trì, báo cáo")

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.name}"


class Meeting(models.Model):
    """Một cuộc họp trên lịch: what an invitation (giấy mời `116-GM/ĐUK`) or a notice calls
    units to, kept by the unit whose calendar holds it. It may become an activity afterwards
    (a study session the invitation announced), keeping the link both ways."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị ghi lịch")
    )
    title = models.CharField(_("nội dung cuộc họp"), max_length=255)
    # The convening unit when the tree knows it (often one above), else its name as written.
    host = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_meetings",
        verbose_name=_("đơn vị chủ trì"),
    )
    host_name = models.CharField(_("cơ quan mời"), max_length=255, blank=True)
    invited = models.ManyToManyField(
        OrgUnit, blank=True, related_name="meeting_invitations", verbose_name=_("đơn vị được mời")
    )
    # Local day and hours, as Activity keeps them: no hour means an all-day entry.
    held_on = models.DateField(_("ngày họp"))
    starts_at = models.TimeField(_("giờ bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("đến ngày"), null=True, blank=True)
    ends_at = models.TimeField(_("giờ kết thúc"), null=True, blank=True)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    document = models.ForeignKey(
        Document,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("giấy mời"),
    )
    activity = models.OneToOneField(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting",
        verbose_name=_("hoạt động"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["held_on", "starts_at", "id"]
        verbose_name = _("cuộc họp")
        verbose_name_plural = _("cuộc họp")
        indexes = [models.Index(fields=["orgunit", "held_on"], name="meeting_unit_day")]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    def clean(self) -> None:
        errors = {}
        if self.ends_on and self.held_on and self.ends_on < self.held_on:
            errors["ends_on"] = _("Ngày kết thúc không được trước ngày bắt đầu.")
        one_day = self.ends_on in (None, self.held_on)
        if one_day and self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("Giờ kết thúc phải sau giờ bắt đầu.")
        if self.ends_at and not self.starts_at:
            errors["ends_at"] = _("Có giờ kết thúc thì phải có giờ bắt đầu.")
        if errors:
            raise ValidationError(errors)


class CalendarToken(models.Model):
    """The private address of a user's calendar feed (.ics), which a phone's calendar reads
    without logging in. Only its SHA-256 is stored; a rotated or revoked one stops at once.
    Apart from API tokens on purpose: the feed's address sits in a phone's settings and
    must open nothing but the feed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_tokens"
    )
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("địa chỉ lịch riêng")
        verbose_name_plural = _("địa chỉ lịch riêng")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()
