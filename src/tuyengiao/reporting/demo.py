"""Reporting in the demo province: a monthly form every commune and ward fills in, a yearly
rating form, two years of plausible figures, and the state a real office would be in: most
months approved, one returned with a reason, some sent and waiting, some overdue.

Before 1 July 2025 the former communes report; from then on the new ones, into which the
former ones merged, so the province's series runs on through the reorganisation. Values go
in through the bulk import (the same checks as a file); submissions and their trail are
written as the workflow writes them.
"""

import datetime
import random

from django.utils import timezone

from tuyengiao.orgunits.models import OrgUnit, UnitKind
from tuyengiao.reporting.models import (
    FormItem,
    FormSection,
    ReportForm,
    Submission,
    SubmissionEvent,
)
from tuyengiao.reporting.workflow import form_current_period, form_units, form_window
from tuyengiao.values.models import Indicator, SourceKind
from tuyengiao.values.periods import Period, PeriodKind, period_for, periods_between
from tuyengiao.values.services import Source, datavalues_write

MONTHS = 24
COMMUNE_KINDS = ("dang-uy-xa", "dang-uy-phuong")

MONTHLY = (
    "BC_THANG_TUYEN_GIAO",
    "Báo cáo tháng công tác tuyên giáo",
    "Monthly report on propaganda and education work",
    [
        ("I. Học tập, quán triệt nghị quyết", ["HN_QUAN_TRIET", "LUOT_QUAN_TRIET"]),
        ("II. Tuyên truyền miệng", ["SO_BAO_CAO_VIEN", "HN_THONG_TIN_THOI_SU", "LUOT_NGUOI_NGHE"]),
        ("III. Thông tin, truyền thông", ["TIN_BAI_CONG_TTDT", "TRAM_TRUYEN_THANH"]),
        ("IV. Kinh phí", ["KINH_PHI"]),
    ],
)
YEARLY = (
    "BC_NAM_XEP_LOAI",
    "Báo cáo kết quả đánh giá, xếp loại đảng viên",
    "Yearly rating of party members",
    [
        ("I. Đảng viên", ["DV_TONG", "DV_XEP_LOAI"]),
        ("II. Tỷ lệ (tự tính)", ["TY_LE_DV_XEP_LOAI_HTXS", "TY_LE_DV_XEP_LOAI_HTT"]),
    ],
)
RETURN_REASON = (
    "Số lượt người nghe thông tin thời sự chưa khớp với biên bản các hội nghị; đề nghị rà soát, "
    "gửi lại."
)


def _form(owner: OrgUnit, spec, kind: str, kinds) -> ReportForm:
    code, name, name_en, sections = spec
    form = ReportForm.objects.create(
        code=code, name=name, name_en=name_en, period_kind=kind, owner=owner,
        opens_before_end_days=10 if kind == "month" else 30,
        closes_after_end_days=5 if kind == "month" else 20,
    )  # fmt: skip
    form.unit_kinds.set(kinds)
    by_code = Indicator.objects.in_bulk(
        [c for _title, codes in sections for c in codes], field_name="code"
    )
    for order, (title, codes) in enumerate(sections, start=1):
        section = FormSection.objects.create(form=form, title=title, sort_order=order)
        for position, code in enumerate(codes, start=1):
            FormItem.objects.create(
                form=form, section=section, indicator=by_code[code], sort_order=position
            )
    return form


