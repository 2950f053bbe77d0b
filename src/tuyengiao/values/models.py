"""Indicators, the values units report for them, and the roll-ups that keep totals current.

The roll-up design was chosen by measurement (docs/design/rollups.md): every value write
updates one `Aggregate` row per unit of its roll-up chain in the same transaction, so a
subtree's total for a month, a quarter or a year is a handful of index rows, never a scan.
"""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.formats import name_in_language

# The tables keep the names they had before the values core left `reporting` (migration
# values 0001): the move changed which app owns the models, not where their rows live.

# Indicator codes are the names formulas and rules use (reporting.expressions), so they
# follow its name grammar: a letter or "_", then letters, digits and "_".
CODE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,39}")
# Anchored at both ends: RegexValidator searches, so "2025_DV" would pass for its "_DV".
code_validator = RegexValidator(
    r"\A" + CODE_RE.pattern + r"\Z",
    _("Mã chỉ gồm chữ cái không dấu, chữ số và dấu gạch dưới, bắt đầu bằng một chữ cái."),
)

# Values are exchanged with 4 decimal places at most; `Aggregate.total` holds sums in these
# units as whole numbers so that SQLite (which has no decimal type) adds them exactly.
DECIMAL_PLACES = 4
SCALE = 10**DECIMAL_PLACES


class ValueType(models.TextChoices):
    COUNT = "count", _("Số đếm")
    DECIMAL = "decimal", _("Số thập phân")
    PERCENT = "percent", _("Tỷ lệ %")
    MONEY = "money", _("Tiền (đồng)")
    YES_NO = "yes_no", _("Có/Không")
    TEXT = "text", _("Văn bản")


class Aggregation(models.TextChoices):
    """How values combine over units and over time.

    SUM adds both ways. AVERAGE divides the sum by the number of values, both ways (never an
    average of averages). LAST is for stocks (số báo cáo viên, số cụm loa): units add up, and a
    longer period takes each unit's latest value in it. NONE is never combined: each unit's
    own value only.
    """

    SUM = "sum", _("Cộng")
    AVERAGE = "average", _("Trung bình")
    LAST = "last", _("Giá trị cuối kỳ")
    NONE = "none", _("Không tổng hợp")


