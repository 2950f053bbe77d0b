"""Issuing a report (issue 18 §2): its number (the next free one of type BC for the unit in
the year, suggested, editable), its entry in the document registry with the .docx attached
and a link to the directive it reports on, and its facts frozen as they stood."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document, RelationKind, System
from tuyengiao.documents.services import document_register
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.assembling import facts_read
from tuyengiao.reports.generating import TYPE_CODE, issued_name, issuer_code, party_report
from tuyengiao.reports.models import GeneratedReport, ReportStatus
from tuyengiao.reports.party_docx import render_docx
from tuyengiao.values.periods import Period

# "27-BC/BTGDVTU": the number, the type, the issuer's code.
_SYMBOL = re.compile(r"^\s*(?P<number>\d{1,6})\s*-\s*(?P<type>[A-ZĐ]+)\s*/\s*(?P<issuer>\S+)\s*$")
# A report on a directive's implementation ("Báo cáo sơ kết 5 năm thực hiện Chỉ thị 05")
# is linked to it as carrying it out: the registry's nearest kind of relation.
DIRECTIVE_RELATION = RelationKind.IMPLEMENTS


def _numbered(*, unit: OrgUnit, year: int):
    """The unit's own documents of type BC of the year in the registry."""
    code = issuer_code(unit)
    return Document.objects.filter(
        Q(issuer_unit=unit) | Q(orgunit=unit, issuer_code=code), type_code=TYPE_CODE, year=year
    )


def next_number(*, unit: OrgUnit, year: int) -> int:
    """The next free number of type BC among the unit's documents of the year."""
    numbers = _numbered(unit=unit, year=year).values_list("number", flat=True)
    used = [int(number) for number in numbers if number.strip().isdigit()]
    return max(used, default=0) + 1


def suggested_number(*, unit: OrgUnit, day: datetime.date) -> str:
    return f"{next_number(unit=unit, year=day.year)}-{TYPE_CODE}/{issuer_code(unit)}"


def _parse_number(text: str, unit: OrgUnit) -> tuple[str, str, str]:
    """(symbol, number, issuer code) from "27-BC/BTGDVTU" or the number alone, "27". The
    issuer is the unit itself: a commune does not number in the province's series."""
    text = text.strip()
    own = issuer_code(unit)
    if text.isdigit():
        text = f"{int(text)}-{TYPE_CODE}/{own}"
    found = _SYMBOL.match(text.upper())
    if found is None or found["type"] != TYPE_CODE:
        raise ValidationError(
            {"number": _("Số, ký hiệu báo cáo có dạng 27-BC/BTGDVTU (hoặc chỉ số 27).")}
        )
    if found["issuer"] != own.upper():
        raise ValidationError(
            {
                "number": _("Ký hiệu sau dấu / phải là của đơn vị ban hành: %(code)s.")
                % {"code": own}
            }
        )
    return f"{int(found['number'])}-{TYPE_CODE}/{own}", str(int(found["number"])), own


def _check_free(*, unit: OrgUnit, digits: str, year: int) -> None:
    """A number is used once a year in the unit's series, whatever the day of issue."""
    numbers = _numbered(unit=unit, year=year).values_list("number", flat=True)
    if any(number.strip().isdigit() and int(number) == int(digits) for number in numbers):
        raise ValidationError(
            {"number": _("Số %(number)s năm %(year)s của đơn vị đã dùng cho một văn bản khác.")
             % {"number": digits, "year": year}}
        )  # fmt: skip


def report_issue(
    *, user, report: GeneratedReport, number: str, issued_on: datetime.date | None = None
) -> GeneratedReport:
    """Number the draft, freeze its facts, register it with its .docx and its link to the
    directive. Raises PermissionDenied without the editor role or for a report already
    issued, ValidationError for a bad number or one the registry already holds."""
    unit = report.orgunit
    require_role(user, unit, role=Role.EDITOR)
    if report.status != ReportStatus.DRAFT:
        raise PermissionDenied(_("Báo cáo đã ban hành."))
    issued_on = issued_on or timezone.localdate()
    symbol, digits, code = _parse_number(number, unit)
    references = []
    if report.directive is not None:
        directive = report.directive
        references.append(
            {"kind": DIRECTIVE_RELATION, "target_symbol": directive.symbol,
             "target_date": directive.issued_on}
        )  # fmt: skip
    with transaction.atomic():
        # The unit's row first: two reports of one unit issued at once queue here, so the
        # check of the number and its registration are one step.
        OrgUnit.objects.select_for_update().get(pk=unit.pk)
        report = GeneratedReport.objects.select_for_update().get(pk=report.pk)
        if report.status != ReportStatus.DRAFT:
            raise PermissionDenied(_("Báo cáo đã ban hành."))
        _check_free(unit=unit, digits=digits, year=issued_on.year)
        period = Period.parse(report.period)
        report.frozen = facts_read(unit=unit, period=period, today=issued_on)
        report.number, report.issued_on = symbol, issued_on
        report.status = ReportStatus.ISSUED
        data = render_docx(party_report(report, report.frozen), template=settings.REPORT_TEMPLATE)
        report.document = document_register(
            user=user,
            orgunit=unit,
            system=System.PARTY,
            symbol=symbol,
            number=digits,
            type_code=TYPE_CODE,
            type_name="Báo cáo",
            year=issued_on.year,
            issuer_code=code,
            issuer_name=unit.name,
            issuer_unit=unit,
            issued_on=issued_on,
            title=f"Báo cáo {report.summary}",
            full_text=_plain(report),
            references=references,
            upload=ContentFile(data, name=issued_name(report)),
        )
        report.save()
    return report


def _plain(report: GeneratedReport) -> str:
    """The writer's sections as the registry's full text, for its search."""
    return "\n\n".join(text for text in (report.sections or {}).values() if text)
