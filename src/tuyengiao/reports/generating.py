"""Reports out in the Party's format (issue 18 §2): a unit's report for a period, kept as the
writer's text (`GeneratedReport`) and rendered to .docx with the facts of `assembling`: read
afresh for a draft, as frozen on issuing for an issued report.

The words written into the document (headings, "Tổng cộng", the default signature) are the
fixed words of a Party document, Vietnamese whatever the interface's language, so they are
not marked for translation (as in `party_docx.text`).
"""

import re
import unicodedata

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.assembling import facts_read
from tuyengiao.reports.models import GeneratedReport, ReportKind, ReportStatus, SectionKey
from tuyengiao.reports.party_docx import Heading, Paragraph, PartyReport, Table, render_docx
from tuyengiao.ui.formats import format_number
from tuyengiao.values.periods import Period, PeriodKind

TYPE_CODE = "BC"
_KIND_OF_PERIOD = {
    PeriodKind.MONTH: ReportKind.MONTH,
    PeriodKind.QUARTER: ReportKind.QUARTER,
    PeriodKind.HALF: ReportKind.HALF,
    PeriodKind.YEAR: ReportKind.YEAR,
}
_ROMAN = ("I", "II", "III", "IV")
# A sơ kết or tổng kết covers a directive's years: ten at most (a wider range is a typo, and
# its figures would be read over every period of it).
MAX_CUSTOM_DAYS = 3653
# The name of the province without the kind of its committee: "Tỉnh ủy Hòa Lâm" → "Hòa Lâm".
_PLACE_PREFIX = re.compile(
    r"^(?:Tỉnh ủy|Thành ủy|Đảng bộ tỉnh|Đảng bộ thành phố|Đảng ủy tỉnh|Đảng ủy)\s+", re.I
)


def period_words(period: Period) -> str:
    """ "tháng 11 năm 2026", "quý IV năm 2026", "6 tháng đầu năm 2026", "năm 2026"."""
    year, number = period.start.year, period.number
    match period.kind:
        case PeriodKind.MONTH:
            return f"tháng {number} năm {year}"
        case PeriodKind.QUARTER:
            return f"quý {_ROMAN[number - 1]} năm {year}"
        case PeriodKind.HALF:
            return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
        case PeriodKind.YEAR:
            return f"năm {year}"
    start, end = period.start, period.end
    return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"


def is_department(unit: OrgUnit) -> bool:
    return unit.kind.code.startswith("ban")


def default_summary(*, period: Period, kind: str, directive: Document | None) -> str:
    if kind in (ReportKind.SO_KET, ReportKind.TONG_KET):
        word = "sơ kết" if kind == ReportKind.SO_KET else "tổng kết"
        subject = directive.symbol if directive is not None else "…"
        return f"{word} thực hiện {subject}"
    return f"kết quả công tác tuyên giáo {period_words(period)}"


def signature_of(unit: OrgUnit) -> tuple[str, str]:
    """The usual authority and title for the unit's kind; the writer may change both."""
    if is_department(unit):
        return f"T/M {unit.name.upper()}", "TRƯỞNG BAN"
    if unit.kind.code == "chi-bo":
        return "T/M CHI BỘ", "BÍ THƯ"
    return "T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"


def _recipients(unit: OrgUnit) -> str:
    above = [f"{unit.parent.name} (để báo cáo),"] if unit.parent is not None else []
    return "\n".join([*above, "Lưu Văn phòng."])


def report_kind(*, period: Period, kind: str = "") -> str:
    """The kind of report for the period: a monthly report covers a month, and so on; a
    custom range only a sơ kết or tổng kết, of ten years at most. Raises ValidationError."""
    fixed = _KIND_OF_PERIOD.get(period.kind, "")
    kind = kind or fixed
    if kind not in ReportKind.values:
        raise ValidationError({"kind": _("Chọn loại báo cáo (sơ kết, tổng kết) cho kỳ tự chọn.")})
    if kind in _KIND_OF_PERIOD.values() and kind != fixed:
        raise ValidationError(
            {"kind": _("Loại báo cáo không khớp với kỳ %(period)s.") % {"period": period.label()}}
        )
    if period.kind is PeriodKind.CUSTOM and (period.end - period.start).days >= MAX_CUSTOM_DAYS:
        raise ValidationError({"period": _("Kỳ tự chọn của báo cáo dài nhiều nhất 10 năm.")})
    try:
        period.previous()  # the report's tables compare with it
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None
    return kind


