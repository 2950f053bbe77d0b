"""A unit's own channels (its portal, official pages, bulletins, columns, its radio station and
loudspeaker clusters), what they publish or broadcast each month, their weekly broadcast
schedules, and the culture registries (art troupes, cultural houses, the party history book).

Staff and organisations only: a troupe is kept with how many perform in it, never who; an
official page is kept by its address, and nothing is ever read from it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.models import Indicator
from tuyengiao.values.periods import Period


class ChannelKind(models.TextChoices):
    PORTAL = "portal", _("Cổng/trang thông tin điện tử")
    SOCIAL = "social", _("Trang chính thức trên mạng xã hội")
    NEWSLETTER = "newsletter", _("Bản tin")
    COLUMN = "column", _("Chuyên mục trên báo, đài phát thanh, truyền hình")
    RADIO = "radio", _("Đài truyền thanh xã")
    LOUDSPEAKER = "loudspeaker", _("Cụm loa")


# The kinds that broadcast on a timetable (a weekly schedule) and are wired, wireless or IP.
BROADCASTING = (ChannelKind.RADIO, ChannelKind.LOUDSPEAKER)


class Technology(models.TextChoices):
    WIRED = "wired", _("Hữu tuyến (có dây)")
    WIRELESS = "wireless", _("Vô tuyến (không dây)")
    IP = "ip", _("Ứng dụng CNTT - viễn thông (IP)")


class Measure(models.TextChoices):
    """What a channel counts for in an indicator it feeds: the inventory (how many channels,
    how many working, as of the month) or the month's output."""

    CHANNELS = "channels", _("Số kênh")
    WORKING = "working", _("Số kênh đang hoạt động")
    ITEMS = "items", _("Số tin, bài")
    PROGRAMMES = "programmes", _("Số chương trình")
    MINUTES = "minutes", _("Số phút phát sóng")


INVENTORY = (Measure.CHANNELS, Measure.WORKING)
OUTPUT = (Measure.ITEMS, Measure.PROGRAMMES, Measure.MINUTES)


class ChannelFeed(models.Model):
    """An indicator the channels of a kind feed, and how; kept as data so that a department
    can count its own way."""

    kind = models.CharField(_("loại kênh"), max_length=20, choices=ChannelKind.choices)
    measure = models.CharField(_("cách tính"), max_length=20, choices=Measure.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["kind", "measure"]
        verbose_name = _("chỉ tiêu được tính từ kênh thông tin")
        verbose_name_plural = _("chỉ tiêu được tính từ kênh thông tin")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "measure", "indicator"], name="channelfeed_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.indicator.code} ({self.get_measure_display()})"


class Channel(models.Model):
    """Một kênh thông tin của đơn vị."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại kênh"), max_length=20, choices=ChannelKind.choices)
    name = models.CharField(_("tên kênh"), max_length=255)
    address = models.URLField(
        _("địa chỉ trên mạng"), max_length=500, blank=True,
        help_text=_("Chỉ lưu địa chỉ; phần mềm không đọc gì từ trang này."),
    )  # fmt: skip
    outlet = models.CharField(_("cơ quan báo, đài đăng phát"), max_length=255, blank=True)
    location = models.CharField(_("vị trí lắp đặt"), max_length=255, blank=True)
    technology = models.CharField(
        _("công nghệ"), max_length=10, choices=Technology.choices, blank=True
    )
    has_timer = models.BooleanField(_("có hẹn giờ"), default=False)
    opened_on = models.DateField(_("đưa vào sử dụng từ ngày"), null=True, blank=True)
    working = models.BooleanField(_("đang hoạt động"), default=True)
    status_since = models.DateField(
        _("hoạt động hoặc hỏng từ ngày"), null=True, blank=True,
        help_text=_("Ngày bắt đầu tình trạng hiện tại (hoạt động hay hỏng)."),
    )  # fmt: skip
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["orgunit__path", "kind", "name", "id"]
        verbose_name = _("kênh thông tin")
        verbose_name_plural = _("kênh thông tin")
        indexes = [models.Index(fields=["orgunit", "kind"], name="channel_unit_kind")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("channels:channel", args=[self.pk])

    @property
    def broadcasts(self) -> bool:
        return self.kind in BROADCASTING

    def clean(self) -> None:
        if self.status_since and self.opened_on and self.status_since < self.opened_on:
            raise ValidationError(
                {"status_since": _("Ngày của tình trạng không thể trước ngày đưa vào sử dụng.")}
            )

    def in_service(self, month: Period) -> bool:
        """Open by the month's last day."""
        return self.opened_on is None or self.opened_on <= month.end

    def working_in(self, month: Period) -> bool:
        """Working at the month's end: its present state if that began by then, otherwise
        the other one (a cluster broken since the 10th of the next month still worked)."""
        if not self.in_service(month):
            return False
        began = self.status_since is None or self.status_since <= month.end
        return self.working if began else not self.working


