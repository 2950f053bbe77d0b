"""Data for the extractors: document type codes, issuer codes and the words around figures.

Kept apart from the grammar so that a new code met in a real document is one line here.
Keys are canonical: upper case except where the official form mixes case (`QĐi`, `CTr`,
`TTg`), `Đ` (U+0110) for D-with-stroke, `TW` for `TƯ`.
"""


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Party type codes (Hướng dẫn 36-HD/VPTW). TT is a thông tri in Party documents.
PARTY_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "TT": "Thông tri",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BB": "Biên bản",
    "GM": "Giấy mời",
    "PA": "Phương án",
    "DA": "Dự án",
}

# State type codes (Nghị định 30/2020, Phụ lục III, plus legal normative forms).
# TT is a thông tư in State documents.
STATE_TYPES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "NQLT": "Nghị quyết liên tịch",
    "VBHN": "Văn bản hợp nhất",
    "QC": "Quy chế",
    "QyĐ": "Quy định",
    "TC": "Thông cáo",
    "TB": "Thông báo",
    "HD": "Hướng dẫn",
    "CTr": "Chương trình",
    "KH": "Kế hoạch",
    "PA": "Phương án",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "BC": "Báo cáo",
    "BB": "Biên bản",
    "TTr": "Tờ trình",
    "HĐ": "Hợp đồng",
    "CĐ": "Công điện",
    "BGN": "Bản ghi nhớ",
    "BTT": "Bản thỏa thuận",
    "GUQ": "Giấy ủy quyền",
    "GM": "Giấy mời",
    "GGT": "Giấy giới thiệu",
    "GNP": "Giấy nghỉ phép",
    "PG": "Phiếu gửi",
    "PC": "Phiếu chuyển",
    "PB": "Phiếu báo",
    "SY": "Bản sao y",
    "TrS": "Bản trích sao",
    "SL": "Bản sao lục",
    "CV": "Công văn",
    "L": "Luật",
    "PL": "Pháp lệnh",
    "GP": "Giấy phép",
}

# The words in front of a number that name its type. Order matters only for readability:
# the grammar sorts them longest first. Values are the type codes they stand for.
TYPE_WORDS: dict[str, str] = {
    "nghị quyết liên tịch": "NQLT",
    "nghị quyết": "NQ",
    "nghị định": "NĐ",
    "quyết định": "QĐ",
    "quy định": "QĐi",
    "chỉ thị": "CT",
    "kết luận": "KL",
    "quy chế": "QC",
    "thông tri": "TT",
    "thông tư liên tịch": "TTLT",
    "thông tư": "TT",
    "hướng dẫn": "HD",
    "thông báo": "TB",
    "thông cáo": "TC",
    "báo cáo": "BC",
    "kế hoạch": "KH",
    "chương trình": "CTr",
    "đề án": "ĐA",
    "dự án": "DA",
    "phương án": "PA",
    "tờ trình": "TTr",
    "công văn": "CV",
    "công điện": "CĐ",
    "biên bản": "BB",
    "giấy mời": "GM",
    "văn bản hợp nhất": "VBHN",
    "luật": "L",
    "pháp lệnh": "PL",
    "giấy phép": "GP",
}

# Issuers whose code names them without doubt. TW is left out on purpose: the Central
# Committee, the Politburo and the Secretariat all sign with it, so only the words around
# a reference can say which one issued it.
ISSUER_NAMES: dict[str, str] = {
    "CP": "Chính phủ",
    "TTg": "Thủ tướng Chính phủ",
    "BTC": "Bộ Tài chính",
    "BNV": "Bộ Nội vụ",
    "BTP": "Bộ Tư pháp",
    "BGDĐT": "Bộ Giáo dục và Đào tạo",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch",
    "BTTTT": "Bộ Thông tin và Truyền thông",
    "VPQH": "Văn phòng Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "VPTW": "Văn phòng Trung ương Đảng",
    "BTCTW": "Ban Tổ chức Trung ương",
    "BTGTW": "Ban Tuyên giáo Trung ương",
    "BTGDVTW": "Ban Tuyên giáo và Dân vận Trung ương",
}

# The Party's own writing of the codes that carry a lower-case letter.
MIXED_CASE_CODES: dict[str, str] = {
    "QĐI": "QĐi",
    "CTR": "CTr",
    "TTR": "TTr",
    "QYĐ": "QyĐ",
    "TRS": "TrS",
    "TTG": "TTg",
}

# Words that end the counted noun phrase after a figure: prepositions, verbs, conjunctions
# and determiners that start a new phrase. A list of boundaries (rather than of units)
# lets any new unit through.
UNIT_BOUNDARY_WORDS: frozenset[str] = _words(
    """
    của cho với về tại trong ngoài ở trên dưới và hoặc hay cùng được bị đã đang sẽ vừa
    là có không chưa để do từ đến tới theo thuộc nhằm qua bằng vào khi nếu nhưng mà
    thì nên vì như này đó kia ấy nào các những mỗi mọi gồm đạt tăng giảm chiếm
    lên xuống còn cũng đều rất hơn gần khoảng trở ước tại sau trước một hằng hàng làm
    """
)

# Verbs of two syllables: their first syllable alone may start a noun ("tổ", "thu").
UNIT_BOUNDARY_PHRASES: tuple[str, ...] = (
    "thu hút",
    "tham gia",
    "tham dự",
    "hoàn thành",
    "tổ chức",
    "so với",
    "trong đó",
    "tương ứng",
    "thực hiện",
    "triển khai",
    "ban hành",
    "tiếp nhận",
    "đăng tải",
    "phát sóng",
    "hưởng ứng",
    "lắp đặt",
    "duy trì",
    "được",
    "ứng dụng",
    "trực thuộc",
    "ủng hộ",
    "phát đến",
    "phát hành",
    "gửi đến",
    "cấp phát",
)

