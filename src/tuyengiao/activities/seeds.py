"""The starter kinds of activity (DOMAIN.md §4) and the catalogue's indicators they feed,
seeded by a migration; a kind already present is left as the department edited it."""

from tuyengiao.activities.models import Measure

# (code, name, [(indicator code, measure)])
KINDS = [
    ("HN_QUAN_TRIET", "Hội nghị học tập, quán triệt nghị quyết", [
        ("HN_QUAN_TRIET", Measure.EVENTS),
        ("LUOT_QUAN_TRIET", Measure.CADRES_AND_MEMBERS),
        ("DV_DUOC_HOC", Measure.PARTY_MEMBERS),
    ]),
    ("HN_BAO_CAO_VIEN", "Hội nghị báo cáo viên", [
        ("HN_BAO_CAO_VIEN", Measure.EVENTS),
        ("LUOT_NGUOI_NGHE", Measure.ATTENDANCE),
    ]),
    ("THONG_TIN_THOI_SU", "Hội nghị thông tin thời sự", [
        ("HN_THONG_TIN_THOI_SU", Measure.EVENTS),
        ("LUOT_NGUOI_NGHE", Measure.ATTENDANCE),
    ]),
    ("LOP_LLCT", "Lớp bồi dưỡng lý luận chính trị", [
        ("LOP_BOI_DUONG", Measure.EVENTS),
        ("HOC_VIEN", Measure.ENROLLED),
    ]),
    ("LOP_KET_NAP", "Lớp bồi dưỡng nhận thức về Đảng cho đối tượng kết nạp", [
        ("LOP_BOI_DUONG", Measure.EVENTS),
        ("HOC_VIEN", Measure.ENROLLED),
    ]),
    ("SINH_HOAT_CHUYEN_DE", "Sinh hoạt chuyên đề", []),
    ("TOA_DAM", "Tọa đàm, hội thảo", []),
    ("HOI_THI", "Hội thi, cuộc thi", []),
    ("NOI_CHUYEN", "Buổi nói chuyện chuyên đề", []),
]  # fmt: skip

# Kinds that are classes: they record sessions, enrolled and graduated counts.
CLASS_KINDS = ("LOP_LLCT", "LOP_KET_NAP")


def kinds_seed(apps) -> int:
    """Create the missing kinds with their feeds (of the indicators that exist); returns how
    many kinds were created. Takes the migration's `apps`."""
    kind_model = apps.get_model("activities", "ActivityKind")
    feed_model = apps.get_model("activities", "ActivityFeed")
    indicators = {i.code: i for i in apps.get_model("values", "Indicator").objects.all()}
    created_count = 0
    for order, (code, name, feeds) in enumerate(KINDS, start=1):
        kind, created = kind_model.objects.get_or_create(
            code=code, defaults={"name": name, "sort_order": order * 10}
        )
        created_count += created
        for indicator_code, measure in feeds if created else ():
            if indicator_code in indicators:
                feed_model.objects.create(
                    kind=kind, indicator=indicators[indicator_code], measure=measure
                )
    return created_count
