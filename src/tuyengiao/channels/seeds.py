"""What channels and culture registries feed (DOMAIN.md §4, "press and channels" and
"culture"), seeded by a migration: the indicators the starter catalogue lacks, and the
channel kinds' feeds. An indicator or feed already present is left as the department edited it.
"""

from tuyengiao.channels.models import ChannelKind, Measure, Register

PRESS = "Báo chí, kênh thông tin"
CULTURE = "Văn hóa"

# (code, name, name_en, group, aggregation, unit): what the catalogue does not hold yet.
INDICATORS = [
    ("CUM_LOA_HOAT_DONG", "Số cụm loa đang hoạt động", "Loudspeaker clusters working", PRESS,
     "last", "cụm"),
    ("THOI_LUONG_PHAT_THANH", "Thời lượng phát thanh", "Minutes of radio broadcast", PRESS,
     "sum", "phút"),
    ("NHA_VAN_HOA", "Số nhà văn hóa", "Cultural houses", CULTURE, "last", "nhà"),
]  # fmt: skip

# What names each of them in narrative reports (issue 18 §1), as `Entry.phrases` in the
# catalogue ("…" stands for any words between). Minutes of broadcast are never read from
# prose: the text toolkit takes "phút" for a duration, not a counted result.
PHRASES: dict[str, tuple[str, ...]] = {
    "CUM_LOA_HOAT_DONG": (
        "cụm loa đang hoạt động",
        "cụm loa hoạt động",
        "cụm loa … hoạt động",
        "cụm loa … hoạt động tốt",
    ),
    "THOI_LUONG_PHAT_THANH": ("thời lượng phát thanh", "phút phát thanh", "phát sóng … phút"),
    "NHA_VAN_HOA": (
        "nhà văn hóa",
        "nhà văn hóa thôn",
        "nhà văn hóa … khu dân cư",
        "nhà sinh hoạt cộng đồng",
        "nhà văn hóa cộng đồng",
    ),
}

# (channel kind, measure, indicator code)
FEEDS = [
    (ChannelKind.PORTAL, Measure.ITEMS, "TIN_BAI_CONG_TTDT"),
    (ChannelKind.SOCIAL, Measure.CHANNELS, "TRANG_MXH"),
    (ChannelKind.NEWSLETTER, Measure.ITEMS, "TIN_BAI_PHONG_SU"),
    (ChannelKind.COLUMN, Measure.ITEMS, "TIN_BAI_PHONG_SU"),
    (ChannelKind.COLUMN, Measure.PROGRAMMES, "CHUONG_TRINH_PT_TH"),
    (ChannelKind.RADIO, Measure.CHANNELS, "TRAM_TRUYEN_THANH"),
    (ChannelKind.RADIO, Measure.ITEMS, "TIN_BAI_PHONG_SU"),
    (ChannelKind.RADIO, Measure.PROGRAMMES, "CHUONG_TRINH_PT_TH"),
    (ChannelKind.RADIO, Measure.MINUTES, "THOI_LUONG_PHAT_THANH"),
    (ChannelKind.LOUDSPEAKER, Measure.CHANNELS, "TRAM_TRUYEN_THANH"),
    (ChannelKind.LOUDSPEAKER, Measure.WORKING, "CUM_LOA_HOAT_DONG"),
]

# What each culture registry counts, and in which indicator: the active troupes and houses;
# for the history book, whether a volume is published (yes/no: the province's total is the
# number of communes that completed theirs).
REGISTRY_FEEDS = {
    Register.TROUPE: "DOI_VAN_NGHE",
    Register.HOUSE: "NHA_VAN_HOA",
    Register.HISTORY: "LICH_SU_DANG_BO",
}


def feeds_seed(apps) -> int:
    """Create the missing indicators and feeds; returns how many feeds were created. Takes
    the migration's `apps`."""
    indicator_model = apps.get_model("values", "Indicator")
    feed_model = apps.get_model("channels", "ChannelFeed")
    last = indicator_model.objects.order_by("-sort_order").first()
    order = last.sort_order if last else 0
    for code, name, name_en, group, aggregation, unit in INDICATORS:
        order += 10
        indicator_model.objects.get_or_create(code=code, defaults={
            "name": name, "name_en": name_en, "group": group, "value_type": "count",
            "aggregation": aggregation, "unit_of_measure": unit, "sort_order": order,
        })  # fmt: skip
    indicators = {i.code: i for i in indicator_model.objects.all()}
    created_count = 0
    for kind, measure, code in FEEDS:
        if code in indicators:
            _, created = feed_model.objects.get_or_create(
                kind=kind, measure=measure, indicator=indicators[code]
            )
            created_count += created
    return created_count


def phrases_seed(apps) -> None:
    """The phrases of the indicators above, on the rows that have none yet (values 0007 adds
    the field after this app's first seed)."""
    indicator_model = apps.get_model("values", "Indicator")
    for code, phrases in PHRASES.items():
        indicator_model.objects.filter(code=code, phrases="").update(phrases="\n".join(phrases))