class Disaggregation(models.Model):
    """Phân tổ: a breakdown of an indicator (by level of training, by sex…)."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)

    class Meta:
        db_table = "reporting_disaggregation"
        ordering = ["code"]
        verbose_name = _("phân tổ")
        verbose_name_plural = _("phân tổ")

    def __str__(self) -> str:
        return self.name


class DisaggregationOption(models.Model):
    """One option of a breakdown ("sơ cấp", "trung cấp", "cao cấp")."""

    disaggregation = models.ForeignKey(
        Disaggregation, on_delete=models.CASCADE, related_name="options"
    )
    code = models.CharField(_("mã"), max_length=40, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=200)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=200, blank=True)
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)
    phrases = models.TextField(
        _("cụm từ nhận diện"),
        blank=True,
        help_text=_("Mỗi dòng một cụm từ gọi tên mục này trong báo cáo (“trung cấp”)."),
    )

    class Meta:
        db_table = "reporting_disaggregationoption"
        ordering = ["disaggregation", "sort_order", "code"]
        verbose_name = _("mục phân tổ")
        verbose_name_plural = _("mục phân tổ")
        constraints = [
            models.UniqueConstraint(
                fields=["disaggregation", "code"], name="disaggregationoption_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """Chỉ tiêu: something every unit counts (số hội nghị thông tin thời sự, tỷ lệ đảng viên
    hoàn thành xuất sắc nhiệm vụ…). With a `formula` it is derived from others and never
    entered: `TY_LE = A / B * 100` is computed from the rolled-up A and B."""

    code = models.CharField(_("mã"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("tên"), max_length=300)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=300, blank=True)
    group = models.CharField(_("lĩnh vực"), max_length=120, blank=True)
    value_type = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueType.choices)
    aggregation = models.CharField(
        _("cách tổng hợp"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=60, blank=True)
    disaggregation = models.ForeignKey(
        Disaggregation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("phân tổ"),
    )
    formula = models.CharField(_("công thức"), max_length=1000, blank=True)
    minimum = models.DecimalField(
        _("giá trị nhỏ nhất"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    maximum = models.DecimalField(
        _("giá trị lớn nhất"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    description = models.TextField(_("mô tả"), blank=True)
    # What reading a narrative report looks for (reports.ingesting): how reports name it.
    phrases = models.TextField(
        _("cụm từ nhận diện"),
        blank=True,
        help_text=_(
            "Mỗi dòng một cụm từ gọi tên chỉ tiêu trong báo cáo (“hội nghị báo cáo viên”, "
            "“lượt người nghe”)."
        ),
    )
    sort_order = models.PositiveIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        db_table = "reporting_indicator"
        ordering = ["sort_order", "code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code} — {name_in_language(self.name, self.name_en)}"

    @property
    def is_derived(self) -> bool:
        return bool(self.formula)

    @property
    def is_numeric(self) -> bool:
        return self.value_type != ValueType.TEXT

    @property
    def rolls_up(self) -> bool:
        """Whether its values keep `Aggregate` rows."""
        return self.is_numeric and not self.is_derived and self.aggregation != Aggregation.NONE

    def clean(self) -> None:
        if self.value_type == ValueType.TEXT and self.aggregation != Aggregation.NONE:
            raise ValidationError(
                {
                    "aggregation": _(
                        "Chỉ tiêu kiểu văn bản không tổng hợp được: chọn “Không tổng hợp”."
                    )
                }
            )
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValidationError({"maximum": _("Giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất.")})


class SourceKind(models.TextChoices):
    """Where a figure came from: the path that wrote it (`services.Source` adds the file's
    name, the token's, or the object it came from)."""

    ENTRY = "entry", _("Nhập trên biểu mẫu")
    IMPORT = "import", _("Nhập từ tệp")
    API = "api", _("API")
    TRACKING = "tracking", _("Báo cáo tiến độ nhiệm vụ")
    ACTIVITY = "activity", _("Hoạt động")
    CHANNEL = "channel", _("Kênh thông tin")
    REGISTRY = "registry", _("Sổ theo dõi văn hóa")
    REPORT = "report", _("Báo cáo của đơn vị")
    SURVEY = "survey", _("Khảo sát dư luận")
    CONTEST = "contest", _("Cuộc thi, giải thưởng")


class Provenance(models.Model):
    """The source of a figure, on a value (its first version, as `created_by` is) and on each
    line of its history (the version it wrote): the path, a note (the file's name, the API
    token's name, a span of text), and the object the figure came from (a progress report,
    later an activity), to link to."""

    source = models.CharField(
        _("nguồn"), max_length=10, choices=SourceKind.choices, blank=True, db_default=""
    )
    source_note = models.CharField(_("ghi chú nguồn"), max_length=200, blank=True, db_default="")
    source_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        db_index=False, db_constraint=False,  # see `DataValue`: checked per statement
    )  # fmt: skip
    source_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def source_label(self) -> str:
        """ "Nhập từ tệp · thang-11.xlsx": the path, and its note if any."""
        label = str(SourceKind(self.source).label) if self.source else ""
        return " · ".join(part for part in (label, self.source_note) if part)

    @property
    def source_url(self) -> str:
        """The page of the object the figure came from, if it has one and still exists (its
        own view checks who may see it)."""
        if self.source_type is None or self.source_id is None:
            return ""
        model = self.source_type.model_class()
        found = model._default_manager.filter(pk=self.source_id).first() if model else None
        get_url = getattr(found, "get_absolute_url", None)
        return get_url() if get_url else ""


class DataValue(Provenance):
    """Số liệu: the value one unit reports for one indicator, period and breakdown option.

    `period` is a stable period code of a fixed kind ("202310", "2023Q3", "2023S1", "2023");
    its first and last day are kept beside it for range queries. A cleared cell keeps its row
    with no value, so its history stays. `version` grows with every change: the entry grid
    sends the version it showed, and a save against a newer one is refused, not lost.

    Not tracked by django-auditlog: a national import writes hundreds of thousands of values
    at once. The first version's who and when are `created_by` and `created_at`; every later
    change gets a `DataValueChange` row (who, when, old, new), written set-based.
    """

    # References: no foreign-key constraints, whose checks ran once per row and unit,
    # indicator and user (a quarter of PostgreSQL's time in an import), but the same rules
    # checked once per statement over all its rows, on PostgreSQL by triggers (migration
    # values 0009 and 0010; SQLite keeps its constraints, which its writes switch off:
    # services). The model state says db_constraint=False, so a migration that rebuilds
    # these tables on SQLite (an AlterField, RemoveField…: a copy into a new table) would
    # drop SQLite's REFERENCES. Such a migration must keep them: on SQLite, run its
    # database side (SeparateDatabaseAndState) on a model state whose foreign keys still
    # say db_constraint=True, so that the rebuilt table is created with its REFERENCES;
    # tests/values/test_references.py checks they are there.
    # Indexes: only the unique key, in the order (indicator, period, unit, option) so that a
    # new period's values, imported or typed, land at the end of each indicator's range
    # instead of on every page of the B-tree (the import is bound by the pages it dirties:
    # bench/README.md, aggregate.py, 2026-12-02). Every read names the indicator and the
    # period codes (`IN` of `covering_codes` for a range). No index by unit or by user:
    # units are closed or merged, never deleted, and accounts are deactivated, so nothing
    # looks values up by them alone.
    orgunit = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("đơn vị"),
        db_index=False,
        db_constraint=False,
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.PROTECT,
        related_name="values",
        verbose_name=_("chỉ tiêu"),
        db_index=False,
        db_constraint=False,
    )
    option = models.CharField(_("mục phân tổ"), max_length=40, blank=True, default="")
    period = models.CharField(_("kỳ"), max_length=17)
    period_start = models.DateField()
    period_end = models.DateField()
    value = models.DecimalField(
        _("giá trị"), max_digits=24, decimal_places=DECIMAL_PLACES, null=True, blank=True
    )
    text_value = models.TextField(_("nội dung"), blank=True, default="")
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    created_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    updated_at = models.DateTimeField()

    class Meta:
        db_table = "reporting_datavalue"
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "orgunit", "option"], name="datavalue_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.orgunit.code} {self.period}"

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.text_value


