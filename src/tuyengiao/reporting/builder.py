"""Building report forms (biểu mẫu): a unit administrator writes the form's layout as text,
one section title or indicator code a line, the way the printed form reads:

    # I. Công tác giáo dục chính trị
    HN_QUAN_TRIET    Số hội nghị học tập, quán triệt
    LUOT_HOC_TAP
    # II. Phát triển đảng viên
    DV_KET_NAP

A line starting with `#` opens a section; any other line names an indicator by its code
(the rest of the line is a free reminder and is ignored). Text rather than a drag-and-drop
editor: forms are copied from one year to the next, and a list of codes pastes from the
spreadsheet people already keep. Every mistake is reported by line number.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import scope_filter, units_in_scope
from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.reporting.models import ReportForm
from tuyengiao.values.expressions import Expr
from tuyengiao.values.models import Indicator

MAX_LINES = 500


@dataclass
class LayoutSection:
    title: str
    indicators: list[Indicator] = field(default_factory=list)


def layout_parse(text: str) -> list[LayoutSection]:
    """The sections of a layout text; ValidationError with one message per faulty line."""
    lines = text.splitlines()
    if len(lines) > MAX_LINES:
        raise ValidationError(_("Bố cục dài quá %(max)s dòng.") % {"max": MAX_LINES})
    codes = {line.split()[0] for line in lines if line.strip() and not line.strip().startswith("#")}
    catalogue = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    sections: list[LayoutSection] = []
    seen: dict[str, int] = {}
    errors: list[str] = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            title = line.lstrip("#").strip()
            if not title:
                errors.append(_("Dòng %(n)s: tiêu đề phần đang để trống.") % {"n": number})
            sections.append(LayoutSection(title[:300]))
            continue
        code = line.split()[0]
        indicator = catalogue.get(code)
        if not sections:
            errors.append(
                _("Dòng %(n)s: hãy đặt một tiêu đề phần (dòng bắt đầu bằng #) trước chỉ tiêu.")
                % {"n": number}
            )
        elif indicator is None:
            errors.append(
                _("Dòng %(n)s: không có chỉ tiêu mã “%(code)s”.") % {"n": number, "code": code}
            )
        elif not indicator.is_active:
            errors.append(
                _("Dòng %(n)s: chỉ tiêu %(code)s đã ngừng sử dụng.") % {"n": number, "code": code}
            )
        elif code in seen:
            errors.append(
                _("Dòng %(n)s: chỉ tiêu %(code)s đã có ở dòng %(first)s.")
                % {"n": number, "code": code, "first": seen[code]}
            )
        else:
            seen[code] = number
            sections[-1].indicators.append(indicator)
    # A section left empty by a faulty line is that line's error, not one more.
    for section in sections if not errors else ():
        if section.title and not section.indicators:
            errors.append(_("Phần “%(title)s” chưa có chỉ tiêu nào.") % {"title": section.title})
    if not errors and not seen:
        errors.append(_("Biểu mẫu cần ít nhất một chỉ tiêu."))
    if errors:
        raise ValidationError(errors)
    return sections


def layout_text(form: ReportForm) -> str:
    """The form's current layout, written as `layout_parse` reads it."""
    lines: list[str] = []
    items = form.items.select_related("section", "indicator")
    section_id = None
    for item in items:
        if item.section_id != section_id:
            section_id = item.section_id
            lines.append(f"# {item.section.title}")
        lines.append(f"{item.indicator.code}    {item.indicator.name}")
    return "\n".join(lines)


# The settings a form takes as they are; code, kinds and units are set apart.
SETTINGS = ("name", "name_en", "period_kind", "owner", "opens_before_end_days",
            "closes_after_end_days", "description", "is_active")  # fmt: skip


@dataclass(frozen=True)
class FormFields:
    code: str
    name: str
    name_en: str
    period_kind: str
    owner: OrgUnit
    unit_kinds: list[UnitKind]
    units: list[OrgUnit]
    opens_before_end_days: int
    closes_after_end_days: int
    description: str
    is_active: bool


def manages_forms(user) -> bool:
    """Whether the user administers a unit, and so may create forms for its subtree."""
    return units_in_scope(user, role=Role.UNIT_ADMIN).exists()


def forms_managed(user) -> QuerySet[ReportForm]:
    """The forms whose owner the user administers."""
    forms = ReportForm.objects.select_related("owner").order_by("code")
    return scope_filter(forms, user, role=Role.UNIT_ADMIN, path_field="owner__path")


def rule_check_names(expr: Expr) -> None:
    """Every indicator and option a parsed rule names exists: a typo in a code would leave
    the rule unchecked forever (a rule waits until every value it names is entered)."""
    names = expr.variables()
    codes = {name.partition(".")[0] for name in names}
    found = {
        i.code: i
        for i in Indicator.objects.filter(code__in=codes).prefetch_related(
            "disaggregation__options"
        )
    }
    errors = []
    for name in sorted(names):
        code, _dot, option = name.partition(".")
        indicator = found.get(code)
        if indicator is None:
            errors.append(_("Không có chỉ tiêu mã “%(code)s”.") % {"code": code})
        elif option and (
            indicator.disaggregation is None
            or option not in {o.code for o in indicator.disaggregation.options.all()}
        ):
            errors.append(
                _("Chỉ tiêu %(code)s không có mục phân tổ “%(option)s”.")
                % {"code": code, "option": option}
            )
    if errors:
        raise ValidationError(errors)
