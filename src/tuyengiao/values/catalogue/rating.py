"""The starter indicators a year closes on: the ratings of party members and grassroots
organisations (counted by level, their shares derived), and the funds spent."""

from tuyengiao.values.catalogue.entry import BUDGET, RATING, Entry


def _rating_share(subject: str, level: str, name: str, name_en: str) -> Entry:
    total = f"sum({subject}.HTXS, {subject}.HTT, {subject}.HT, {subject}.KHT)"
    return Entry(
        f"TY_LE_{subject}_{level}",
        name,
        name_en,
        RATING,
        "percent",
        unit="%",
        formula=f"{subject}.{level} / {total} * 100",
    )


RATING_INDICATORS = [
    Entry(
        "DV_XEP_LOAI",
        "Số đảng viên được đánh giá, xếp loại",
        "Party members rated",
        RATING,
        unit="đảng viên",
        disaggregation="XEP_LOAI",
        phrases=(
            "đảng viên được đánh giá, xếp loại",
            "đảng viên … xếp loại",
            "xếp loại … đảng viên",
            "đánh giá, xếp loại đảng viên",
            "đảng viên … đánh giá",
        ),
    ),
    _rating_share(
        "DV_XEP_LOAI",
        "HTXS",
        "Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ",
        "Share of members rated excellent",
    ),
    _rating_share(
        "DV_XEP_LOAI",
        "HTT",
        "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ",
        "Share of members rated good",
    ),
    _rating_share(
        "DV_XEP_LOAI",
        "HT",
        "Tỷ lệ đảng viên hoàn thành nhiệm vụ",
        "Share of members rated satisfactory",
    ),
    _rating_share(
        "DV_XEP_LOAI",
        "KHT",
        "Tỷ lệ đảng viên không hoàn thành nhiệm vụ",
        "Share of members rated unsatisfactory",
    ),
    Entry(
        "TCCS_XEP_LOAI",
        "Số tổ chức cơ sở đảng được đánh giá, xếp loại",
        "Grassroots organisations rated",
        RATING,
        unit="tổ chức",
        disaggregation="XEP_LOAI",
        phrases=(
            "tổ chức cơ sở đảng",
            "tổ chức cơ sở đảng được đánh giá, xếp loại",
            "chi bộ được đánh giá",
            "chi bộ … xếp loại",
            "chi, đảng bộ",
            "chi bộ … hoàn thành",
        ),
    ),
    _rating_share(
        "TCCS_XEP_LOAI",
        "HTXS",
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ",
        "Share of organisations rated excellent",
    ),
    Entry(
        "KINH_PHI",
        "Kinh phí",
        "Funds",
        BUDGET,
        "money",
        unit="đồng",
        phrases=(
            "kinh phí … đồng",
            "tổng kinh phí … đồng",
            "kinh phí thực hiện … đồng",
            "kinh phí tuyên truyền … đồng",
            "chi … đồng cho công tác tuyên truyền",
        ),
    ),
]
