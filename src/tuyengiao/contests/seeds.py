"""The indicators contests write through the values core, seeded by a migration: entries by
kind of work and prizes by level, for the submitting unit and the contest's year."""

from tuyengiao.contests.models import CategoryKind, PrizeLevel
from tuyengiao.reports.awards_docx import LEVELS as LEVEL_NAMES
from tuyengiao.values.catalogue import Entry, catalogue_seed

CONTESTS = "Cuộc thi, giải thưởng"
KINDS = "THE_LOAI_DU_THI"
LEVELS = "MUC_GIAI"
ENTRIES = "CT_BAI_DU_THI"
PRIZES = "CT_GIAI"

DISAGGREGATIONS = {
    KINDS: (
        "Thể loại tác phẩm dự thi",
        "Kind of contest entry",
        [
            (CategoryKind.ESSAY.value, "Chính luận", "Political essay"),
            (CategoryKind.PRINT.value, "Báo in", "Print press"),
            (CategoryKind.ONLINE.value, "Báo điện tử", "Online press"),
            (CategoryKind.RADIO.value, "Phát thanh", "Radio"),
            (CategoryKind.TELEVISION.value, "Truyền hình", "Television"),
            (CategoryKind.PHOTO.value, "Ảnh", "Photo"),
            (CategoryKind.OTHER.value, "Khác", "Other"),
        ],
    ),
    LEVELS: (
        "Mức giải",
        "Prize level",
        [
            (PrizeLevel.A.value, LEVEL_NAMES[PrizeLevel.A], "A prize"),
            (PrizeLevel.B.value, LEVEL_NAMES[PrizeLevel.B], "B prize"),
            (PrizeLevel.C.value, LEVEL_NAMES[PrizeLevel.C], "C prize"),
            (PrizeLevel.MERIT.value, LEVEL_NAMES[PrizeLevel.MERIT], "Merit prize"),
        ],
    ),
}

INDICATORS = [
    Entry(ENTRIES, "Số tác phẩm dự thi", "Contest entries", CONTESTS, unit="tác phẩm",
          disaggregation=KINDS),
    Entry(PRIZES, "Số giải thưởng đạt được", "Prizes won", CONTESTS, unit="giải",
          disaggregation=LEVELS),
]  # fmt: skip


def indicators_seed(apps) -> int:
    """Create what is missing of the indicators and breakdowns above (the migration's
    `apps`, or `django.apps.apps` after a test flushed what migrations wrote)."""
    return catalogue_seed(apps, entries=INDICATORS, disaggregations=DISAGGREGATIONS)
