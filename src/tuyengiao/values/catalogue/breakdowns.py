"""The breakdowns (disaggregations) of the starter catalogue, and what names their options
in reports."""

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