def report_generate(
    *, user, orgunit: OrgUnit, period: Period, kind: str = "", directive: Document | None = None
) -> GeneratedReport:
    """The unit's draft for the period: created, or the existing draft refreshed (an issued
    one is never changed). Checks Role.EDITOR on the unit; raises ValidationError for a kind
    that does not fit the period (`report_kind`).

    A draft keeps only the writer's text, so refreshing it is touching it: its figures are
    read whenever it is shown or rendered. Only the touch and the directive are written: the
    writer may be saving their sections at the same moment."""
    require_role(user, orgunit, role=Role.EDITOR)
    kind = report_kind(period=period, kind=kind)
    with transaction.atomic():
        # The unit's row first: two requests at once would otherwise both find no draft and
        # make two.
        OrgUnit.objects.select_for_update().get(pk=orgunit.pk)
        draft = (
            GeneratedReport.objects.select_for_update()
            .filter(orgunit=orgunit, period=period.code, kind=kind, status=ReportStatus.DRAFT)
            .order_by("-pk")
            .first()
        )
        if draft is not None:
            changed = ["updated_at"]
            if directive is not None and draft.directive_id != directive.pk:
                draft.directive = directive
                changed.append("directive")
            draft.save(update_fields=changed)
            return draft
        authority, signer_title = signature_of(orgunit)
        return GeneratedReport.objects.create(
            orgunit=orgunit,
            period=period.code,
            kind=kind,
            directive=directive,
            summary=default_summary(period=period, kind=kind, directive=directive),
            sections={key: "" for key in SectionKey.values},
            authority=authority,
            signer_title=signer_title,
            recipients=_recipients(orgunit),
            created_by=user,
        )


def report_facts(report: GeneratedReport) -> dict:
    """The figures, activities and tasks: as frozen for an issued report, else current."""
    if report.frozen is not None:
        return report.frozen
    period = Period.parse(report.period)
    return facts_read(unit=report.orgunit, period=period, today=timezone.localdate())


def place_of(unit: OrgUnit) -> str:
    root_pk = int(unit.path.strip("/").split("/")[0])
    root = unit if root_pk == unit.pk else OrgUnit.objects.get(pk=root_pk)
    return _PLACE_PREFIX.sub("", root.name).strip()


def issuer_code(unit: OrgUnit) -> str:
    """The unit's code in symbols ("BTGDVTU"): as its documents were registered, else made
    from its name the usual way (the office corrects it once and the registry remembers)."""
    known = (
        Document.objects.filter(issuer_unit=unit)
        .exclude(issuer_code="")
        .order_by("-issued_on", "-pk")
        .values_list("issuer_code", flat=True)
        .first()
    )
    return known or _made_code(unit)


def _made_code(unit: OrgUnit) -> str:
    """A committee by its kind's words ("Tỉnh ủy Hòa Lâm" → "TU", "Đảng ủy xã An Bình" →
    "ĐU"), a department by its name then its committee's ("Ban Tuyên giáo và Dân vận" under
    "Tỉnh ủy" → "BTGDVTU"), anything else by its first two words ("Chi bộ thôn 1" → "CB")."""
    words = [word for word in unit.name.split() if word[0].isalpha()]
    if is_department(unit) and unit.parent is not None:
        own = "".join(_initial(word) for word in words if word.lower() != "và")
        return own + _made_code(unit.parent)
    folded = [word.lower().replace("uỷ", "ủy") for word in words]
    head = words[: folded.index("ủy") + 1] if "ủy" in folded else words[:2]
    return "".join(_initial(word) for word in head)


def _initial(word: str) -> str:
    """A word's first letter as symbols write it: without its tone and marks, but Đ kept."""
    first = word[0].upper()
    return first if first == "Đ" else unicodedata.normalize("NFD", first)[0]


