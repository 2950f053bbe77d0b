"""A year of activities in the demo province: the provincial department's quarterly reporter
conferences and its study of the province's conclusion, and, in a few communes, a current-
affairs conference every month, a reporters' conference each quarter, the study sessions of
the documents that came down, and a class or two.

Each unit's activities are recorded by its own editor through `activities_import`, so the
figures of their months come from them, written as of the evening of each month's last
activity. This runs before the report forms exist (reporting.demo), so no month is locked
yet; the cells it feeds are returned, for the forms' demo figures to leave alone.
"""

import datetime
import random
from collections.abc import Callable

from tuyengiao.activities.models import Activity, ActivityFeed, ActivityKind
from tuyengiao.activities.services import ActivityDraft, activities_import
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.values.periods import Period, PeriodKind, period_for

MONTHS = 12

NEWS_NOTES = [
    "Thông tin tình hình thời sự trong nước, quốc tế nổi bật trong tháng; kết quả phát triển "
    "kinh tế - xã hội của xã; định hướng tuyên truyền các ngày lễ lớn.",
    "Thông tin về tình hình an ninh trật tự, phòng chống lừa đảo qua mạng; người dự nêu 4 ý "
    "kiến về giải phóng mặt bằng và đường giao thông nông thôn, đã chuyển UBND xã trả lời.",
    "Thông tin về chính sách mới có hiệu lực trong tháng (bảo hiểm xã hội, đất đai) và tiến "
    "độ xây dựng nông thôn mới; phát tài liệu hỏi - đáp cho các chi bộ.",
    "Thông tin về tình hình thời tiết, phòng chống thiên tai; kết quả thu ngân sách; các ý kiến "
    "của nhân dân được ghi nhận, báo cáo Thường trực Đảng ủy.",
]
REPORTER_NOTES = [
    "Cung cấp thông tin định hướng cho đội ngũ báo cáo viên, tuyên truyền viên các chi bộ; "
    "giao nhiệm vụ nắm bắt dư luận xã hội trong quý tới.",
    "Báo cáo viên cấp trên thông tin chuyên đề về bảo vệ nền tảng tư tưởng của Đảng; các chi bộ "
    "trao đổi cách tuyên truyền miệng ở khu dân cư.",
]


def _day_in(month: Period, rng: random.Random, last: datetime.date, low: int = 5) -> datetime.date:
    """A weekday of `month` from day `low`, never after `last`."""
    end = min(month.end, last)
    day = month.start.replace(day=min(low + rng.randint(0, 15), end.day))
    while day.weekday() >= 5 and day < end:
        day += datetime.timedelta(days=1)
    return min(day, end)


class _Year:
    """The activities of one unit over the demo's year, as drafts."""

    def __init__(self, unit: OrgUnit, *, today: datetime.date, rng: random.Random) -> None:
        self.unit, self.rng = unit, rng
        self.last = today - datetime.timedelta(days=1)  # nothing held today or later
        current = period_for(PeriodKind.MONTH, today)
        months = [current]
        while len(months) < MONTHS:
            months.insert(0, period_for(PeriodKind.MONTH, months[0].start - datetime.timedelta(1)))
        self.months = [m for m in months if m.start <= self.last]
        self.kinds = {kind.code: kind for kind in ActivityKind.objects.all()}
        self.drafts: list[ActivityDraft] = []
        self.where = unit.name.removeprefix("Đảng ủy ")  # "xã Lũng Sương"

    def add(self, kind: str, title: str, day: datetime.date, *, documents=(), **fields) -> None:
        if not (self.months[0].start <= day <= self.last):
            return
        activity = Activity(kind=self.kinds[kind], orgunit=self.unit, title=title,
                            held_on=day, **fields)  # fmt: skip
        self.drafts.append(ActivityDraft(activity, documents=[d for d in documents if d]))

    def people(self, low: int, high: int) -> dict[str, int]:
        """Attendance by category adding up to between `low` and `high`."""
        rng, total = self.rng, self.rng.randint(low, high)
        party = round(total * rng.uniform(0.35, 0.5))
        cadres = round(total * rng.uniform(0.05, 0.1))
        youth = round(total * rng.uniform(0.1, 0.2))
        association = round(total * rng.uniform(0.1, 0.2))
        public = max(0, total - party - cadres - youth - association)
        return {"party_members": party, "cadres": cadres, "youth_members": youth,
                "association_members": association, "public": public}  # fmt: skip


