"""A contest's results as the organiser's documents: the decision on prizes (quyết định tặng
giải) and the certificates (giấy chứng nhận, one per prize), rendered by
`reports.awards_docx` in the format that fits the organiser (DOMAIN.md §6): the Party's for
a committee or one of its organs, the State's for a State body.

Both are drafts (DỰ THẢO on the decision) until the organiser confirms the prizes; the
decision's number is left for the office, which numbers it when it is signed.
"""

import re
from collections.abc import Sequence

from django.conf import settings
from django.utils import timezone

from tuyengiao.contests.models import Contest, Entry
from tuyengiao.documents.models import System
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reports.awards_docx import (
    Awards,
    Organiser,
    Prize,
    render_certificates,
    render_decision,
)
from tuyengiao.reports.generating import is_department, issuer_code, place_of, signature_of
from tuyengiao.reports.party_docx import Style
from tuyengiao.textkit.normalize import fold

# Bodies of the State, by the words their names begin with: their decisions follow Nghị
# định 30/2020/NĐ-CP. The tree holds the Party's committees and organs, and other bodies.
_STATE_BODY = re.compile(r"^(?:uy ban nhan dan|ubnd|hoi dong nhan dan|so|phong)\b")
_PEOPLES_COMMITTEE = re.compile(r"^(?:uy ban nhan dan|ubnd)\b")
# Who proposes the prizes, as the decision cites it.
PROPOSAL = "Hội đồng giám khảo Cuộc thi"


def organiser_style(contest: Contest) -> Style:
    """The format of the contest's results: that of the plan launching it when the registry
    holds it (a Party plan, a Party decision), else the State's for a State body (Ủy ban
    nhân dân, Sở…), else the Party's."""
    document = contest.document
    if document is not None:
        return "state" if document.system == System.STATE else "party"
    return "state" if _STATE_BODY.match(fold(contest.orgunit.name)) else "party"


def organiser_of(contest: Contest) -> Organiser:
    unit, style = contest.orgunit, organiser_style(contest)
    parent = unit.parent if unit.parent_id and _under_a_parent(unit, style) else None
    authority, signer_title, deciding = _signature(unit, style)
    return Organiser(
        parent_body=parent.name if parent else "",
        body=unit.name,
        style=style,
        place=place_of(unit),
        authority=authority,
        signer_title=signer_title,
        # Left for the office: who confirmed the prizes here is not always who signs.
        signer="",
        deciding=deciding,
    )


def _under_a_parent(unit: OrgUnit, style: Style) -> bool:
    """Whether the header names the body above: a committee's organ (Ban Tuyên giáo và Dân
    vận under Tỉnh ủy), a State department (Sở under UBND tỉnh); a committee stands alone."""
    if style == "party":
        return is_department(unit)
    return not _PEOPLES_COMMITTEE.match(fold(unit.name))


def _signature(unit: OrgUnit, style: Style) -> tuple[str, str, str]:
    """(authority, signer's title, who decides) as such a body signs a decision."""
    if style == "party":
        authority, title = signature_of(unit)
        return authority, title, ""
    if _PEOPLES_COMMITTEE.match(fold(unit.name)):
        return "TM. Ủy ban nhân dân", "Chủ tịch", f"Chủ tịch {unit.name}"
    head = "Giám đốc" if fold(unit.name).startswith("so ") else "Thủ trưởng"
    return "", head, f"{head} {unit.name}"


def contest_awards(*, contest: Contest, winners: Sequence[Entry]) -> Awards:
    """The contest's results as `awards_docx` takes them: `winners` (with their category and
    authors), a draft until the organiser confirmed them."""
    organiser = organiser_of(contest)
    code = issuer_code(contest.orgunit)
    number = f"-QĐ/{code}" if organiser.style == "party" else f"/QĐ-{code}"
    when = timezone.localdate(contest.confirmed_at) if contest.confirmed_at else None
    document = contest.document
    return Awards(
        contest=contest.title,
        organiser=organiser,
        number=number,
        date=when or timezone.localdate(),
        plan_number=document.symbol if document is not None else "…",
        plan_date=document.issued_on if document is not None else None,
        proposal=PROPOSAL,
        prizes=[_prize(entry) for entry in winners],
        draft=contest.confirmed_at is None,
    )


def _prize(entry: Entry) -> Prize:
    authors = list(entry.authors.all())
    # The authors' units of work; the submitting unit when they gave none.
    units = list(dict.fromkeys(author.unit for author in authors if author.unit))
    return Prize(
        level=entry.prize,
        work=entry.title,
        authors=[author.name for author in authors],
        unit="; ".join(units) or entry.orgunit.name,
    )


def decision_docx(*, contest: Contest, winners: Sequence[Entry]) -> bytes:
    awards = contest_awards(contest=contest, winners=winners)
    return render_decision(awards, template=settings.REPORT_TEMPLATE)


def certificates_docx(*, contest: Contest, winners: Sequence[Entry]) -> bytes:
    awards = contest_awards(contest=contest, winners=winners)
    return render_certificates(awards, template=settings.REPORT_TEMPLATE)