def _blocks(report: GeneratedReport, facts: dict) -> list:
    sections = report.sections or {}
    period = Period.parse(report.period)
    results: list[tuple[str, list]] = []
    if sections.get(SectionKey.RESULTS, "").strip():
        results.append(("Kết quả chung", [Paragraph(sections[SectionKey.RESULTS])]))
    if facts["tables"]:
        tables = [
            Table(caption=f"Bảng {n}. {t['caption']}", header=t["header"], rows=t["rows"],
                  widths=[0.8, 3.4, *[1.5] * (len(t["header"]) - 2)])
            for n, t in enumerate(facts["tables"], start=1)
        ]  # fmt: skip
        results.append(("Kết quả thực hiện các chỉ tiêu", tables))
    if facts["activities"]:
        lines = [
            f"- {a['kind']}: {format_number(a['count'])} hoạt động, "
            f"{format_number(a['attendance'])} lượt người tham dự."
            for a in facts["activities"]
        ]
        results.append(("Hoạt động tuyên truyền, học tập", [Paragraph("\n".join(lines))]))
    tasks = facts["tasks"]
    if tasks.get("total"):
        text = (
            f"Được giao {tasks['total']} nhiệm vụ: hoàn thành {tasks['done']}, đang thực hiện "
            f"{tasks['in_progress']}, chưa thực hiện {tasks['not_started']}, quá hạn "
            f"{tasks['overdue']}."
        )
        late = "\n".join(f"- {title}" for title in tasks.get("overdue_titles", []))
        results.append(("Thực hiện nhiệm vụ được giao", [Paragraph(f"{text}\n{late}".strip())]))
    blocks: list = [Heading("I. KẾT QUẢ ĐẠT ĐƯỢC", 0)]
    for n, (title, content) in enumerate(results, start=1):
        blocks += [Heading(f"{n}. {title}", 1), *content]
    blocks.append(Heading("II. HẠN CHẾ, TỒN TẠI VÀ NGUYÊN NHÂN", 0))
    blocks += [Heading("1. Hạn chế, tồn tại", 1), Paragraph(sections.get("limitations", ""))]
    blocks += [Heading("2. Nguyên nhân", 1), Paragraph(sections.get("causes", ""))]
    ahead = "" if period.kind is PeriodKind.CUSTOM else f" {period_words(period.next()).upper()}"
    blocks.append(Heading(f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ{ahead}", 0))
    blocks.append(Paragraph(sections.get("directions", "")))
    return blocks


def party_report(report: GeneratedReport, facts: dict | None = None) -> PartyReport:
    """The report as the renderer takes it."""
    unit = report.orgunit
    facts = report_facts(report) if facts is None else facts
    draft = report.status == ReportStatus.DRAFT
    parent = unit.parent if is_department(unit) and unit.parent_id else None
    return PartyReport(
        parent_body=parent.name if parent else "",
        body=unit.name,
        number=report.number if not draft else f"-{TYPE_CODE}/{issuer_code(unit)}",
        place=place_of(unit),
        date=report.issued_on or timezone.localdate(),
        kind="BÁO CÁO",
        summary=report.summary,
        blocks=_blocks(report, facts),
        authority=report.authority,
        signer_title=report.signer_title,
        signer=report.signer,
        recipients=[line.strip() for line in report.recipients.splitlines() if line.strip()],
        draft=draft,
    )


def report_docx(*, report: GeneratedReport) -> bytes:
    """The .docx (DỰ THẢO while a draft), figures current for a draft; for an issued report
    the file registered on issuing, as it went out (rendered again, it would take today's
    template and unit names), else rendered from its frozen figures."""
    issued = _issued_file(report)
    if issued is not None:
        return issued
    return render_docx(party_report(report), template=settings.REPORT_TEMPLATE)


def _issued_file(report: GeneratedReport) -> bytes | None:
    document = report.document
    if report.status != ReportStatus.ISSUED or document is None:
        return None
    attachment = document.attachments.filter(filename=issued_name(report)).order_by("pk").first()
    if attachment is None:
        return None
    try:
        with attachment.file.open("rb") as file:
            return file.read()
    except OSError:  # the file lost from the storage: the frozen figures still tell it
        return None


def report_save(*, user, report: GeneratedReport, **fields) -> GeneratedReport:
    """The writer's changes to a draft: its summary, sections and signature. The row is
    re-read under a lock: `report` may have been issued since it was loaded, and a full save
    of the stale copy would turn the issued report back into a draft."""
    require_role(user, report.orgunit, role=Role.EDITOR)
    allowed = {"summary", "sections", "authority", "signer_title", "signer", "recipients"}
    for name in fields:
        if name not in allowed:
            raise TypeError(name)
    with transaction.atomic():
        current = GeneratedReport.objects.select_for_update().get(pk=report.pk)
        if current.status != ReportStatus.DRAFT:
            raise PermissionDenied(_("Báo cáo đã ban hành, không sửa được."))
        for name, value in fields.items():
            setattr(current, name, value)
        current.full_clean(exclude=["created_by", "orgunit", "directive", "document"])
        current.save(update_fields=[*fields, "updated_at"])
    # The caller's copy shows what was saved, as it did before the lock.
    for name in [*fields, "updated_at"]:
        setattr(report, name, getattr(current, name))
    return report


def issued_name(report: GeneratedReport) -> str:
    """The .docx file's name: "BC-27-BC-BTGDVTU-202611.docx" once numbered."""
    stem = re.sub(r"[^0-9A-Za-z]+", "-", report.number or "du-thao").strip("-")
    return f"BC-{stem}-{report.period}.docx"