class _Figures:
    """Plausible figures for one unit: a size, then months around it."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def month(self, size: int, month: int) -> dict[str, object]:
        rng = self.rng
        # More study sessions after a resolution comes down (spring, autumn).
        sessions = max(0, round(rng.gauss(2.5 if month in (3, 4, 9, 10) else 1.2, 0.8)))
        news = max(0, round(rng.gauss(1.5, 0.7)))
        return {
            "HN_QUAN_TRIET": sessions,
            "LUOT_QUAN_TRIET": sessions * rng.randint(size // 3, size),
            "SO_BAO_CAO_VIEN": max(3, size // 40),
            "HN_THONG_TIN_THOI_SU": news,
            "LUOT_NGUOI_NGHE": news * rng.randint(40, 160),
            "TIN_BAI_CONG_TTDT": rng.randint(2, 14),
            "TRAM_TRUYEN_THANH": max(1, size // 60),
            "KINH_PHI": rng.randint(3, 25) * 1_000_000,
        }

    def year(self, size: int) -> dict[tuple[str, str], object]:
        rng = self.rng
        good = round(size * rng.uniform(0.6, 0.75))
        excellent = min(round(good * rng.uniform(0.1, 0.2)), good // 5)
        poor = rng.randint(0, 3)
        satisfactory = size - good - excellent - poor
        return {
            ("DV_TONG", ""): size,
            ("DV_XEP_LOAI", "HTXS"): excellent,
            ("DV_XEP_LOAI", "HTT"): good,
            ("DV_XEP_LOAI", "HT"): satisfactory,
            ("DV_XEP_LOAI", "KHT"): poor,
        }


def _rows(form: ReportForm, periods: list[Period], figures: _Figures, sizes) -> list[dict]:
    rows = []
    for period in periods:
        for unit in form_units(form, period):
            size = sizes.setdefault(unit.pk, figures.rng.randint(150, 900))
            if form.period_kind == "month":
                values = {
                    (code, ""): value
                    for code, value in figures.month(size, period.start.month).items()
                }
            else:
                values = figures.year(size)
            rows += [
                {"indicator": code, "orgunit": unit.code, "period": period.code,
                 "option": option, "value": value}
                for (code, option), value in values.items()
            ]  # fmt: skip
    return rows


class _Trail:
    """Submissions and their events as the workflow leaves them, written in two statements:
    each unit's reports sent by its own editor, and nothing dated after now."""

    def __init__(self, *, editors, approver, rng: random.Random) -> None:
        self.editors, self.approver, self.rng = editors, approver, rng
        self.now = timezone.now()
        self.pending: list[tuple[Submission, list[SubmissionEvent]]] = []

    def add(self, form, unit, period, status, reason: str = "") -> None:
        rng, window, editor = self.rng, form_window(form, period), self.editors[unit.pk]
        day = window.closes_on - datetime.timedelta(days=rng.randint(-2, 6))
        sent = timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(9 + rng.randint(0, 7), rng.randint(0, 59)))
        )
        # This month's early reports and last month's late ones would otherwise lie ahead.
        sent = min(sent, self.now - datetime.timedelta(hours=rng.randint(2, 30)))
        submission = Submission(
            form=form, orgunit=unit, period=period.code, status=status,
            submitted_by=editor, submitted_at=sent, updated_at=sent, return_reason=reason,
            approved_up_to=form.owner if status == Submission.Status.APPROVED else None,
        )  # fmt: skip
        events = [SubmissionEvent(action="submit", by=editor, at=sent)]
        later = sent + datetime.timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 6))
        later = min(later, sent + (self.now - sent) / 2)
        if status == Submission.Status.APPROVED:
            events.append(
                SubmissionEvent(action="approve", level=form.owner, by=self.approver, at=later)
            )
        elif status == Submission.Status.RETURNED:
            events.append(SubmissionEvent(action="return", level=form.owner, by=self.approver,
                                          at=later, reason=reason))  # fmt: skip
        self.pending.append((submission, events))

    def save(self) -> None:
        Submission.objects.bulk_create([submission for submission, _events in self.pending])
        for submission, events in self.pending:
            for event in events:
                event.submission = submission
        SubmissionEvent.objects.bulk_create(
            [event for _submission, events in self.pending for event in events]
        )


def demo_reporting_create(
    *, admin, province: OrgUnit, editors, approver, seed: int, typed_elsewhere=frozenset()
) -> int:
    """Forms, two years of values and their submissions, each unit's sent by its editor in
    `editors` (by unit id); returns how many values. The (unit code, indicator code, period
    code) cells of `typed_elsewhere` (those the demo's activities feed) are not typed."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data)
    kinds = list(UnitKind.objects.filter(code__in=COMMUNE_KINDS))
    monthly = _form(province, MONTHLY, "month", kinds)
    yearly = _form(province, YEARLY, "year", kinds)
    today = timezone.localdate()
    current = form_current_period(monthly, today)
    first = current.start
    for _step in range(MONTHS):
        first = period_for(PeriodKind.MONTH, first - datetime.timedelta(days=1)).start
    months = periods_between(PeriodKind.MONTH, first, current.start - datetime.timedelta(days=1))
    years = [Period.year(year) for year in range(months[0].start.year, today.year)]
    figures, sizes = _Figures(rng), dict[int, int]()
    rows: dict[str, list[dict]] = {}
    for row in _rows(monthly, months, figures, sizes) + _rows(yearly, years, figures, sizes):
        if (row["orgunit"], row["indicator"], row["period"]) not in typed_elsewhere:
            rows.setdefault(row["period"], []).append(row)
    _typed_in_their_window(admin, monthly, months, rows)
    _typed_in_their_window(admin, yearly, years, rows)
    trail = _Trail(editors=editors, approver=approver, rng=rng)
    _demo_states(trail, monthly, months, current)
    for year in years:
        for unit in form_units(yearly, year):
            trail.add(yearly, unit, year, Submission.Status.APPROVED)
    trail.save()
    return sum(map(len, rows.values()))


def _typed_in_their_window(admin, form, periods, rows: dict[str, list[dict]]) -> None:
    """Each period's figures written as typed the day its window opened, before any of its
    sendings: written as of now, after every return, the grid would mark all the figures of
    a returned report as changed since."""
    now = timezone.now()
    source = Source(SourceKind.IMPORT, note="demo")
    for period in periods:
        opened = datetime.datetime.combine(form_window(form, period).opens_on, datetime.time(8))
        typed = min(now, timezone.make_aware(opened))
        report = datavalues_write(rows.get(period.code, []), user=admin, source=source, at=typed)
        assert report.ok, report.errors[:3]


def _demo_states(trail: _Trail, form, months, current) -> None:
    """Old months approved; last month: the demo commune's returned, most others sent or
    approved, a few never sent (overdue); this month open, a couple sent early."""
    approved, submitted = Submission.Status.APPROVED, Submission.Status.SUBMITTED
    last = months[-1]
    for period in months:
        for index, unit in enumerate(form_units(form, period).order_by("code")):
            if period != last:
                trail.add(form, unit, period, approved)
            elif unit.code.endswith("-X01"):
                trail.add(form, unit, period, Submission.Status.RETURNED, reason=RETURN_REASON)
            elif index % 5 != 4:  # every fifth: overdue, never sent
                trail.add(form, unit, period, approved if index % 2 else submitted)
    for unit in form_units(form, current).order_by("code")[1:3]:
        trail.add(form, unit, current, submitted)
