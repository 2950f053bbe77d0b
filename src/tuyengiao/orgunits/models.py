"""The organisation tree: Party committees, their organs and cells, at any depth."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from tuyengiao.textkit.normalize import fold, nfc

PATH_SEPARATOR = "/"


class UnitKind(models.Model):
    """Loại đơn vị: tỉnh ủy, đảng ủy xã, tổ chức cơ sở đảng, chi bộ, đảng ủy khối, ban…

    Kinds are data, not an enum: the 2025 reorganisation added and removed kinds, and other
    public bodies bring their own.
    """

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=120, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = _("loại đơn vị")

    def __str__(self) -> str:
        return self.name


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def open_on(self, day) -> "OrgUnitQuerySet":
        """Units open on `day`: opened on or before it, not closed on or before it."""
        return self.open_during(day, day)

    def open_during(self, start, end) -> "OrgUnitQuerySet":
        """Units open at some time from `start` to `end` (inclusive): opened by its end, not
        closed by its start. The same rule as `OrgUnit.was_open_during`."""
        return self.filter(
            models.Q(opened_on__isnull=True) | models.Q(opened_on__lte=end),
            models.Q(closed_on__isnull=True) | models.Q(closed_on__gt=start),
        )

    def subtree_of(self, unit: "OrgUnit") -> "OrgUnitQuerySet":
        """The unit and everything below it, through the materialised path."""
        return self.filter(path__startswith=unit.path)


class OrgUnit(models.Model):
    """Đơn vị: a node of the organisation tree (tỉnh ủy, đảng ủy xã, chi bộ…).

    `path` is the materialised path of primary keys ("/1/7/42/"), so a whole subtree is one
    indexed prefix query; `level` is the depth (0 for a root). A unit is never deleted: it is
    closed, and when merged it names its `successor` so that history still rolls up.
    """

    code = models.CharField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.ForeignKey(UnitKind, on_delete=models.PROTECT, verbose_name=_("loại"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    level = models.PositiveSmallIntegerField(editable=False, default=0)
    opened_on = models.DateField(_("ngày thành lập"), null=True, blank=True)
    closed_on = models.DateField(_("ngày giải thể"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("hợp nhất vào"),
    )
    search_key = models.CharField(max_length=400, editable=False, default="", db_index=True)

    objects = OrgUnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(opened_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="orgunit_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=models.Q(successor__isnull=True) | models.Q(closed_on__isnull=False),
                name="orgunit_successor_only_when_closed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.name = nfc(self.name).strip()
        self.short_name = nfc(self.short_name).strip()
        self.search_key = fold(f"{self.name} {self.short_name} {self.code}")
        creating = self.pk is None
        parent_path = (
            self.parent.path if self.parent_id is not None and self.parent else PATH_SEPARATOR
        )
        self.level = 0 if self.parent_id is None else self.parent.level + 1  # type: ignore[union-attr]
        if creating:
            super().save(*args, **kwargs)
            # The path holds our own key, known only after the first insert.
            self.path = f"{parent_path}{self.pk}{PATH_SEPARATOR}"
            type(self).objects.filter(pk=self.pk).update(path=self.path)
        else:
            self.path = f"{parent_path}{self.pk}{PATH_SEPARATOR}"
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("orgunits:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.closed_on is None

    def was_open_during(self, start, end) -> bool:
        """Whether the unit was open at some time from `start` to `end` (inclusive): a unit
        owes reports only for periods it lived in. The same rule as `open_during`."""
        return (self.opened_on is None or self.opened_on <= end) and (
            self.closed_on is None or self.closed_on > start
        )

    def ancestor_ids(self) -> list[int]:
        """Primary keys from the root down to the parent, read off the path."""
        return [int(part) for part in self.path.strip(PATH_SEPARATOR).split(PATH_SEPARATOR)[:-1]]

    def clean(self) -> None:
        if self.parent_id is not None and self.pk is not None:
            parent_path = self.parent.path if self.parent else ""
            if (
                self.parent_id == self.pk
                or f"{PATH_SEPARATOR}{self.pk}{PATH_SEPARATOR}" in parent_path
            ):
                raise ValidationError({"parent": _("Một đơn vị không thể nằm dưới chính nó.")})
        if self.successor_id is not None and self.successor_id == self.pk:
            raise ValidationError({"successor": _("Một đơn vị không thể hợp nhất vào chính nó.")})


class OrgUnitEvent(models.Model):
    """A change in the life of a unit: renamed, moved, merged into another, closed, reopened.

    The unit row always holds the current state; these rows keep what it was, so that a 2024
    report can still name "Huyện ủy …" after the district level ended in 2025.
    """

    class Kind(models.TextChoices):
        RENAMED = "renamed", _("Đổi tên")
        MOVED = "moved", _("Chuyển cấp trên")
        MERGED = "merged", _("Hợp nhất")
        CLOSED = "closed", _("Giải thể")
        REOPENED = "reopened", _("Mở lại")

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="events", verbose_name=_("đơn vị")
    )
    kind = models.CharField(_("loại sự kiện"), max_length=20, choices=Kind.choices)
    effective_on = models.DateField(_("ngày hiệu lực"))
    old_name = models.CharField(_("tên cũ"), max_length=255, blank=True)
    new_name = models.CharField(_("tên mới"), max_length=255, blank=True)
    old_parent = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cấp trên cũ"),
    )
    target = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị đích"),
    )
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("ghi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-effective_on", "-id"]
        verbose_name = _("sự kiện đơn vị")
        verbose_name_plural = _("sự kiện đơn vị")

    def __str__(self) -> str:
        return f"{self.unit} — {self.get_kind_display()} ({self.effective_on:%d/%m/%Y})"
