"""Writes of the report cycle: a narrative report read in, and its figures accepted.

Reading proposes; only `proposals_accept` writes figures, one cell at a time through the
values core, so each cell is saved or refused on its own with the grid's own reason (a
locked month, a cell that activities feed, a value out of bounds) and the others still go.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tuyengiao.accounts.models import Role
from tuyengiao.accounts.scope import require_role
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reports.models import Decision, IngestedReport, Proposal
from tuyengiao.reports.selectors import references_found, targets_for
from tuyengiao.textkit.figures import propose_figures, report_sections
from tuyengiao.textkit.normalize import normalize
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
    Nothing is written to the unit's figures here."""
    require_role(user, orgunit, role=Role.EDITOR)
    text = normalize(text)
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


# What the API says of a decision (issue 18 §3): corrected or not, an accepted cell is saved.
_STATUS: dict[str, str] = {Decision.REJECTED: "rejected", Decision.REFUSED: "refused"}


@dataclass(frozen=True)
class Outcome:
    """What became of one proposal: saved, rejected, or refused with the core's reason."""

    proposal: Proposal
    status: str  # "saved", "rejected", "refused"
    reason: str = ""


def proposals_accept(
    *, user, report: IngestedReport, decisions: Iterable[Mapping]
) -> list[Outcome]:
    """Save what a person accepted. Each decision names a proposal (`id`) and either a
    `value` (the one read, or a correction) or `reject`: True. Each accepted cell is written
    on its own, with the proposal (and so its sentence) as the figure's source."""
    require_role(user, report.orgunit, role=Role.EDITOR)
    proposals = report.proposals.select_related("indicator").in_bulk()
    outcomes = []
    for decision in decisions:
        proposal = proposals.get(decision.get("id"))
        if proposal is None:
            continue
        if decision.get("reject"):
            outcomes.append(_decide(proposal, user=user, decision=Decision.REJECTED))
        else:
            outcomes.append(_save(proposal, user=user, value=decision.get("value")))
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
    return Outcome(proposal=proposal, status=status, reason=reason)