def _commune_year(year: _Year, documents: Callable[[str], Document | None]) -> None:
    rng, where = year.rng, year.where
    hall = f"Hội trường UBND {where}"
    for month in year.months:
        label = f"{month.start.month}/{month.start.year}"
        for _n in range(2 if rng.random() < 0.2 else 1):
            village = rng.randint(1, 6)
            place = hall if _n == 0 else f"Nhà văn hóa thôn {village}, {where}"
            year.add(
                "THONG_TIN_THOI_SU", f"Hội nghị thông tin thời sự tháng {label}",
                _day_in(month, rng, year.last, low=5 + 10 * _n),
                place=place, starts_at=datetime.time(7, 30), ends_at=datetime.time(10, 30),
                result_note=rng.choice(NEWS_NOTES), **year.people(60, 200),
            )  # fmt: skip
        if month.start.month % 3 == 0:
            quarter = (month.start.month - 1) // 3 + 1
            year.add(
                "HN_BAO_CAO_VIEN", f"Hội nghị báo cáo viên quý {quarter}/{month.start.year}",
                _day_in(month, rng, year.last, low=20),
                place=f"Hội trường Đảng ủy {where}", starts_at=datetime.time(14),
                ends_at=datetime.time(16, 30), result_note=rng.choice(REPORTER_NOTES),
                party_members=rng.randint(22, 38), cadres=rng.randint(4, 9),
            )  # fmt: skip


def _studies(
    year: _Year,
    documents: Callable[[str], Document | None],
    *,
    party: int,
    counted_since: datetime.date | None = None,
    place: str = "",
) -> None:
    """Study sessions of what came down: each some days after the document was issued.
    From `counted_since` on, the unit's members who studied are counted by a task's report
    (tracking.demo) for the half-year: a monthly figure beside it would count them twice,
    so its cells study the document in their "sinh hoạt chuyên đề", which feeds none."""
    rng = year.rng
    for symbol, subject, lag in [
        ("144-QĐ/TW", "Quy định số 144-QĐ/TW về chuẩn mực đạo đức cách mạng của cán bộ, "
         "đảng viên", 0),
        ("88-KL/TU", "Kết luận số 88-KL/TU của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện "
         "Nghị quyết số 09-NQ/TU", 8),
    ]:  # fmt: skip
        document = documents(symbol)
        if document is None or document.issued_on is None:
            continue
        plans = [documents("27-KH/BTGDVTU")] if symbol == "144-QĐ/TW" else []
        # Studied when it, or the plan that carries it down, reaches the unit in the year.
        arrived = max(d.issued_on or document.issued_on for d in [document, *plans] if d)
        if arrived < year.months[0].start:
            continue
        day = arrived + datetime.timedelta(days=lag + rng.randint(3, 12))
        kind, title = "HN_QUAN_TRIET", f"Hội nghị học tập, quán triệt {subject}"
        if counted_since is not None and day >= counted_since:
            kind, title = "SINH_HOAT_CHUYEN_DE", f"Sinh hoạt chuyên đề học tập {subject}"
        year.add(
            kind, title, day, documents=[document, *plans],
            place=place or f"Hội trường Đảng ủy {year.where}",
            starts_at=datetime.time(7, 30), ends_at=datetime.time(11, 30),
            party_members=round(party * rng.uniform(0.92, 0.99)), cadres=rng.randint(8, 25),
            result_note=f"{rng.randint(95, 99)}% cán bộ, đảng viên được học tập; các chi bộ "
            "viết bài thu hoạch và đưa nội dung vào sinh hoạt chuyên đề.",
        )  # fmt: skip


