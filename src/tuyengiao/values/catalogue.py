"""The starter catalogue of indicators (DOMAIN.md §4), drawn from real reports.

Seeded by a migration on every new database; a code already present is left as the
department edited it. Rates are derived from counts (a ratio of sums rolls up right; an
average of communes' percentages does not), and ratings are counted by level so that the
four percentages add up to 100 by construction.
"""

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


DISAGGREGATIONS = {
    "TRINH_DO_LLCT": (
        "Trình độ lý luận chính trị",
        "Level of political theory training",
        [
            ("SO_CAP", "Sơ cấp", "Elementary"),
            ("TRUNG_CAP", "Trung cấp", "Intermediate"),
            ("CAO_CAP", "Cao cấp", "Advanced"),
        ],
    ),
    "XEP_LOAI": (
        "Mức xếp loại chất lượng",
        "Quality rating",
        [
            ("HTXS", "Hoàn thành xuất sắc nhiệm vụ", "Excellent"),
            ("HTT", "Hoàn thành tốt nhiệm vụ", "Good"),
            ("HT", "Hoàn thành nhiệm vụ", "Satisfactory"),
            ("KHT", "Không hoàn thành nhiệm vụ", "Unsatisfactory"),
        ],
    ),
}


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


CATALOGUE = [
    Entry(
        "HN_QUAN_TRIET",
        "Số hội nghị học tập, quán triệt nghị quyết",
        "Study sessions on resolutions",
        STUDY,
        unit="hội nghị",
    ),
    Entry(
        "LUOT_QUAN_TRIET",
        "Số lượt cán bộ, đảng viên tham gia học tập, quán triệt",
        "Attendances of cadres and members at study sessions",
        STUDY,
        unit="lượt",
    ),
    Entry(
        "DV_DUOC_HOC",
        "Số đảng viên được học tập nghị quyết",
        "Party members who studied the resolution",
        STUDY,
        unit="đảng viên",
    ),
    Entry(
        "DV_TONG", "Tổng số đảng viên", "Party members", STUDY, aggregation="last", unit="đảng viên"
    ),
    Entry(
        "TY_LE_DV_HOC",
        "Tỷ lệ đảng viên được học tập nghị quyết",
        "Share of party members who studied the resolution",
        STUDY,
        "percent",
        unit="%",
        formula="DV_DUOC_HOC / DV_TONG * 100",
    ),
    Entry(
        "SO_BAO_CAO_VIEN",
        "Số báo cáo viên",
        "Reporters (báo cáo viên)",
        ORAL,
        aggregation="last",
        unit="người",
    ),
    Entry(
        "SO_TUYEN_TRUYEN_VIEN",
        "Số tuyên truyền viên",
        "Propagandists",
        ORAL,
        aggregation="last",
        unit="người",
    ),
    Entry(
        "HN_BAO_CAO_VIEN", "Số hội nghị báo cáo viên", "Reporter conferences", ORAL, unit="hội nghị"
    ),
    Entry(
        "HN_THONG_TIN_THOI_SU",
        "Số hội nghị thông tin thời sự",
        "Current-affairs briefings",
        ORAL,
        unit="hội nghị",
    ),
    Entry("LUOT_NGUOI_NGHE", "Số lượt người nghe", "Listeners", ORAL, unit="lượt người"),
    Entry("LOP_BOI_DUONG", "Số lớp đào tạo, bồi dưỡng", "Training classes", THEORY, unit="lớp"),
    Entry("HOC_VIEN", "Số học viên", "Trainees", THEORY, unit="học viên"),
    Entry(
        "CB_DAO_TAO_LLCT",
        "Số cán bộ được cử đi đào tạo lý luận chính trị",
        "Cadres sent to political theory training",
        THEORY,
        unit="cán bộ",
        disaggregation="TRINH_DO_LLCT",
    ),
    Entry(
        "CHUONG_TRINH_PT_TH",
        "Số chương trình phát thanh, truyền hình",
        "Radio and television programmes",
        PRESS,
        unit="chương trình",
    ),
    Entry(
        "TIN_BAI_PHONG_SU",
        "Số tin, bài, phóng sự",
        "News items, articles and reports",
        PRESS,
        unit="tin, bài",
    ),
    Entry(
        "TIN_BAI_CONG_TTDT",
        "Số tin bài trên cổng/trang thông tin điện tử",
        "Items on the web portal",
        PRESS,
        unit="tin, bài",
    ),
    Entry(
        "TRANG_MXH",
        "Số trang fanpage, nhóm Zalo chính thức",
        "Official fan pages and Zalo groups",
        PRESS,
        aggregation="last",
        unit="trang",
    ),
    Entry(
        "TRAM_TRUYEN_THANH",
        "Số trạm truyền thanh, cụm loa",
        "Radio stations and loudspeaker clusters",
        PRESS,
        aggregation="last",
        unit="cụm",
    ),
    Entry(
        "DOI_VAN_NGHE",
        "Số đội văn nghệ quần chúng",
        "Amateur art troupes",
        CULTURE,
        aggregation="last",
        unit="đội",
    ),
    Entry(
        "CQ_VAN_HOA",
        "Số cơ quan đạt chuẩn văn hóa",
        "Agencies meeting the cultural standard",
        CULTURE,
        aggregation="last",
        unit="cơ quan",
    ),
    Entry("CQ_TONG", "Tổng số cơ quan", "Agencies", CULTURE, aggregation="last", unit="cơ quan"),
    Entry(
        "TY_LE_CQ_VAN_HOA",
        "Tỷ lệ cơ quan đạt chuẩn văn hóa",
        "Share of agencies meeting the cultural standard",
        CULTURE,
        "percent",
        unit="%",
        formula="CQ_VAN_HOA / CQ_TONG * 100",
    ),
    Entry(
        "KDC_VAN_HOA",
        "Số khu dân cư đạt chuẩn văn hóa",
        "Residential areas meeting the cultural standard",
        CULTURE,
        aggregation="last",
        unit="khu dân cư",
    ),
    Entry(
        "KDC_TONG",
        "Tổng số khu dân cư",
        "Residential areas",
        CULTURE,
        aggregation="last",
        unit="khu dân cư",
    ),
    Entry(
        "TY_LE_KDC_VAN_HOA",
        "Tỷ lệ khu dân cư đạt chuẩn văn hóa",
        "Share of residential areas meeting the cultural standard",
        CULTURE,
        "percent",
        unit="%",
        formula="KDC_VAN_HOA / KDC_TONG * 100",
    ),
    Entry(
        "GD_VAN_HOA",
        "Số gia đình đạt danh hiệu “Gia đình văn hóa”",
        "Cultural families",
        CULTURE,
        aggregation="last",
        unit="hộ",
    ),
    Entry("GD_TONG", "Tổng số hộ gia đình", "Households", CULTURE, aggregation="last", unit="hộ"),
    Entry(
        "TY_LE_GD_VAN_HOA",
        "Tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa”",
        "Share of cultural families",
        CULTURE,
        "percent",
        unit="%",
        formula="GD_VAN_HOA / GD_TONG * 100",
    ),
    Entry("NGHE_NHAN", "Số nghệ nhân", "Artisans", CULTURE, aggregation="last", unit="người"),
    Entry(
        "CLB_BAO_TON",
        "Số câu lạc bộ bảo tồn văn hóa",
        "Cultural heritage clubs",
        CULTURE,
        aggregation="last",
        unit="câu lạc bộ",
    ),
    Entry(
        "LICH_SU_DANG_BO",
        "Đã hoàn thành biên soạn lịch sử Đảng bộ",
        "Local party history book completed",
        CULTURE,
        "yes_no",
        aggregation="last",
        unit="xã",
    ),
    Entry(
        "DV_XEP_LOAI",
        "Số đảng viên được đánh giá, xếp loại",
        "Party members rated",
        RATING,
        unit="đảng viên",
        disaggregation="XEP_LOAI",
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
    ),
    _rating_share(
        "TCCS_XEP_LOAI",
        "HTXS",
        "Tỷ lệ tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ",
        "Share of organisations rated excellent",
    ),
    Entry("KINH_PHI", "Kinh phí", "Funds", BUDGET, "money", unit="đồng"),
]


