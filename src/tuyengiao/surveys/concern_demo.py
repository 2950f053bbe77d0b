"""A year of concerns in the demo province: what a few communes, wards and their grassroots
cells heard each month by topic, with the seasons such reports show (prices and social
security before Tết, the environment in the rainy months, schools in August and September,
land clearance where a road is being built), and one topic clearly rising: pavements and
urban order in a ward (phường Hoa Sữa), for which the province opens a task.

Written as the units would: each month by its units' editors through `concerns_save_many`
(one write of the core each), the summaries
through the same redaction. The province's task goes through `concern_task_open`.
"""

import datetime
import random
from collections.abc import Mapping

from django.utils import timezone

from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.surveys.concern_selectors import months_back, task_draft
from tuyengiao.surveys.concerns import (
    ConcernRow,
    concern_task_open,
    concern_topics,
    concerns_save_many,
    current_month,
)
from tuyengiao.surveys.models import ConcernTask
from tuyengiao.values.periods import Period

# A year and its last month a year before, for the comparison with the same month.
MONTHS = 13
RISING = "TRAT_TU_DO_THI"
# (unit code suffix, kind): the communes and wards that report, and a few of their cells.
REPORTING = ["X01", "X02", "X03", "P01", "P02"]
CELLS = ["X01-T01", "X01-T02", "P02-T01", "P02-T02", "P02-T03"]
RISING_WARD = "P02"  # phường Hoa Sữa

# Topic → (usual count a unit hears a month, months that bring more, how many times more).
PATTERNS: dict[str, tuple[float, set[int], float]] = {
    "DAT_DAI": (2.0, set(), 1.0),
    "GPMB": (1.0, {5, 6, 7, 8}, 2.5),
    "QUY_HOACH": (0.8, {3, 4}, 2.0),
    "MOI_TRUONG": (1.2, {6, 7, 8, 9}, 2.2),
    "AN_SINH": (1.5, {1, 2, 9, 10}, 2.0),
    "GIA_CA": (1.2, {1, 2, 9}, 2.3),
    "TRAT_TU_DO_THI": (0.6, set(), 1.0),
    "Y_TE_GIAO_DUC": (1.0, {8, 9}, 2.5),
    "CAN_BO": (0.4, set(), 1.0),
    "KHAC": (0.8, set(), 1.0),
}
# In wards, pavements and urban order are heard about far more than in a village.
WARD_URBAN = 4.0
# Land clearance heard about where the provincial road is being widened (xã Bến Trăng).
CLEARANCE = "X02"

SUMMARIES = {
    "GPMB": "Nhiều hộ dân đề nghị công khai phương án bồi thường, hỗ trợ, tái định cư của dự "
    "án mở rộng tuyến đường tỉnh; một số hộ chưa đồng thuận với đơn giá đất nông nghiệp.",
    "MOI_TRUONG": "Phản ánh tình trạng ngập úng cục bộ sau mưa lớn và rác thải tồn đọng tại "
    "điểm tập kết; đề nghị nạo vét cống thoát nước, tăng tần suất thu gom.",
    "AN_SINH": "Hỏi về chế độ trợ cấp xã hội hằng tháng, thẻ bảo hiểm y tế cho người cao tuổi "
    "và hỗ trợ hộ nghèo dịp Tết.",
    "GIA_CA": "Lo ngại giá điện, giá xăng và giá một số mặt hàng thiết yếu tăng trong tháng; "
    "đề nghị tăng cường kiểm tra, bình ổn giá.",
    "Y_TE_GIAO_DUC": "Phản ánh các khoản thu đầu năm học và tình trạng quá tải ở trạm y tế vào "
    "giờ cao điểm.",
    RISING: "Nhiều hộ dân phản ánh tình trạng lấn chiếm vỉa hè để kinh doanh, trông giữ xe "
    "trên các tuyến phố chính và quanh chợ, gây cản trở người đi bộ; đề nghị phường kiên "
    "quyết xử lý, bố trí điểm trông giữ xe và công khai kết quả.",
}