class ChannelOutput(models.Model):
    """What one channel published or broadcast in one month, as counts."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="outputs")
    month = models.DateField(_("tháng"), help_text=_("Ngày đầu tháng."))
    articles = models.PositiveIntegerField(_("số bài"), default=0)
    news_items = models.PositiveIntegerField(_("số tin"), default=0)
    programmes = models.PositiveIntegerField(_("số chương trình"), default=0)
    minutes = models.PositiveIntegerField(_("số phút phát sóng"), default=0)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "channel_id"]
        verbose_name = _("kết quả đăng phát")
        verbose_name_plural = _("kết quả đăng phát")
        constraints = [
            models.UniqueConstraint(fields=["channel", "month"], name="channeloutput_unique"),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="channeloutput_month_first_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.month:%m/%Y}"

    @property
    def period(self) -> Period:
        return Period.month(self.month.year, self.month.month)

    def counted(self, measure: str) -> int:
        if measure == Measure.ITEMS:
            return self.articles + self.news_items
        if measure == Measure.PROGRAMMES:
            return self.programmes
        return self.minutes


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Thứ Hai")
    TUESDAY = 1, _("Thứ Ba")
    WEDNESDAY = 2, _("Thứ Tư")
    THURSDAY = 3, _("Thứ Năm")
    FRIDAY = 4, _("Thứ Sáu")
    SATURDAY = 5, _("Thứ Bảy")
    SUNDAY = 6, _("Chủ nhật")


class BroadcastSlot(models.Model):
    """A weekly time slot of a radio station or loudspeaker cluster, with its programme."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("thứ"), choices=Weekday.choices)
    starts_at = models.TimeField(_("từ"))
    ends_at = models.TimeField(_("đến"))
    programme = models.CharField(_("chương trình"), max_length=255)

    class Meta:
        ordering = ["channel_id", "weekday", "starts_at"]
        verbose_name = _("khung giờ phát")
        verbose_name_plural = _("khung giờ phát")

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.starts_at:%H:%M}–{self.ends_at:%H:%M}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Giờ kết thúc phải sau giờ bắt đầu.")})


class BroadcastException(models.Model):
    """Days the weekly schedule does not hold (a holiday, a campaign's special programme)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="exceptions")
    starts_on = models.DateField(_("từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    note = models.CharField(_("nội dung"), max_length=255)

    class Meta:
        ordering = ["channel_id", "starts_on"]
        verbose_name = _("lịch phát thay đổi")
        verbose_name_plural = _("lịch phát thay đổi")

    def __str__(self) -> str:
        return f"{self.starts_on:%d/%m/%Y}–{self.ends_on:%d/%m/%Y}: {self.note}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("Ngày kết thúc không thể trước ngày bắt đầu.")})


class Register(models.TextChoices):
    """The culture registries a unit keeps."""

    TROUPE = "troupe", _("Đội văn nghệ quần chúng")
    HOUSE = "house", _("Nhà văn hóa")
    HISTORY = "history", _("Lịch sử Đảng bộ")


class Stage(models.TextChoices):
    PLANNED = "planned", _("Có kế hoạch")
    DRAFTING = "drafting", _("Đang biên soạn")
    PUBLISHED = "published", _("Đã xuất bản")


class CultureRecord(models.Model):
    """One line of a culture registry: a troupe (with how many perform, never who), a
    cultural house, or a volume of the party organisation's history with its stage."""

    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị")
    )
    register = models.CharField(_("sổ"), max_length=10, choices=Register.choices)
    name = models.CharField(_("tên"), max_length=255)
    place = models.CharField(_("địa điểm"), max_length=255, blank=True)
    members = models.PositiveIntegerField(_("số thành viên"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    stage = models.CharField(_("tình trạng biên soạn"), max_length=10, choices=Stage.choices,
                             blank=True)  # fmt: skip
    active = models.BooleanField(_("đang hoạt động"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["orgunit__path", "register", "name", "id"]
        verbose_name = _("sổ theo dõi văn hóa")
        verbose_name_plural = _("sổ theo dõi văn hóa")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # The registry's list, which a viewer may open too (the edit page is an editor's).
        url = reverse("channels:culture")
        return f"{url}?unit={self.orgunit_id}&register={self.register}"

    def clean(self) -> None:
        if self.register == Register.HISTORY and not self.stage:
            raise ValidationError({"stage": _("Hãy chọn tình trạng biên soạn.")})
        if self.year and not 1930 <= self.year <= timezone.localdate().year + 10:
            raise ValidationError({"year": _("Năm không hợp lệ.")})
