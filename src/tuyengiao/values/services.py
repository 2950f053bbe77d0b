"""Writes of reported values: one cell at a time (the entry grid, the API) with the roll-up
in the same transaction, and with a check that nobody else changed the cell in between."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import has_role_on
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.ui.formats import format_number
from tuyengiao.values.cleaning import to_units, value_clean
from tuyengiao.values.guards import cells_blocked
from tuyengiao.values.models import Aggregation, DataValue, DataValueChange, Indicator, SourceKind
from tuyengiao.values.periods import Period, PeriodKind, containing_periods, covering_codes
from tuyengiao.values.rollup import Delta, aggregates_apply


class StaleValueError(ValidationError):
    """The cell changed since the person loaded it; their value was not saved."""

    def __init__(self, current: DataValue) -> None:
        self.current = current
        who = str(current.updated_by) if current.updated_by else _("người khác")
        super().__init__(
            _(
                "%(who)s đã sửa ô này lúc %(when)s thành “%(value)s”. Giá trị của bạn chưa được "
                "lưu: hãy xem lại rồi nhập lại nếu cần."
            )
            % {
                "who": who,
                "when": f"{timezone.localtime(current.updated_at):%H:%M %d/%m/%Y}",
                "value": display(current) or _("(trống)"),
            },
            code="stale",
        )


def display(value: DataValue) -> str:
    return value.text_value or format_number(value.value)


def value_period(code: str) -> Period:
    """The period of a value: a fixed kind only (a custom range is read, never reported)."""
    try:
        period = Period.parse(code)
    except ValueError as error:
        raise ValidationError(str(error)) from None
    if period.kind == PeriodKind.CUSTOM:
        raise ValidationError(
            _("Số liệu được báo cáo theo tháng, quý, 6 tháng hoặc năm, không theo khoảng ngày.")
        )
    return period


def option_check(indicator: Indicator, option: str) -> str:
    option = (option or "").strip()
    breakdown = indicator.disaggregation
    if breakdown is None:
        if option:
            raise ValidationError(
                _("Chỉ tiêu %(code)s không có phân tổ.") % {"code": indicator.code}
            )
        return ""
    codes = {o.code for o in breakdown.options.all()}
    if option not in codes:
        raise ValidationError(
            _("Mục phân tổ “%(option)s” không có trong chỉ tiêu %(code)s (chọn: %(choices)s).")
            % {"option": option, "code": indicator.code, "choices": ", ".join(sorted(codes))}
        )
    return option


def indicator_check_enterable(indicator: Indicator) -> None:
    if indicator.is_derived:
        raise ValidationError(
            _("Chỉ tiêu %(code)s được tính theo công thức, không nhập trực tiếp.")
            % {"code": indicator.code}
        )
    if not indicator.is_active:
        raise ValidationError(_("Chỉ tiêu %(code)s đã ngừng sử dụng.") % {"code": indicator.code})


@dataclass(frozen=True, slots=True)
class CellKey:
    orgunit: OrgUnit
    indicator: Indicator
    period: Period
    option: str = ""


def datavalue_save(
    *,
    user,
    key: CellKey,
    raw: object,
    expected_version: int | None = None,
    source: str = SourceKind.ENTRY,
) -> DataValue | None:
    """Save one cell (`raw` as typed or sent) and roll it up, in one transaction.

    `expected_version` is the version the person saw (0 for a cell that was empty): a save
    against a newer one raises StaleValueError. Returns the value row, or None when an empty
    cell was cleared again.
    """
    if not has_role_on(user, key.orgunit, role=Role.EDITOR):
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu cho đơn vị này."))
    indicator_check_enterable(key.indicator)
    option = option_check(key.indicator, key.option)
    number, text = value_clean(key.indicator, raw)
    cell = (key.orgunit.pk, key.indicator.pk, key.period.code)
    # Checked inside the write's transaction, where no submission can slip in between
    # (`guards.cells_blocked`).
    with transaction.atomic():
        blocked = cells_blocked(user=user, cells={cell})
        if blocked:
            raise ValidationError(blocked[cell], code="locked")
        return datavalue_write(
            user=user,
            key=CellKey(key.orgunit, key.indicator, key.period, option),
            number=number,
            text=text,
            expected_version=expected_version,
            source=source,
        )


def datavalue_write(
    *,
    user,
    key: CellKey,
    number: Decimal | None,
    text: str,
    expected_version: int | None,
    source: str,
    now: datetime.datetime | None = None,
) -> DataValue | None:
    """The write itself, in the caller's transaction, on checked input."""
    now = now or timezone.now()
    lookup = {
        "orgunit": key.orgunit,
        "indicator": key.indicator,
        "period": key.period.code,
        "option": key.option,
    }
    current = DataValue.objects.select_for_update().filter(**lookup).first()
    if expected_version is not None and (current.version if current else 0) != expected_version:
        if current is not None:
            raise StaleValueError(current)
        raise ValidationError(_("Ô này đã bị xóa trong lúc bạn nhập; hãy tải lại trang."))
    if current is None and number is None and not text:
        return None
    if current is not None and current.value == number and current.text_value == text:
        return current
    last_before = _last_values(key) if key.indicator.aggregation == Aggregation.LAST else {}
    old_number = current.value if current else None
    old_text = display(current) if current else ""
    if current is None:
        current = DataValue(
            **lookup,
            period_start=key.period.start,
            period_end=key.period.end,
            created_by=user,
            created_at=now,
            version=1,
        )
    else:
        current.version += 1
    current.value, current.text_value = number, text
    current.updated_by, current.updated_at = user, now
    current.save()
    if current.version > 1:
        DataValueChange.objects.create(
            datavalue=current,
            old_value=old_text,
            new_value=display(current),
            version=current.version,
            source=source,
            changed_by=user,
            changed_at=now,
        )
    _roll_up(key, old_number=old_number, new_number=number, last_before=last_before)
    return current


def _roll_up(
    key: CellKey,
    *,
    old_number: Decimal | None,
    new_number: Decimal | None,
    last_before: dict[str, Decimal | None],
) -> None:
    indicator = key.indicator
    if not indicator.rolls_up:
        return
    if indicator.aggregation == Aggregation.LAST:
        after = _last_values(key)
        changes = [(code, last_before[code], after[code]) for code in after]
    else:
        changes = [(key.period.code, old_number, new_number)]
    aggregates_apply(
        [
            Delta(
                unit_id=key.orgunit.pk,
                indicator_id=indicator.pk,
                period=code,
                option=key.option,
                total=to_units(new) - to_units(old),
                n=(new is not None) - (old is not None),
            )
            for code, old, new in changes
        ]
    )


def _last_values(key: CellKey) -> dict[str, Decimal | None]:
    """The unit's latest value within each fixed period containing the key's period, from
    one read of its values in the widest of them (the year)."""
    periods = containing_periods(key.period)
    rows = DataValue.objects.filter(
        orgunit=key.orgunit,
        indicator=key.indicator,
        option=key.option,
        period__in=covering_codes(periods[-1]),
        value__isnull=False,
    ).values_list("period_end", "period_start", "value")
    latest_first = sorted(rows, reverse=True)
    return {
        period.code: next(
            (
                value
                for end, begin, value in latest_first
                if begin >= period.start and end <= period.end
            ),
            None,
        )
        for period in periods
    }