def _count(rng: random.Random, mean: float) -> int:
    """A count around `mean`: whole, never below zero, spread as small counts are."""
    return max(0, round(rng.gauss(mean, max(0.8, mean * 0.35))))


def _rows(
    rng: random.Random, code: str, month: Period, index: int, *, is_cell: bool
) -> list[ConcernRow]:
    ward = code.split("-")[1].startswith("P")
    scale = 0.6 if is_cell else 1.0
    rows = []
    for topic, (base, season, factor) in PATTERNS.items():
        mean = base * scale * (factor if month.start.month in season else 1.0)
        if topic == RISING and ward:
            mean *= WARD_URBAN
            if RISING_WARD in code:
                # The last two months rise clearly (a market's stalls spread onto pavements).
                mean *= {MONTHS - 2: 1.8, MONTHS - 1: 3.6}.get(index, 1.0)
        if topic == "GPMB" and CLEARANCE in code:
            mean *= 3
        heard = _count(rng, mean)
        if not heard:
            continue
        resolved = min(heard, round(heard * rng.uniform(0.5, 0.85)))
        passed_up = min(heard - resolved, round(heard * rng.uniform(0.05, 0.2)))
        # A summary for the topics that stand out in the last months.
        summary = ""
        if topic in SUMMARIES and index >= MONTHS - 3 and heard >= 3 and rng.random() < 0.6:
            summary = SUMMARIES[topic]
        if topic == RISING and RISING_WARD in code and index >= MONTHS - 2:
            summary = SUMMARIES[RISING]
        rows.append(ConcernRow(topic, heard=heard, resolved=resolved, passed_up=passed_up,
                               summary=summary))  # fmt: skip
    return rows


def demo_concerns_create(
    *,
    province: OrgUnit,
    editors: Mapping[int, object],
    setter,
    today: datetime.date | None = None,
    seed: int = 2025,
) -> ConcernTask:
    """Record the demo's year of concerns and open the province's task for the rising topic.

    `editors`: unit id → the editor of that commune or ward (a cell's figures are typed by
    its commune's editor); `setter`: an editor of the province, who opens the task."""
    rng = random.Random(seed + 19)  # noqa: S311  (reproducible demo data)
    today = today or timezone.localdate()
    prefix = province.code
    codes = [f"{prefix}-{c}" for c in REPORTING + CELLS]
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    # The year of whole months up to the last one: the overview's default span.
    months = months_back(current_month(today).previous(), MONTHS)
    assert {t.code for t in concern_topics()} >= PATTERNS.keys()
    cells = {f"{prefix}-{c}" for c in CELLS}
    # Each editor's year in one write of the core (5 writes, not 60: a write a month would
    # date each month's figures, for a history nobody reads, at twice the time).
    by_editor: dict[object, list] = {}
    for index, month in enumerate(months):
        for code in codes:
            unit = units.get(code)
            if unit is None:
                continue
            # A cell's figures are typed by its commune's editor.
            commune = units.get(code.rsplit("-", 1)[0]) if code in cells else unit
            editor = editors.get((commune or unit).pk, setter)
            rows = _rows(rng, code, month, index, is_cell=code in cells)
            by_editor.setdefault(editor, []).append((unit, month, rows))
    for editor, entries in by_editor.items():
        concerns_save_many(user=editor, months=entries)
    ward = units[f"{prefix}-{RISING_WARD}"]
    topic = next(t for t in concern_topics() if t.code == RISING)
    title, description = task_draft(setter, unit=ward, topic=topic, period=months[-1])
    return concern_task_open(
        user=setter, holder=province, orgunit=ward, topic=topic, period=months[-1],
        title=title, description=description, deadline=today + datetime.timedelta(days=30),
    )  # fmt: skip
