"""The starter catalogue of indicators (DOMAIN.md §4), drawn from real reports.

Seeded by a migration on every new database; a code already present is left as the
department edited it. Rates are derived from counts (a ratio of sums rolls up right; an
average of communes' percentages does not), and ratings are counted by level so that the
four percentages add up to 100 by construction.
"""

from collections.abc import Mapping, Sequence
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


# What names a breakdown's option in reports, by (indicator code, option code).
_LLCT = {
    "SO_CAP": ("sơ cấp", "sơ cấp lý luận chính trị"),
    "TRUNG_CAP": ("trung cấp", "trung cấp lý luận chính trị", "trung cấp chính trị"),
    "CAO_CAP": ("cao cấp", "cao cấp lý luận chính trị", "cao cấp chính trị"),
}
_RATING = {
    "HTXS": ("hoàn thành xuất sắc nhiệm vụ", "hoàn thành xuất sắc"),
    "HTT": ("hoàn thành tốt nhiệm vụ", "hoàn thành tốt"),
    "HT": ("hoàn thành nhiệm vụ",),
    "KHT": ("không hoàn thành nhiệm vụ", "không hoàn thành"),
}
OPTION_PHRASES: dict[tuple[str, str], tuple[str, ...]] = {
    **{("CB_DAO_TAO_LLCT", option): phrases for option, phrases in _LLCT.items()},
    **{("DV_XEP_LOAI", option): phrases for option, phrases in _RATING.items()},
    **{("TCCS_XEP_LOAI", option): phrases for option, phrases in _RATING.items()},
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
        phrases=(
            "hội nghị học tập, quán triệt",
            "HN học tập, quán triệt",
            "HN quán triệt",
            "hội nghị nghiên cứu, học tập, quán triệt",
            "hội nghị quán triệt",
            "hội nghị học tập",
            "hội nghị triển khai, quán triệt",
            "hội nghị … quán triệt",
            "quán triệt … hội nghị",
            "buổi học tập, quán triệt",
        ),
    ),
    Entry(
        "LUOT_QUAN_TRIET",
        "Số lượt cán bộ, đảng viên tham gia học tập, quán triệt",
        "Attendances of cadres and members at study sessions",
        STUDY,
        unit="lượt",
        phrases=(
            "quán triệt … lượt",
            "học tập … lượt",
            "quán triệt … cán bộ, đảng viên",
            "quán triệt … người tham dự",
            "lượt cán bộ, đảng viên tham gia học tập",
            "lượt đảng viên … học tập",
            "lượt người học tập",
        ),
    ),
    Entry(
        "DV_DUOC_HOC",
        "Số đảng viên được học tập nghị quyết",
        "Party members who studied the resolution",
        STUDY,
        unit="đảng viên",
        phrases=(
            "đảng viên được học tập",
            "đảng viên … được học tập",
            "đảng viên được quán triệt",
            "đảng viên … được quán triệt",
            "đảng viên tham gia học tập",
            "số đảng viên được học tập nghị quyết",
            "học tập cho … đảng viên",
            "quán triệt cho … đảng viên",
            "quán triệt … đảng viên tham gia",
            "quán triệt … đảng viên tham dự",
            "học tập … đảng viên tham gia",
        ),
    ),
    Entry(
        "DV_TONG",
        "Tổng số đảng viên",
        "Party members",
        STUDY,
        aggregation="last",
        unit="đảng viên",
        phrases=(
            "tổng số đảng viên",
            "đảng bộ … có … đảng viên",
            "hiện có … đảng viên",
            "đảng viên trong toàn đảng bộ",
            "tổng số … đảng viên",
        ),
    ),
    Entry(
        "TY_LE_DV_HOC",
        "Tỷ lệ đảng viên được học tập nghị quyết",
        "Share of party members who studied the resolution",
        STUDY,
        "percent",
        unit="%",
        formula="DV_DUOC_HOC / DV_TONG * 100",
        phrases=(
            "đảng viên … học tập",
            "đảng viên … quán triệt",
            "tỷ lệ đảng viên được học tập",
            "học tập … đảng viên",
            "quán triệt … đảng viên",
            "đảng viên được học tập",
        ),
    ),
    Entry(
        "SO_BAO_CAO_VIEN",
        "Số báo cáo viên",
        "Reporters (báo cáo viên)",
        ORAL,
        aggregation="last",
        unit="người",
        phrases=(
            "báo cáo viên",
            "BCV",
            "đội ngũ BCV",
            "đội ngũ báo cáo viên",
            "báo cáo viên các cấp",
            "báo cáo viên cấp huyện",
            "báo cáo viên cấp tỉnh",
        ),
    ),
    Entry(
        "SO_TUYEN_TRUYEN_VIEN",
        "Số tuyên truyền viên",
        "Propagandists",
        ORAL,
        aggregation="last",
        unit="người",
        phrases=(
            "tuyên truyền viên",
            "TTV",
            "đội ngũ TTV",
            "đội ngũ tuyên truyền viên",
            "tuyên truyền viên cơ sở",
        ),
    ),
    Entry(
        "HN_BAO_CAO_VIEN",
        "Số hội nghị báo cáo viên",
        "Reporter conferences",
        ORAL,
        unit="hội nghị",
        phrases=(
            "hội nghị báo cáo viên",
            "HN báo cáo viên",
            "HN BCV",
            "hội nghị báo cáo viên định kỳ",
            "hội nghị báo cáo viên … hội nghị",
            "buổi sinh hoạt báo cáo viên",
        ),
    ),
    Entry(
        "HN_THONG_TIN_THOI_SU",
        "Số hội nghị thông tin thời sự",
        "Current-affairs briefings",
        ORAL,
        unit="hội nghị",
        phrases=(
            "hội nghị thông tin thời sự",
            "HN thông tin thời sự",
            "HN thông báo thời sự",
            "hội nghị thông báo thời sự",
            "buổi thông tin thời sự",
            "buổi sinh hoạt thời sự",
            "hội nghị thông tin chuyên đề",
            "thông tin thời sự … hội nghị",
            "thông tin thời sự … buổi",
        ),
    ),
    Entry(
        "LUOT_NGUOI_NGHE",
        "Số lượt người nghe",
        "Listeners",
        ORAL,
        unit="lượt người",
        phrases=(
            "lượt người nghe",
            "người nghe",
            "thời sự … người tham dự",
            "thời sự … người dự",
            "báo cáo viên … người tham dự",
            "báo cáo viên … người dự",
            "tuyên truyền miệng … người tham dự",
            "lượt cán bộ, đảng viên và nhân dân",
            "lượt cán bộ, đảng viên và nhân dân tham dự",
            "thông tin thời sự … lượt",
            "báo cáo viên … lượt",
            "tuyên truyền miệng … lượt",
            "đại biểu tham dự",
            "đại biểu dự",
            "báo cáo viên … đại biểu",
            "thời sự … đại biểu",
            "thời sự … cho … cán bộ",
            "báo cáo viên … cho … cán bộ",
            "thời sự … cho … người",
            "thời sự … người",
        ),
    ),
    Entry(
        "LOP_BOI_DUONG",
        "Số lớp đào tạo, bồi dưỡng",
        "Training classes",
        THEORY,
        unit="lớp",
        phrases=(
            "lớp bồi dưỡng",
            "lớp đào tạo",
            "lớp đào tạo, bồi dưỡng",
            "lớp bồi dưỡng lý luận chính trị",
            "lớp sơ cấp",
            "lớp trung cấp",
            "lớp cao cấp",
            "lớp đảng viên mới",
            "lớp nhận thức về đảng",
            "lớp bồi dưỡng chính trị",
            "lớp tập huấn",
            "mở … lớp",
            "tổng cộng … lớp",
            "tổng số lớp",
            "tổng số … lớp",
        ),
    ),
    Entry(
        "HOC_VIEN",
        "Số học viên",
        "Trainees",
        THEORY,
        unit="học viên",
        phrases=(
            "học viên",
            "lớp … học viên",
            "lớp … cho … quần chúng",
            "bồi dưỡng … cho … quần chúng",
            "lớp … cho … đảng viên",
            "lớp … cho … học viên",
        ),
    ),
    Entry(
        "CB_DAO_TAO_LLCT",
        "Số cán bộ được cử đi đào tạo lý luận chính trị",
        "Cadres sent to political theory training",
        THEORY,
        unit="cán bộ",
        disaggregation="TRINH_DO_LLCT",
        phrases=(
            "cử … đi học",
            "đi học",
            "được cử đi đào tạo",
            "cử … đi đào tạo",
            "theo học",
            "được cử",
            "cử … tham gia",
        ),
    ),
    Entry(
        "CHUONG_TRINH_PT_TH",
        "Số chương trình phát thanh, truyền hình",
        "Radio and television programmes",
        PRESS,
        unit="chương trình",
        phrases=(
            "chương trình phát thanh",
            "chương trình truyền hình",
            "chương trình phát thanh, truyền hình",
            "chuyên mục phát thanh",
            "chương trình phát thanh … truyền hình",
        ),
    ),
    Entry(
        "TIN_BAI_PHONG_SU",
        "Số tin, bài, phóng sự",
        "News items, articles and reports",
        PRESS,
        unit="tin, bài",
        phrases=(
            "tin, bài",
            "tin bài",
            "tin, bài, phóng sự",
            "phóng sự",
            "bài viết",
            "tin, ảnh",
            "bài tuyên truyền",
        ),
    ),
    Entry(
        "TIN_BAI_CONG_TTDT",
        "Số tin bài trên cổng/trang thông tin điện tử",
        "Items on the web portal",
        PRESS,
        unit="tin, bài",
        phrases=(
            "cổng thông tin điện tử … tin, bài",
            "cổng thông tin điện tử … tin",
            "cổng thông tin điện tử … bài",
            "trang thông tin điện tử … tin, bài",
            "trang TTĐT … tin, bài",
            "cổng TTĐT … tin, bài",
            "trang TTĐT … tin",
            "trang thông tin điện tử … tin",
            "trang thông tin điện tử … bài",
            "trang tin điện tử … tin",
            "website … tin, bài",
        ),
    ),
    Entry(
        "TRANG_MXH",
        "Số trang fanpage, nhóm Zalo chính thức",
        "Official fan pages and Zalo groups",
        PRESS,
        aggregation="last",
        unit="trang",
        phrases=(
            "trang fanpage",
            "fanpage",
            "nhóm zalo",
            "trang facebook",
            "trang mạng xã hội",
            "trang chính thức",
            "tài khoản mạng xã hội",
            "kênh tiktok",
            "kênh youtube",
        ),
    ),
    Entry(
        "TRAM_TRUYEN_THANH",
        "Số trạm truyền thanh, cụm loa",
        "Radio stations and loudspeaker clusters",
        PRESS,
        aggregation="last",
        unit="cụm",
        phrases=(
            "cụm loa",
            "cụm loa truyền thanh",
            "trạm truyền thanh",
            "trạm truyền thanh, cụm loa",
            "tổng số cụm loa",
            "loa truyền thanh",
        ),
    ),
    Entry(
        "DOI_VAN_NGHE",
        "Số đội văn nghệ quần chúng",
        "Amateur art troupes",
        CULTURE,
        aggregation="last",
        unit="đội",
        phrases=(
            "đội văn nghệ",
            "đội văn nghệ quần chúng",
            "đội văn nghệ … đội",
            "đội văn nghệ, câu lạc bộ văn nghệ",
        ),
    ),
    Entry(
        "CQ_VAN_HOA",
        "Số cơ quan đạt chuẩn văn hóa",
        "Agencies meeting the cultural standard",
        CULTURE,
        aggregation="last",
        unit="cơ quan",
        phrases=(
            "cơ quan đạt chuẩn văn hóa",
            "cơ quan, đơn vị đạt chuẩn văn hóa",
            "cơ quan … đạt chuẩn văn hóa",
            "cơ quan văn hóa",
            "đơn vị đạt chuẩn văn hóa",
            "doanh nghiệp đạt chuẩn văn hóa",
            "đơn vị … đạt chuẩn văn hóa",
            "cơ quan, đơn vị văn hóa",
        ),
    ),
    Entry(
        "CQ_TONG",
        "Tổng số cơ quan",
        "Agencies",
        CULTURE,
        aggregation="last",
        unit="cơ quan",
        phrases=(
            "tổng số cơ quan",
            "tổng số cơ quan, đơn vị",
            "tổng số … cơ quan",
        ),
    ),
    Entry(
        "TY_LE_CQ_VAN_HOA",
        "Tỷ lệ cơ quan đạt chuẩn văn hóa",
        "Share of agencies meeting the cultural standard",
        CULTURE,
        "percent",
        unit="%",
        formula="CQ_VAN_HOA / CQ_TONG * 100",
        phrases=(
            "cơ quan … đạt chuẩn văn hóa",
            "cơ quan đạt chuẩn văn hóa",
            "đơn vị đạt chuẩn văn hóa",
            "cơ quan … văn hóa",
            "tỷ lệ cơ quan đạt chuẩn văn hóa",
            "đơn vị … đạt chuẩn văn hóa",
            "đơn vị … văn hóa",
        ),
    ),
    Entry(
        "KDC_VAN_HOA",
        "Số khu dân cư đạt chuẩn văn hóa",
        "Residential areas meeting the cultural standard",
        CULTURE,
        aggregation="last",
        unit="khu dân cư",
        phrases=(
            "khu dân cư văn hóa",
            "khu dân cư đạt danh hiệu văn hóa",
            "khu dân cư … văn hóa",
            "thôn văn hóa",
            "thôn … văn hóa",
            "ấp văn hóa",
            "ấp … văn hóa",
            "khu phố văn hóa",
            "khu phố … văn hóa",
            "làng văn hóa",
            "tổ dân phố văn hóa",
            "tổ dân phố … văn hóa",
            "bản văn hóa",
            "khối … văn hóa",
            "xóm … văn hóa",
            "buôn … văn hóa",
            "làng … văn hóa",
        ),
    ),
    Entry(
        "KDC_TONG",
        "Tổng số khu dân cư",
        "Residential areas",
        CULTURE,
        aggregation="last",
        unit="khu dân cư",
        phrases=(
            "tổng số khu dân cư",
            "tổng số thôn",
            "tổng số khu phố",
            "tổng số ấp",
            "tổng số tổ dân phố",
            "tổng số … khu dân cư",
        ),
    ),
    Entry(
        "TY_LE_KDC_VAN_HOA",
        "Tỷ lệ khu dân cư đạt chuẩn văn hóa",
        "Share of residential areas meeting the cultural standard",
        CULTURE,
        "percent",
        unit="%",
        formula="KDC_VAN_HOA / KDC_TONG * 100",
        phrases=(
            "khu dân cư … văn hóa",
            "thôn … văn hóa",
            "ấp … văn hóa",
            "khu phố … văn hóa",
            "tổ dân phố … văn hóa",
            "bản … văn hóa",
            "làng văn hóa",
            "khối … văn hóa",
            "xóm … văn hóa",
            "buôn … văn hóa",
            "làng … văn hóa",
            "tỷ lệ khu dân cư đạt chuẩn văn hóa",
        ),
    ),
    Entry(
        "GD_VAN_HOA",
        "Số gia đình đạt danh hiệu “Gia đình văn hóa”",
        "Cultural families",
        CULTURE,
        aggregation="last",
        unit="hộ",
        phrases=(
            "gia đình văn hóa",
            "hộ gia đình văn hóa",
            "hộ … gia đình văn hóa",
            "hộ đạt danh hiệu gia đình văn hóa",
            "gia đình đạt danh hiệu gia đình văn hóa",
            "hộ gia đình đạt danh hiệu văn hóa",
        ),
    ),
    Entry(
        "GD_TONG",
        "Tổng số hộ gia đình",
        "Households",
        CULTURE,
        aggregation="last",
        unit="hộ",
        phrases=(
            "tổng số hộ",
            "tổng số hộ gia đình",
            "tổng số … hộ",
            "hộ gia đình trên địa bàn",
        ),
    ),
    Entry(
        "TY_LE_GD_VAN_HOA",
        "Tỷ lệ gia đình đạt danh hiệu “Gia đình văn hóa”",
        "Share of cultural families",
        CULTURE,
        "percent",
        unit="%",
        formula="GD_VAN_HOA / GD_TONG * 100",
        phrases=(
            "gia đình văn hóa",
            "hộ … gia đình văn hóa",
            "hộ gia đình đạt danh hiệu văn hóa",
            "tỷ lệ gia đình văn hóa",
            "tỷ lệ hộ gia đình văn hóa",
        ),
    ),
    Entry(
        "NGHE_NHAN",
        "Số nghệ nhân",
        "Artisans",
        CULTURE,
        aggregation="last",
        unit="người",
        phrases=(
            "nghệ nhân",
            "nghệ nhân dân gian",
            "nghệ nhân ưu tú",
            "nghệ nhân nhân dân",
        ),
    ),
    Entry(
        "CLB_BAO_TON",
        "Số câu lạc bộ bảo tồn văn hóa",
        "Cultural heritage clubs",
        CULTURE,
        aggregation="last",
        unit="câu lạc bộ",
        phrases=(
            "câu lạc bộ bảo tồn",
            "câu lạc bộ bảo tồn văn hóa",
            "câu lạc bộ … bảo tồn",
            "câu lạc bộ dân ca",
            "câu lạc bộ đờn ca tài tử",
            "câu lạc bộ cồng chiêng",
            "đội cồng chiêng",
            "đội chiêng",
            "câu lạc bộ hát then",
            "câu lạc bộ văn hóa dân gian",
            "câu lạc bộ hát xoan",
            "câu lạc bộ quan họ",
            "clb bảo tồn",
        ),
    ),
    Entry(
        "LICH_SU_DANG_BO",
        "Đã hoàn thành biên soạn lịch sử Đảng bộ",
        "Local party history book completed",
        CULTURE,
        "yes_no",
        aggregation="last",
        unit="xã",
        phrases=(
            "lịch sử đảng bộ",
            "biên soạn lịch sử đảng bộ",
            "sách lịch sử đảng bộ",
        ),
    ),
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


