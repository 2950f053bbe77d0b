"""The decision on prizes (quyết định tặng giải) with its list of prizes appended."""

import datetime
from pathlib import Path

from tuyengiao.reports.party_docx import (
    Article,
    Block,
    Centred,
    Paragraph,
    PartyReport,
    Table,
    render_docx,
)
from tuyengiao.reports.party_docx.text import clean, date_words

from .model import Awards, Prize, level_name, ranked

# The usual recipients of a decision on prizes, by format.
_RECIPIENTS = {
    "party": ["Như Điều 3,", "Lưu Văn phòng."],
    "state": ["Như Điều 3;", "Lưu: VT."],
}
_LIST_TITLE = "DANH SÁCH TÁC GIẢ, TÁC PHẨM ĐẠT GIẢI"
_LIST_HEADER = ["TT", "Giải", "Tác phẩm", "Tác giả", "Đơn vị"]
_AMOUNT_HEADER = "Tiền thưởng (đồng)"


def render_decision(awards: Awards, *, template: Path | None = None) -> bytes:
    """The decision on prizes as the bytes of a .docx in the organiser's format."""
    return render_docx(decision_report(awards), template=template)


def decision_report(awards: Awards) -> PartyReport:
    """The decision as a document for `party_docx`, for a caller that adds to it."""
    organiser = awards.organiser
    state = organiser.style == "state"
    subject = f"tặng giải {clean(awards.contest).strip()}"
    return PartyReport(
        parent_body=organiser.parent_body,
        body=organiser.body,
        number=awards.number,
        place=organiser.place,
        date=awards.date,
        kind="Quyết định",
        summary=f"Về việc {subject}" if state else f"về việc {subject}",
        blocks=_preamble(awards) + _articles(awards),
        authority=organiser.authority,
        signer_title=organiser.signer_title,
        signer=organiser.signer,
        recipients=awards.recipients or _RECIPIENTS[organiser.style],
        draft=awards.draft,
        style=organiser.style,
        appendix=_appendix(awards),
    )


def _preamble(awards: Awards) -> list[Block]:
    blocks: list[Block] = []
    if clean(awards.organiser.deciding).strip():
        blocks.append(Centred(clean(awards.organiser.deciding).strip().upper()))
    bases = [clean(basis).strip().rstrip(";,.") for basis in awards.bases]
    bases = [basis if basis.startswith("Căn cứ") else f"Căn cứ {basis}" for basis in bases]
    plan = f"Kế hoạch số {clean(awards.plan_number).strip()}"
    if awards.plan_date is not None:
        plan += f" {_date(awards.plan_date, awards.organiser.style == 'state')}"
    bases.append(f"Căn cứ {plan} về tổ chức {clean(awards.contest).strip()}")
    lines = [f"{basis};" for basis in bases]
    proposal = clean(awards.proposal).strip().rstrip(";,.")
    lines.append(f"Căn cứ kết quả chấm giải và đề nghị của {proposal},")
    return [*blocks, Paragraph("\n".join(lines)), Centred("QUYẾT ĐỊNH:")]


def _articles(awards: Awards) -> list[Block]:
    contest = clean(awards.contest).strip()
    counts: dict[str, int] = {}
    for prize in ranked(awards.prizes):
        counts[level_name(prize.level)] = counts.get(level_name(prize.level), 0) + 1
    levels = [f"{count:02d} giải {level}" for level, count in counts.items()]
    listed = ", ".join(levels[:-1]) + f" và {levels[-1]}" if len(levels) > 1 else "".join(levels)
    first = f"Tặng giải {contest} cho các tác giả, tác phẩm (có danh sách kèm theo)"
    first += f", gồm: {listed}." if listed else "."
    money = [prize.amount for prize in awards.prizes if prize.amount is not None]
    second = "Các tác giả, tác phẩm đạt giải được cấp Giấy chứng nhận"
    if money:
        first += f" Tổng số tiền thưởng: {_money(sum(money))} đồng."
        second += " và tiền thưởng theo mức quy định tại Kế hoạch số "
        second += clean(awards.plan_number).strip()
    second += ". Quyết định này có hiệu lực kể từ ngày ký."
    third = (
        f"{clean(awards.executors).strip()} và các tác giả có tên tại Điều 1 chịu trách nhiệm "
        "thi hành Quyết định này."
    )
    return [Article("Điều 1.", first), Article("Điều 2.", second), Article("Điều 3.", third)]


def _appendix(awards: Awards) -> list[Block]:
    state = awards.organiser.style == "state"
    number = clean(awards.number).strip()
    attached = f"(Kèm theo Quyết định số {number} {_date(awards.date, state)}"
    attached += f" của {clean(awards.organiser.body).strip()})"
    prizes = ranked(awards.prizes)
    paid = any(prize.amount is not None for prize in prizes)
    header = [*_LIST_HEADER, _AMOUNT_HEADER] if paid else list(_LIST_HEADER)
    rows = [_row(index, prize, paid=paid) for index, prize in enumerate(prizes, start=1)]
    # "TT" on one line: the numbers column holds two letters of the header in bold.
    widths = [0.8, 1.5, 3.3, 2.5, 2.5, 1.8][: len(header)]
    return [
        Centred(_LIST_TITLE),
        Centred(clean(awards.contest).strip()),
        Centred(attached, italic=True),
        Table(caption="", header=header, rows=rows, widths=widths),
    ]


def _row(index: int, prize: Prize, *, paid: bool) -> list[str]:
    row = [
        str(index),
        f"Giải {level_name(prize.level)}",
        clean(prize.work).strip(),
        ", ".join(clean(author).strip() for author in prize.authors),
        clean(prize.unit).strip(),
    ]
    if paid:
        row.append("" if prize.amount is None else _money(prize.amount))
    return row


def _date(date: datetime.date, state: bool) -> str:
    """ "ngày 10 tháng 3 năm 2026" as the State cites, "ngày 10-3-2026" as the Party does."""
    if state:
        return date_words(date, leading_zero=True)
    return f"ngày {date.day}-{date.month}-{date.year}"


def _money(amount: int) -> str:
    """ "5.000.000": a dot groups thousands."""
    return f"{amount:,}".replace(",", ".")