def _province_year(year: _Year, documents: Callable[[str], Document | None]) -> None:
    rng = year.rng
    for month in year.months:
        if month.start.month % 3 == 2:  # mid-quarter, before the communes' own
            quarter = (month.start.month - 1) // 3 + 1
            year.add(
                "HN_BAO_CAO_VIEN",
                f"Hội nghị báo cáo viên Tỉnh ủy quý {quarter}/{month.start.year}",
                _day_in(month, rng, year.last, low=10),
                place="Hội trường Tỉnh ủy Hòa Lâm", starts_at=datetime.time(8),
                ends_at=datetime.time(11, 30), materials="Tài liệu sinh hoạt báo cáo viên",
                result_note="Thông tin chuyên đề và định hướng tuyên truyền trong quý; kết nối "
                "trực tuyến đến 30 điểm cầu xã, phường.",
                party_members=rng.randint(140, 210), cadres=rng.randint(20, 40),
            )  # fmt: skip
    year.add(
        "TOA_DAM", "Hội thảo khoa học “Bảo vệ nền tảng tư tưởng của Đảng trong tình hình mới”",
        _day_in(year.months[len(year.months) // 2], rng, year.last),
        documents=[documents("35-NQ/TW"), documents("45-KH/TU")],
        place="Hội trường Tỉnh ủy Hòa Lâm", party_members=rng.randint(90, 130),
        cadres=rng.randint(10, 20), result_note="18 tham luận; kỷ yếu gửi các đảng bộ trực thuộc.",
    )  # fmt: skip


def _class(year: _Year, kind: str, title: str, month: Period, *, party: bool) -> None:
    rng = year.rng
    enrolled = rng.randint(26, 40)
    day = _day_in(month, rng, year.last - datetime.timedelta(days=5), low=8)
    counts = {"party_members": enrolled} if party else {"public": enrolled}
    year.add(
        kind, title, day, ends_on=day + datetime.timedelta(days=4), sessions=rng.choice((5, 6)),
        enrolled=enrolled, graduated=enrolled - rng.randint(0, 2),
        place=f"Hội trường Đảng ủy {year.where}", materials="Giáo trình của Trung ương",
        result_note="Học viên viết bài thu hoạch; kết quả khá, giỏi trên 70%.", **counts,
    )  # fmt: skip


def demo_activities_create(
    *, province_unit: OrgUnit, province_editor, communes: dict[OrgUnit, object],
    today: datetime.date, seed: int,
) -> set[tuple[str, str, str]]:  # fmt: skip
    """Record the demo's year of activities, each unit's by its editor (`communes`: unit →
    editor). Returns the (unit code, indicator code, period code) cells activities may feed
    in the units and months they cover."""
    rng = random.Random(seed + 17)  # noqa: S311  (reproducible demo data)
    found = {d.symbol: d for d in Document.objects.order_by("issued_on")}

    def documents(symbol: str) -> Document | None:
        return found.get(symbol)

    fed = set(ActivityFeed.objects.values_list("indicator__code", flat=True))
    cells: set[tuple[str, str, str]] = set()
    year = _Year(province_unit, today=today, rng=rng)
    _province_year(year, documents)
    hall = "Hội trường Tỉnh ủy (điểm cầu chính, trực tuyến đến các xã, phường)"
    _studies(year, documents, party=rng.randint(450, 650), place=hall)
    activities_import(user=province_editor, drafts=year.drafts, backdate=True)
    half = period_for(PeriodKind.HALF, today).start
    for index, (commune, editor) in enumerate(communes.items()):
        year = _Year(commune, today=today, rng=rng)
        _commune_year(year, documents)
        # The first is the example commune, whose task report counts its members studied.
        _studies(year, documents, party=rng.randint(180, 320),
                 counted_since=half if index == 0 else None)  # fmt: skip
        if index == 0:
            _class(year, "LOP_KET_NAP", "Lớp bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú",
                   year.months[4], party=False)  # fmt: skip
        elif index == 1:
            _class(year, "LOP_LLCT", "Lớp bồi dưỡng lý luận chính trị dành cho đảng viên mới",
                   year.months[7], party=True)  # fmt: skip
        activities_import(user=editor, drafts=year.drafts, backdate=True)
        cells |= {(commune.code, code, m.code) for m in year.months for code in fed}
    return cells
