"""Writes of the report cycle: a narrative report read in, and its figures accepted.

Reading proposes; only `proposals_accept` writes figures, one cell at a time through the
values core, so each cell is saved or refused on its own with the grid's own reason (a
locked month, a cell that activities feed, a value out of bounds) and the others still go.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reports.models import Decision, IngestedReport, Proposal
from tuyengiao.reports.selectors import references_found, targets_for
from tuyengiao.textkit.figures import propose_figures, report_sections
from tuyengiao.textkit.normalize import normalize
from tuyengiao.ui.formats import format_number
from tuyengiao.values.cleaning import value_clean
from tuyengiao.values.models import Indicator, SourceKind
from tuyengiao.values.periods import Period
from tuyengiao.values.services import Source, datavalues_write


def report_ingest(
    *,
    user,
    orgunit: OrgUnit,
    period: Period,
    text: str,
    filename: str = "",
    form: ReportForm | None = None,
    document: Document | None = None,
) -> IngestedReport:
    """Read a unit's report for `period`: keep its text and sections, propose its figures.
    Nothing is written to the unit's figures here. ValidationError for a text too long, or a
    registered document that is not this unit's own or is confidential."""
    require_role(user, orgunit, role=Role.EDITOR)
    if document is not None:
        _check_own_report(document, orgunit)
    text = normalize(text)
    if len(text) > MAX_REPORT_CHARS:
        raise ValidationError(
            _("Báo cáo dài quá %(n)s ký tự: hãy tách thành nhiều báo cáo.")
            % {"n": format_number(MAX_REPORT_CHARS)}
        )
    found = propose_figures(text, targets_for(form=form))
    indicators = Indicator.objects.in_bulk([p.indicator for p in found], field_name="code")
    with transaction.atomic():
        report = IngestedReport.objects.create(
            orgunit=orgunit,
            period=period.code,
            form=form,
            document=document,
            filename=filename[:255],
            text=text,
            sections=report_sections(text),
            references=references_found(user=user, text=text),
            created_by=user,
        )
        Proposal.objects.bulk_create(
            Proposal(
                report=report,
                indicator=indicators[p.indicator],
                option=p.option,
                value=Decimal(str(p.value)),
                approx=p.approx,
                start=p.start,
                end=p.end,
                sentence_start=p.sentence[0],
                sentence_end=p.sentence[1],
                alternatives=[{"value": m.value, "span": [m.start, m.end]} for m in p.alternatives],
            )
            for p in found
        )
    return report


# About a hundred pages; reading one takes a few seconds (bench: see the closing note of
# issue 18), and its text is kept on the report and shown on the review page.
MAX_REPORT_CHARS = 200_000
_NO_SUCH = gettext_lazy("Không có đề xuất này trong báo cáo.")
_TWICE = gettext_lazy("Đề xuất này có hai lần trong yêu cầu: lần sau bị bỏ qua.")
# A refused cell may be tried again (once the month is opened, say); a decided one may not.
_DECIDED = gettext_lazy("Đề xuất này đã được xử lý.")
# What the API says of a decision (issue 18 §3): corrected or not, an accepted cell is saved.
_STATUS: dict[str, str] = {Decision.REJECTED: "rejected", Decision.REFUSED: "refused"}


def _check_own_report(document: Document, orgunit: OrgUnit) -> None:
    """A registered document read as a unit's report must be held by that unit or one below
    it, and not confidential: its text becomes readable by everyone who sees the report."""
    if document.confidential:
        raise ValidationError(_("Không đọc văn bản mật làm báo cáo của đơn vị."))
    if not document.orgunit.path.startswith(orgunit.path):
        raise ValidationError(
            _("Văn bản %(symbol)s không do %(unit)s hoặc đơn vị cấp dưới quản lý.")
            % {"symbol": document.symbol, "unit": orgunit}
        )


@dataclass(frozen=True)
class Outcome:
    """What became of one proposal: saved, rejected, or refused with the core's reason."""

    id: int
    proposal: Proposal | None  # None for an id that is no proposal of the report
    status: str  # "saved", "rejected", "refused"
    reason: str = ""


def proposals_accept(
    *, user, report: IngestedReport, decisions: Iterable[Mapping]
) -> list[Outcome]:
    """Save what a person accepted. Each decision names a proposal (`id`) and either a
    `value` (the one read, or a correction) or `reject`: True. Each accepted cell is written
    on its own, with the proposal (and so its sentence) as the figure's source."""
    require_role(user, report.orgunit, role=Role.EDITOR)
    outcomes: list[Outcome] = []
    # Locked, so that two people (or one twice) cannot decide the same proposal twice.
    with transaction.atomic():
        locked = report.proposals.select_for_update().select_related("indicator")
        proposals = {p.pk: p for p in locked}
        seen: set[int] = set()
        for decision in decisions:
            pk = int(decision["id"])
            proposal = proposals.get(pk)
            if proposal is None:
                outcomes.append(Outcome(pk, None, "refused", str(_NO_SUCH)))
            elif pk in seen:
                outcomes.append(Outcome(pk, proposal, "refused", str(_TWICE)))
            elif proposal.decision not in (Decision.PROPOSED, Decision.REFUSED):
                outcomes.append(Outcome(pk, proposal, "refused", str(_DECIDED)))
            elif decision.get("reject"):
                outcomes.append(_decide(proposal, user=user, decision=Decision.REJECTED))
            else:
                outcomes.append(_save(proposal, user=user, value=decision.get("value")))
            seen.add(pk)
    return outcomes


def _save(proposal: Proposal, *, user, value) -> Outcome:
    value = proposal.value if value is None or value == "" else value
    report = proposal.report
    cell = {
        "indicator": proposal.indicator.code,
        "option": proposal.option,
        "orgunit": report.orgunit.code,
        "period": report.period,
        "value": value,
    }
    note = f"{report.filename or _('báo cáo')} [{proposal.start}–{proposal.end}]"
    written = datavalues_write(
        [cell], user=user, source=Source(SourceKind.REPORT, note=note, ref=proposal)
    )
    if not written.ok:
        reason = "; ".join(error.message for error in written.errors)
        return _decide(proposal, user=user, decision=Decision.REFUSED, reason=reason)
    saved, _text = value_clean(proposal.indicator, value)
    decision = Decision.ACCEPTED if saved == proposal.value else Decision.CORRECTED
    return _decide(proposal, user=user, decision=decision, saved=saved)


def _decide(
    proposal: Proposal,
    *,
    user,
    decision: str,
    reason: str = "",
    saved: Decimal | None = None,
) -> Outcome:
    proposal.decision, proposal.reason, proposal.saved_value = decision, reason[:500], saved
    proposal.decided_by, proposal.decided_at = user, timezone.now()
    proposal.save(update_fields=["decision", "reason", "saved_value", "decided_by", "decided_at"])
    status = _STATUS.get(decision, "saved")
    return Outcome(proposal.pk, proposal, status, reason)