def catalogue_seed(apps) -> int:
    """Create the catalogue's missing entries; returns how many were created. Takes the
    migration's `apps` (or `django.apps.apps`) so the data migration can call it."""
    indicator_model = _model(apps, "Indicator")
    disaggregation_model = _model(apps, "Disaggregation")
    option_model = _model(apps, "DisaggregationOption")
    breakdowns = {}
    for code, (name, name_en, options) in DISAGGREGATIONS.items():
        breakdown, created = disaggregation_model.objects.get_or_create(
            code=code, defaults={"name": name, "name_en": name_en}
        )
        if created:
            for order, (option, option_name, option_en) in enumerate(options, start=1):
                option_model.objects.create(
                    disaggregation=breakdown,
                    code=option,
                    name=option_name,
                    name_en=option_en,
                    sort_order=order * 10,
                )
        breakdowns[code] = breakdown
    created_count = 0
    for order, entry in enumerate(CATALOGUE, start=1):
        _, created = indicator_model.objects.get_or_create(
            code=entry.code,
            defaults={
                "name": entry.name,
                "name_en": entry.name_en,
                "group": entry.group,
                "value_type": entry.value_type,
                "aggregation": entry.aggregation,
                "unit_of_measure": entry.unit,
                "formula": entry.formula,
                "disaggregation": breakdowns.get(entry.disaggregation),
                "sort_order": order * 10,
            },
        )
        created_count += created
    return created_count


def _model(apps, name: str):
    """The model in `apps`: under `values`, or under `reporting` in the migrations that ran
    before the values core left it."""
    try:
        return apps.get_model("values", name)
    except LookupError:
        return apps.get_model("reporting", name)
