"""The starter validation rules over the indicator catalogue (`values.catalogue`), seeded by a
migration on every new database; a code already present is left as the department edited it."""

# Validation rules (quy tắc kiểm tra) over the catalogue: (code, left, operator, right,
# importance, message, English message). The 20 % ceiling on "hoàn thành xuất sắc" is the
# Party's rule for the yearly rating of members and of grassroots organisations.
RULES = [
    ("R_DV_HTXS_20", "DV_XEP_LOAI.HTXS", "<=", "0.2 * DV_XEP_LOAI.HTT", "high",
     "Số đảng viên hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số hoàn thành tốt nhiệm vụ.",
     "Members rated excellent may not exceed 20% of those rated good."),
    ("R_TCCS_HTXS_20", "TCCS_XEP_LOAI.HTXS", "<=", "0.2 * TCCS_XEP_LOAI.HTT", "high",
     "Số tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ không vượt quá 20% số hoàn thành tốt.",
     "Organisations rated excellent may not exceed 20% of those rated good."),
    ("R_DV_HOC_TONG", "DV_DUOC_HOC", "<=", "DV_TONG", "high",
     "Số đảng viên được học tập không thể lớn hơn tổng số đảng viên.",
     "Members who studied cannot outnumber all members."),
    ("R_DV_XEP_LOAI_TONG", "DV_XEP_LOAI", "<=", "DV_TONG", "high",
     "Số đảng viên được xếp loại không thể lớn hơn tổng số đảng viên.",
     "Members rated cannot outnumber all members."),
    ("R_KDC_TONG", "KDC_VAN_HOA", "<=", "KDC_TONG", "high",
     "Số khu dân cư đạt chuẩn văn hóa không thể lớn hơn tổng số khu dân cư.",
     "Cultural residential areas cannot outnumber all residential areas."),
    ("R_LUOT_HOI_NGHI", "LUOT_QUAN_TRIET", ">=", "HN_QUAN_TRIET", "medium",
     "Có hội nghị học tập, quán triệt thì phải có lượt người tham gia.",
     "Study sessions were held: attendances should be reported."),
]  # fmt: skip


def rules_seed(apps) -> int:
    """Create the missing RULES; returns how many. Takes the migration's `apps`."""
    rule_model = apps.get_model("reporting", "ValidationRule")
    created_count = 0
    for code, left, operator, right, importance, message, message_en in RULES:
        _, created = rule_model.objects.get_or_create(
            code=code,
            defaults={
                "left": left,
                "operator": operator,
                "right": right,
                "importance": importance,
                "message": message,
                "message_en": message_en,
            },
        )
        created_count += created
    return created_count
