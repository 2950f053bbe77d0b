"""The indicators surveys and concerns write through the values core, and the topic list of
concerns, seeded by a migration (`values.catalogue.catalogue_seed`). The topics are data: a
department adds its own as options of the breakdown `CHU_DE_TAM_TU`.
"""

from tuyengiao.values.catalogue import Entry, catalogue_seed

OPINION = "Dư luận xã hội, tâm tư nguyện vọng"
TOPICS = "CHU_DE_TAM_TU"

# The topics units hear concerns about (DOMAIN.md §1: land clearance, planning, pavements).
DISAGGREGATIONS = {
    TOPICS: (
        "Chủ đề tâm tư, nguyện vọng",
        "Topic of concerns",
        [
            ("DAT_DAI", "Đất đai", "Land"),
            ("GPMB", "Giải phóng mặt bằng", "Land clearance"),
            ("QUY_HOACH", "Quy hoạch", "Planning"),
            ("MOI_TRUONG", "Môi trường", "Environment"),
            ("AN_SINH", "An sinh xã hội", "Social security"),
            ("GIA_CA", "Giá cả, thị trường", "Prices"),
            ("TRAT_TU_DO_THI", "Trật tự đô thị, vỉa hè", "Urban order, pavements"),
            ("Y_TE_GIAO_DUC", "Y tế, giáo dục", "Health, education"),
            ("CAN_BO", "Tác phong, thái độ cán bộ", "Officials' conduct"),
            ("KHAC", "Khác", "Other"),
        ],
    ),
}

# The figures of a closed survey, written for its organiser and the month it ended, from its
# protected tables only (surveys.recording).
SURVEY_RESPONSES = "KS_SO_PHIEU"
SURVEY_RATED = "KS_PHIEU_DANH_GIA"
SURVEY_AGREE = "KS_DONG_TINH"
SURVEY_SCORE = "KS_TONG_DIEM"
# The counts of concerns, by topic, typed by each unit for a month (surveys.concerns).
CONCERNS_HEARD = "TT_TIEP_NHAN"
CONCERNS_RESOLVED = "TT_GIAI_QUYET"
CONCERNS_PASSED_UP = "TT_CHUYEN_CAP_TREN"

ENTRIES = [
    Entry(SURVEY_RESPONSES, "Số phiếu khảo sát dư luận thu về", "Opinion survey responses",
          OPINION, unit="phiếu"),
    Entry(SURVEY_RATED, "Số phiếu trả lời câu hỏi đánh giá chính",
          "Responses to the main rating question", OPINION, unit="phiếu"),
    Entry(SURVEY_AGREE, "Số phiếu đồng tình (mức 4, 5)", "Responses agreeing (4 or 5)",
          OPINION, unit="phiếu"),
    Entry(SURVEY_SCORE, "Tổng điểm đánh giá", "Sum of rating scores", OPINION, unit="điểm"),
    Entry("KS_TY_LE_DONG_TINH", "Tỷ lệ đồng tình", "Share agreeing", OPINION, "percent",
          unit="%", formula=f"{SURVEY_AGREE} / {SURVEY_RATED} * 100"),
    Entry("KS_DIEM_TB", "Điểm đánh giá trung bình", "Average rating", OPINION, "decimal",
          unit="điểm", formula=f"{SURVEY_SCORE} / {SURVEY_RATED}"),
    Entry(CONCERNS_HEARD, "Số ý kiến, kiến nghị của nhân dân tiếp nhận",
          "Concerns heard", OPINION, unit="ý kiến", disaggregation=TOPICS),
    Entry(CONCERNS_RESOLVED, "Số ý kiến, kiến nghị đã trả lời, giải quyết tại cơ sở",
          "Concerns answered or resolved locally", OPINION, unit="ý kiến",
          disaggregation=TOPICS),
    Entry(CONCERNS_PASSED_UP, "Số ý kiến, kiến nghị chuyển cấp trên",
          "Concerns passed up", OPINION, unit="ý kiến", disaggregation=TOPICS),
    Entry("TT_TY_LE_GIAI_QUYET", "Tỷ lệ ý kiến, kiến nghị được giải quyết tại cơ sở",
          "Share of concerns resolved locally", OPINION, "percent", unit="%",
          formula=f"{CONCERNS_RESOLVED} / {CONCERNS_HEARD} * 100"),
]  # fmt: skip


def indicators_seed(apps) -> int:
    """Create what is missing of the indicators and topics above (the migration's `apps`, or
    `django.apps.apps` after a test flushed what migrations wrote)."""
    return catalogue_seed(apps, entries=ENTRIES, disaggregations=DISAGGREGATIONS)
