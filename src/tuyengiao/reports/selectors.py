"""Reads of the report cycle: what a report may fill, what it cites, which reports a user sees."""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from tuyengiao.accounts.scope import scope_filter
from tuyengiao.documents.models import Document
from tuyengiao.documents.parsers.header import HEADER_CHARS
from tuyengiao.documents.selectors import documents_visible
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.reporting.models import ReportForm
from tuyengiao.reporting.workflow import forms_for_unit
from tuyengiao.reports.models import GeneratedReport, IngestedReport, Proposal
from tuyengiao.textkit.docnum import scan_documents
from tuyengiao.textkit.figures import Target
from tuyengiao.values.models import Indicator, ValueType

# A derived rate the toolkit can fill through its parts: "A / B * 100".
_RATE = re.compile(r"^\s*(?P<a>[A-Z0-9_]+)\s*/\s*(?P<b>[A-Z0-9_]+)\s*\*\s*100\s*$")
# "Số 45-BC/ĐU" in a report's header: its own number, not a document it cites.
_NUMBER_LINE = re.compile(r"^[ \t]*Số[ \t]*:?[ \t]*\d[^\n]*", re.MULTILINE | re.IGNORECASE)
# How an indicator's name starts, not how a report names it ("Số hội nghị…" → "hội nghị…").
_NAME_HEAD = re.compile(r"^(?:tổng số|số lượng|số|tỷ lệ)\s+", re.IGNORECASE)


def reports_visible(user) -> QuerySet[IngestedReport]:
    """The reports read in for units the user may see."""
    return scope_filter(IngestedReport.objects.all(), user, path_field="orgunit__path")


def generated_visible(user) -> QuerySet[GeneratedReport]:
    """The reports made for units the user may see, drafts and issued."""
    return scope_filter(GeneratedReport.objects.all(), user, path_field="orgunit__path")


def _phrases(text: str, name: str) -> tuple[str, ...]:
    """The phrases an administrator wrote, one a line; without any, the indicator's name as a
    report would say it, so that a new indicator is read from its first report."""
    lines = tuple(line.strip() for line in text.splitlines() if line.strip())
    return lines or (_NAME_HEAD.sub("", name.strip()).lower(),)


def targets_for(*, form: ReportForm | None) -> list[Target]:
    """The cells a report may fill: its form's indicators, or without a form every active
    indicator that is entered; each option of a breakdown is its own cell. A derived rate
    "A / B * 100" is a target too, filled through A and B when both are entered."""
    # A yes/no or a text is no figure a sentence gives ("đã hoàn thành biên soạn" is a fact
    # a person records, not a count the toolkit reads).
    indicators = Indicator.objects.filter(is_active=True).exclude(
        value_type__in=[ValueType.YES_NO, ValueType.TEXT]
    )
    if form is not None:
        indicators = indicators.filter(pk__in=form.items.values("indicator"))
    else:
        indicators = indicators.filter(formula="") | indicators.filter(value_type=ValueType.PERCENT)
    indicators = indicators.select_related("disaggregation").prefetch_related(
        "disaggregation__options"
    )
    entered = {i.code for i in indicators if not i.is_derived}
    targets = []
    for indicator in indicators:
        phrases = _phrases(indicator.phrases, indicator.name)
        percent = indicator.value_type == ValueType.PERCENT
        if indicator.is_derived:
            rate = _RATE.match(indicator.formula) if percent else None
            if rate and {rate["a"], rate["b"]} <= entered:
                targets.append(
                    Target(indicator=indicator.code, phrases=phrases, percent=True,
                           numerator=rate["a"], denominator=rate["b"])
                )  # fmt: skip
            continue
        if indicator.disaggregation is None:
            targets.append(Target(indicator=indicator.code, phrases=phrases, percent=percent))
            continue
        for option in indicator.disaggregation.options.all():
            targets.append(
                Target(indicator=indicator.code, option=option.code, phrases=phrases,
                       option_phrases=_phrases(option.phrases, option.name), percent=percent)
            )  # fmt: skip
    return targets


def references_found(*, user, text: str) -> list[dict]:
    """The documents `text` cites: each with the registered document the user may read that
    it means (by its date if the text gives one, else the latest), or None. The report's own
    number, in its header, is no citation."""
    number_line = _NUMBER_LINE.search(text[:HEADER_CHARS])
    own = {ref.symbol for ref in scan_documents(number_line[0]).documents} if number_line else set()
    refs = [ref for ref in scan_documents(text).documents if ref.symbol not in own]
    found: dict[str, list[Document]] = {}
    visible = documents_visible(user).filter(symbol__in={ref.symbol for ref in refs})
    for document in visible.only("pk", "symbol", "issued_on"):
        found.setdefault(document.symbol, []).append(document)
    return [
        {"symbol": ref.symbol, "document": _pick(found.get(ref.symbol, []), ref.date)}
        for ref in refs
    ]


def _pick(candidates: list[Document], day: date | None) -> int | None:
    if day is not None:
        candidates = [doc for doc in candidates if doc.issued_on == day]
    best = max(candidates, key=lambda doc: doc.issued_on or date.min, default=None)
    return best.pk if best else None


@dataclass(frozen=True)
class Segment:
    """A piece of a report's text: plain, or a figure read for a proposal (`proposal` its
    id; `chosen` when it is the mention proposed, not one of the alternatives)."""

    text: str
    proposal: int | None = None
    chosen: bool = False


def text_segments(report: IngestedReport, proposals: list[Proposal]) -> list[Segment]:
    """The report's text cut at every figure read, for the review page to mark them."""
    marks = sorted(
        [(p.start, p.end, p.pk, True) for p in proposals]
        + [(a["span"][0], a["span"][1], p.pk, False) for p in proposals for a in p.alternatives]
    )
    segments, at = [], 0
    for start, end, pk, chosen in marks:
        if start < at:  # two cells read in one figure: it is marked once
            continue
        segments.append(Segment(report.text[at:start]))
        segments.append(Segment(report.text[start:end], pk, chosen))
        at = end
    segments.append(Segment(report.text[at:]))
    return [segment for segment in segments if segment.text]


def forms_seen(user) -> QuerySet[ReportForm]:
    """The active forms of units above or in the user's scope: those a report may be read for."""
    forms = ReportForm.objects.filter(is_active=True)
    return scope_filter(forms, user, path_field="owner__path", with_ancestors=True)


def form_applies(form: ReportForm, unit: OrgUnit) -> bool:
    return forms_for_unit(unit).filter(pk=form.pk).exists()


def form_not_applying(form: ReportForm, unit: OrgUnit) -> str:
    return _("%(unit)s không báo cáo theo biểu mẫu “%(form)s”.") % {"unit": unit, "form": form}