class DataValueChange(Provenance):
    """One change of an existing data value: who, when, from what, to what, by which path.

    A value's history is its creation (on the value row) followed by these rows."""

    # Checked per statement, as `DataValue`'s references are.
    datavalue = models.ForeignKey(
        DataValue, on_delete=models.CASCADE, related_name="changes", db_constraint=False
    )
    old_value = models.TextField(_("giá trị cũ"), blank=True, default="")
    new_value = models.TextField(_("giá trị mới"), blank=True, default="")
    version = models.PositiveIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", db_constraint=False,
    )  # fmt: skip
    changed_at = models.DateTimeField(_("lúc"))

    class Meta:
        db_table = "reporting_datavaluechange"
        ordering = ["-changed_at", "-id"]
        verbose_name = _("lịch sử số liệu")
        verbose_name_plural = _("lịch sử số liệu")

    def __str__(self) -> str:
        return f"{self.datavalue_id} v{self.version}: {self.old_value} → {self.new_value}"


class AggregateRow(models.Model):
    """The sum (`total`, in 1/SCALE units) and `count` of the values of `indicator` for
    `period` and `option` over the whole roll-up subtree of `orgunit`, its own included.

    For SUM and AVERAGE indicators a row holds the values reported for exactly that period
    code; a longer period reads the rows of every period inside it. For LAST indicators a row
    holds, for each unit, its latest value within the period, and exists for every fixed
    period that contains a reported one. Written only by `values.rollup`.

    The key is the primary key, (indicator, period, unit, option) as for the values, and
    on SQLite the table is WITHOUT ROWID (migrations 0001 and 0005): one B-tree in read
    order instead of a table and an index, which halves the pages an import dirties. No
    database foreign keys either: the rows are derived and rebuilt.
    """

    pk = models.CompositePrimaryKey("indicator", "period", "orgunit", "option")
    # No index of their own either (migration 0006): the key serves every read, and on
    # PostgreSQL an index on the indicator alone drew the planner away from it (a below
    # read several times slower: bench/README.md, aggregate.py, 2026-12-02) and cost every
    # import two B-trees.
    orgunit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    period = models.CharField(max_length=17)
    option = models.CharField(max_length=40, blank=True, default="")
    total = models.BigIntegerField(default=0)
    count = models.IntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.orgunit_id} {self.indicator_id} {self.period} {self.option}"


class Aggregate(AggregateRow):
    """Every value entered (see `AggregateRow`)."""

    class Meta:
        db_table = "reporting_aggregate"


class RollupAncestor(models.Model):
    """The roll-up tree as a closure: `unit`'s figures count toward `ancestor` (itself too).

    It follows `OrgUnit.parent`, except that a merged unit rolls up into its successor, so
    figures of communes merged in 2025 still count in the new commune and the province.
    `distance` is 0 for the unit itself. Kept by `values.rollup` on every tree change.
    """

    # Both served by the two composite indexes below, which start with them.
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False)
    ancestor = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    distance = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "reporting_rollupancestor"
        constraints = [
            models.UniqueConstraint(fields=["unit", "ancestor"], name="rollupancestor_unique")
        ]
        indexes = [
            # The unit too: "the units below" is read from the index alone, no table page.
            models.Index(fields=["ancestor", "distance", "unit"], name="rollupancestor_below")
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.ancestor_id} ({self.distance})"


class ApprovedAggregate(AggregateRow):
    """`Aggregate` for approved figures only: the same key, columns and rules, summing the
    values that are final (no report form collects their cell) and those of reports
    approved at the form owner's level. Written only by `values.rollup`, through
    `values.approval`; on SQLite WITHOUT ROWID too (migration values 0003)."""