# Words that, right after a comma, start a new clause rather than another listed noun.
AFTER_COMMA_STOPS: tuple[str, ...] = (
    "sinh hoạt",
    "đại diện",
    "vượt",
    "chiếm",
    "góp phần",
    "bảo đảm",
    "đảm bảo",
    "phục vụ",
    "phấn đấu",
    "nâng",
    "bình quân",
    "trung bình",
    "tổng",
    "trị giá",
    "với",
)

# Scale words after a figure.
SCALES: dict[str, int] = {
    "nghìn": 1_000,
    "ngàn": 1_000,
    "triệu": 1_000_000,
    "tỷ": 1_000_000_000,
    "tỉ": 1_000_000_000,
}

# Qualifiers in front of a figure, as the JSON names them.
QUALIFIERS: dict[str, str] = {
    "trên": "over",
    "hơn": "over",
    "gần": "nearly",
    "khoảng": "about",
    "xấp xỉ": "about",
    "dưới": "under",
    "không quá": "under",
    "tối đa": "under",
    "không dưới": "over",
    "ít nhất": "over",
    "tối thiểu": "over",
}

# A figure right after one of these is a label or a name, never a count: "Ảnh 1",
# "Ban Chỉ đạo 35", "thôn 3", "lần thứ 5", "năm 2023".
LABEL_WORDS: tuple[str, ...] = (
    "ảnh",
    "hình",
    "bảng",
    "biểu",
    "biểu mẫu",
    "mẫu",
    "phụ lục",
    "trang",
    "điều",
    "khoản",
    "điểm",
    "chương",
    "mục",
    "phần",
    "bước",
    "ban chỉ đạo",
    "trung ương",
    "mô hình",
    "chính quyền địa phương",
    "bcđ",
    "tổ công tác",
    "đề án",
    "chương trình",
    "dự án",
    "khóa",
    "khoá",
    "nhiệm kỳ",
    "giai đoạn",
    "thôn",
    "ấp",
    "bản",
    "buôn",
    "tổ",
    "tổ dân phố",
    "khu phố",
    "khu",
    "khối",
    "phường",
    "quận",
    "đường",
    "quốc lộ",
    "tỉnh lộ",
    "số",
    "thứ",
    "lần thứ",
    "năm",
    "tháng",
    "ngày",
    "quý",
    "tuần",
    "lúc",
    "kỳ",
    "đợt",
    "lớp",
    "vòng",
    "top",
    "sư đoàn",
    "trung đoàn",
    "tiểu đoàn",
    "đại đội",
    "căn cứ",
    "mã",
    "mã số",
    "kênh",
    "vtv",
    "tuổi",
)

# Lines of web-page chrome: counters, share buttons, footers. Figures on them are noise.
CHROME_LINE_HEADS: tuple[str, ...] = (
    "hôm nay",
    "hôm qua",
    "tuần này",
    "tuần trước",
    "tháng này",
    "tháng trước",
    "năm nay",
    "tất cả",
    "tổng cộng",
    "tổng truy cập",
    "tổng lượt truy cập",
    "lượt truy cập",
    "lượt xem",
    "lượt đọc",
    "lượt thích",
    "đang truy cập",
    "đang online",
    "đang trực tuyến",
    "trực tuyến",
    "online",
    "truy cập",
    "thống kê truy cập",
    "khách",
    "thành viên",
    "máy chủ tìm kiếm",
    "điện thoại",
    "đt",
    "fax",
    "email",
    "e-mail",
    "hotline",
    "địa chỉ",
    "giấy phép",
    "bản quyền",
    "chịu trách nhiệm",
    "ghi rõ nguồn",
    "chia sẻ",
    "cỡ chữ",
    "in bài",
    "bình luận",
    "copyright",
)

# Lower-case words that continue an organisation's name after its head ("Ủy ban nhân dân
# tỉnh", "Ban Chấp hành Đảng bộ tỉnh", "Hội nghị lần thứ 11 Ban Chấp hành Trung ương").
# Verbs such as "tổ chức", "kiểm tra", "thành lập" must stay out: they end the name.
ORG_WORDS: frozenset[str] = _words(
    "tỉnh huyện xã phường quận khối khóa khoá đảng bộ các và ương ủy uỷ"
)
ORG_BIGRAMS: frozenset[str] = frozenset(
    {
        "thành phố",
        "thị xã",
        "thị trấn",
        "nhân dân",
        "cơ quan",
        "doanh nghiệp",
        "lần thứ",
        "thường vụ",
        "thường trực",
        "chấp hành",
        "bí thư",
        "văn phòng",
        "hội đồng",
        "tổ quốc",
        "trung ương",
    }
)
# The lower-case second syllable of a capitalised name word ("Chính phủ", "Bộ Tài chính").
ORG_SECOND_SYLLABLES: frozenset[str] = _words(
    """
    phủ hội chính vụ dục tạo pháp hóa hoá thao lịch tin thông quốc tế trị sự vận giáo chức
    tra quan nghiệp hành thư trực ương phòng
    """
)

# A figure counting these is a duration ("sau 2 năm", "trong 6 tháng"), not a result.
TIME_UNITS: frozenset[str] = _words("năm tháng ngày tuần quý giờ phút giây thập kỷ")
