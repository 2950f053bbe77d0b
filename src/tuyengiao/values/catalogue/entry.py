"""One indicator of the starter catalogue, and the groups the catalogue files them under."""

from dataclasses import dataclass

STUDY = "Học tập, quán triệt nghị quyết"
ORAL = "Tuyên truyền miệng"
THEORY = "Lý luận chính trị"
PRESS = "Báo chí, kênh thông tin"
CULTURE = "Văn hóa"
RATING = "Đánh giá, xếp loại"
BUDGET = "Kinh phí"


@dataclass(frozen=True)
class Entry:
    code: str
    name: str
    name_en: str
    group: str
    value_type: str = "count"
    aggregation: str = "sum"
    unit: str = ""
    formula: str = ""
    disaggregation: str = ""
    # What names it in narrative reports (issue 18 §1), for textkit.figures: "…" stands for
    # any words between ("quán triệt … lượt": "quán triệt Nghị quyết … với 312 lượt").
    phrases: tuple[str, ...] = ()