def catalogue_seed(
    apps,
    *,
    entries: Sequence[Entry] = CATALOGUE,
    disaggregations: Mapping[str, tuple] = DISAGGREGATIONS,
) -> int:
    """Create the catalogue's missing entries; returns how many were created. Takes the
    migration's `apps` (or `django.apps.apps`) so the data migration can call it. Apps that
    bring their own indicators (surveys) seed them here too, after those already present."""
    indicator_model = _model(apps, "Indicator")
    disaggregation_model = _model(apps, "Disaggregation")
    option_model = _model(apps, "DisaggregationOption")
    breakdowns = {}
    for code, (name, name_en, options) in disaggregations.items():
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
    last = indicator_model.objects.order_by("-sort_order").values_list("sort_order", flat=True)
    base = last.first() or 0
    for order, entry in enumerate(entries, start=1):
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
                "sort_order": base + order * 10,
            },
        )
        created_count += created
    return created_count


def phrases_seed(apps) -> None:
    """The phrases that name the catalogue's indicators and breakdown options in reports, on
    the rows that have none yet: a department's own edits stay. Needs the `phrases` fields
    (values 0007), so `catalogue_seed`, which older migrations call, does not do it."""
    indicator_model = _model(apps, "Indicator")
    option_model = _model(apps, "DisaggregationOption")
    for entry in CATALOGUE:
        if entry.phrases:
            indicator_model.objects.filter(code=entry.code, phrases="").update(
                phrases="\n".join(entry.phrases)
            )
    for (indicator, option), phrases in OPTION_PHRASES.items():
        option_model.objects.filter(
            disaggregation__indicators__code=indicator, code=option, phrases=""
        ).update(phrases="\n".join(phrases))


def _model(apps, name: str):
    """The model in `apps`: under `values`, or under `reporting` in the migrations that ran
    before the values core left it."""
    try:
        return apps.get_model("values", name)
    except LookupError:
        return apps.get_model("reporting", name)
