"""Redaction of what may name a person in free text (issue 19: a citizen's answer is read
only after this pass; issue 21: an entry's text before judges see it).

It removes what looks like: e-mail addresses, web addresses and account handles ("@ten",
"@Thanh Hằng", "fb.com/ten"), phone numbers (mobile and landline, with or without +84 or an
area code in brackets, in groups), ID and account numbers (CCCD 12 digits, CMND 9, a long run
of digits, digits typed in groups, number plates), house addresses ("số 12 đường Trần Phú",
"ở 45 Nguyễn Trãi", "ngõ 5", "tổ 3, khu phố 2", "ấp Bình An", "bản Nà Sài", "phòng 1203 tòa
CT2") and people's names: after a word that introduces a person ("ông Nguyễn Văn A", "chị
Lan", "chị lan", "bà Tư", "tên là Mai", "zalo Thu Trang"), a full name that begins with a
common family name ("Nguyễn Thị Hoa phản ánh") or carries "Văn"/"Thị" ("Vi Thị Nhung"), and
a full name typed without capitals or diacritics ("nguyen thi thu trang", "NGUYEN VAN HAI").
Each is replaced by a bracketed label saying what was there, so a reader still follows the
sentence ("[số điện thoại]").

It errs towards removing: a person reading a citizen's words loses a name of a street or a
capitalised place after "anh", never the citizen's privacy. It keeps what a text about
public life needs: figures, dates, document numbers ("số 1234/QĐ-UBND", "35-NQ/TW"),
communes and cities, streets and schools named after heroes, and the leaders and heroes
texts cite. It is a pass before people read, not a guarantee: staff still code and then
delete the raw text. Every pattern is a regular expression without nested unbounded
repetition, so the pass stays linear in the text's length.

tests/textkit/test_redact_corpus.py measures it on a Vietnamese corpus (recall and
over-redaction); its floors stop a change that costs either.
"""

import bisect
import re
from dataclasses import dataclass

from tuyengiao.textkit.normalize import nfc


def _letters(test) -> str:
    """A character class of the Latin letters Vietnamese writes that pass `test`: upper and
    lower case interleave in Unicode's Vietnamese block, so no range can say it."""
    chars = (chr(c) for c in range(0x41, 0x1EFA))
    return "".join(re.escape(c) for c in chars if c.isalpha() and test(c))


def _words(words) -> str:
    """An alternation of `words`, longest first (so "tổ dân phố" wins over "tổ")."""
    return "|".join(sorted(map(re.escape, words), key=len, reverse=True))


# Space within a name or an address: a line break ends both ("Facebook\nHôm nay").
_S = r"[^\S\n]"
# A capitalised word (its first letter upper case, the rest lower case), as names are written.
_UPPER = _letters(str.isupper)
_LOWER = _letters(str.islower)
# Ê-đê and Gia Rai women's names keep an apostrophe: "H'Hen Niê".
_NAME_WORD = rf"[{_UPPER}](?:'[{_UPPER}])?[{_LOWER}]*(?![\w'])"
_LOWER_WORD = rf"[{_LOWER}]+(?!\w)"

# Capitalised words that begin a title or a body, not a name: "đồng chí Tổng Bí thư", "ông
# Trưởng công an xã", "bà Chủ tịch". A name after a person word never begins with one.
_TITLE_WORDS = (
    "Tổng", "Trưởng", "Phó", "Chủ", "Bí", "Giám", "Thủ", "Bộ", "Ban", "Đảng", "Nhà", "Ủy", "Uỷ",
    "Hội", "Sở", "Phòng", "Chính", "Nghị", "Quyết", "Luật", "Tỉnh", "Huyện", "Xã", "Phường",
    "Viện", "Cục", "Chi", "Trường", "Thành", "Quận", "Thị", "Công", "Đoàn", "Mặt", "Tòa", "Toà",
    # Sites, as in "Chia sẻ: Facebook Twitter"; papers, as in "bản Hiến pháp".
    "Facebook", "Twitter", "Zalo", "Tiktok", "Youtube", "Instagram", "Hiến", "Dự", "Kế",
    "Hợp", "Án", "Đồ", "Tin", "Báo",
)  # fmt: skip
# ... and ranks: "Thượng tá", "Đại úy"; "Thư ký".
_RANK = rf"(?:Thượng|Đại|Trung|Thiếu){_S}+(?:tá|úy|uý|tướng)|Thư{_S}+ký"
_NOT_TITLE = rf"(?!(?:{_words(_TITLE_WORDS)}|{_RANK})(?!\w))"
# Words that introduce a person by kinship, rank or how a form asks for a name.
_PERSON_WORDS = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cậu", "mợ", "dì", "thím", "cháu",
    "cụ", "dượng", "thằng", "bé", "đồng chí", "đ/c", "bạn", "thầy", "cô giáo", "bác sĩ",
    "trưởng thôn", "tổ trưởng", "chủ hộ", "người tên", "tên là", "họ tên", "họ và tên", "tên",
    "tên tôi là", "tôi là", "mình là", "em là", "cháu là", "tôi tên", "em tên", "mình tên",
    "tác giả", "người viết", "độc giả", "bạn đọc", "công dân", "người phản ánh",
    "zalo", "nick", "nick zalo", "fb", "facebook", "chủ tài khoản",
)  # fmt: skip
# The word in front in any case ("Ông", "ông"); the name after it capitalised, as names are.
_PERSON = re.compile(
    rf"(?<![\w])(?=[^\W\d_])(?i:{_words(_PERSON_WORDS)}){_S}*:?{_S}+"
    rf"(?P<name>{_NOT_TITLE}{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{0,4}})"
)

# A given name typed in lower case after a kinship word ("chị lan", "anh tuấn", "thằng hải"):
# only the commonest given names, and not where the two words make an ordinary word ("anh
# hùng", "chú ý", "cô lập", "chú trọng") or the name begins one ("thanh toán", "an toàn").
_GIVEN_NAMES = (
    "an", "bảo", "bích", "bình", "chi", "cúc", "cường", "diệp", "dung", "dũng", "duy", "dương",
    "đạt", "điệp", "định", "đông", "đức", "giang", "hà", "hải", "hạnh", "hằng", "hân", "hậu",
    "hiền", "hiếu", "hòa", "hoa", "hoài", "hoàng", "hồng", "huệ", "hùng", "hưng", "hương",
    "hường", "huy", "huyền", "khánh", "khoa", "khôi", "kiên", "lan", "lâm", "liên", "linh",
    "loan", "long", "lộc", "luân", "lực", "mai", "mạnh", "minh", "my", "nam", "nga", "ngân",
    "nghĩa", "ngọc", "nguyệt", "nhàn", "nhung", "oanh", "phong", "phúc", "phương", "phượng",
    "quang", "quân", "quyên", "quỳnh", "sơn", "tâm", "thanh", "thành", "thảo", "thắng",
    "thịnh", "thu", "thủy", "thúy", "thùy", "tiến", "trang", "trâm", "trinh", "tú", "tuấn",
    "tùng", "tuyết", "uyên", "vân", "việt", "vinh", "vy", "xuân", "yến", "thìn", "tý", "tí",
    "tèo", "tủn", "nở", "lành", "tư", "sáu", "bảy", "tám", "chín", "mười", "út",
)  # fmt: skip
_ORDINARY_PAIRS = (
    "anh hùng", "anh dũng", "anh minh", "anh tài", "anh thư", "anh hoa", "anh linh",
    "chú ý", "chú trọng", "cô lập", "cô đơn", "cô đông", "em út", "bà mười", "ông tư",
    "bạn bình", "bạn đông", "bé tí", "cụ thể", "bác ái", "bạn tâm", "anh em", "cô bảy",
    "tên lửa", "em bình", "ông an", "bà an", "anh an", "chị an", "cô an", "em an",
)  # fmt: skip
_NAME_THEN = (
    "toán", "toàn", "thường", "bạch", "thiện", "thân", "phận", "sự", "thực", "hóa", "hoá",
    "tâm", "trọng", "lý", "phố", "thị", "niên", "lợi", "phát", "nghiệp", "trình", "vụ",
    "nhập", "chứng", "tưởng", "huyết", "đẳng", "vấn", "đội", "tiền", "hồi", "hoạch", "nhận",
    "gom", "phí", "thập", "mua", "xếp", "hồ", "quân", "ninh",
)  # fmt: skip
_KIN_WORDS = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cậu", "mợ", "dì", "thím", "cụ",
    "dượng", "thằng", "bé", "bạn", "tên", "tên là",
)  # fmt: skip
_LOWER_GIVEN = re.compile(
    rf"(?<![\w])(?=[^\W\d_])(?i:{_words(_KIN_WORDS)}){_S}+"
    rf"(?P<name>(?:{_words(_GIVEN_NAMES)}))(?![\w])"
    rf"(?!{_S}+(?:{_words(_NAME_THEN)})(?!\w))"
)
_ORDINARY = frozenset(_ORDINARY_PAIRS)

# The commonest family names, which begin nearly every Vietnamese full name: three or more
# capitalised words after one are taken for a name even with no word before it ("Nguyễn Văn
# Tám phản ánh", "Chủ tịch UBND xã Trần Văn B"). Two words are not: "Lê Lợi", "Hà Nội".
_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Mai", "Cao", "Lương", "Tạ", "Hà",
    "Lâm", "Trương", "Đoàn", "Vương", "Quách", "Tô", "Châu", "Lưu", "Kiều", "Thái", "Triệu",
    "Chu", "Hứa", "Tăng", "Lò", "Lục", "Nông", "Hầu", "Giàng", "Sùng", "Vàng", "Thào",
    "Vi", "Quàng", "Tòng", "Lường", "Cầm", "Điêu", "Mùa", "Lầu", "Ly", "Hờ", "Ma", "La",
    "Phùng", "Khổng", "Đàm", "Lã", "Mạc", "Lại", "Nghiêm", "Tống", "Âu", "Khúc", "Ksor",
    "Siu", "Rơ", "Kpă", "Bế", "Sầm",
)  # fmt: skip
# A name in capitals after a word for a person, as forms and author lines print it ("Tác
# giả: TRẦN HOÀNG NAM"): its first word a family name, so "Tác giả: BAN TUYÊN GIÁO" stays.
_PERSON_CAPS = re.compile(
    rf"(?<![\w])(?=[^\W\d_])(?i:{_words(_PERSON_WORDS)}){_S}*:?{_S}+"
    rf"(?P<name>(?:{_words(w.upper() for w in _SURNAMES)})(?:{_S}+[{_UPPER}]+(?![\w'])){{1,4}})"
)
_FULL_NAME = re.compile(
    rf"(?<![\w])(?=[^\W\d_])(?:{_words(_SURNAMES)})(?!\w)(?:{_S}+{_NAME_WORD}){{2,4}}"
)
# A name with the middle word that nearly only names carry ("Vi Thị Nhung", "Ksor Văn Y"),
# whatever its family name: not "Đô Thị Mới", "Nhà Văn Hóa".
_MIDDLE_NAME = re.compile(
    rf"(?<![\w])(?!(?:Đô|Siêu|Thành|Khu|Nhà|Sở|Hội|Tâm|Phòng|Trung|Cung|Thị|Văn)(?!\w))"
    rf"{_NAME_WORD}{_S}+(?:Văn|Thị){_S}+"
    rf"(?!(?:Hóa|Hoá|Học|Xã|Trấn|Trường|Ủy|Uỷ|Chương|Phòng|Bản|Kiện|Nghệ|Thư)(?!\w))"
    rf"{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{0,2}}"
)
# A full name typed without capitals or diacritics ("nguyen thi thu trang", "trần văn nam",
# "NGUYEN VAN HAI"): a family name, then "văn"/"thị", then one or two words; not "do văn bản",
# "do thị trường".
_PLAIN_SURNAMES = (
    "nguyễn", "trần", "lê", "phạm", "hoàng", "huỳnh", "phan", "vũ", "võ", "đặng", "bùi", "đỗ",
    "hồ", "ngô", "dương", "lý", "đinh", "trịnh", "đào", "mai", "cao", "lương", "hà", "lâm",
    "trương", "đoàn", "nguyen", "tran", "pham", "hoang", "huynh", "vu", "vo", "dang", "bui",
    "ngo", "duong", "ly", "dinh", "trinh", "dao", "luong", "ha", "lam", "truong", "doan",
)  # fmt: skip
_NOT_AFTER_MIDDLE = (
    "bản", "hóa", "hoá", "phòng", "nghệ", "minh", "học", "kiện", "thư", "chương", "mẫu",
    "xuôi", "hiến", "trấn", "xã", "trường", "hiếu", "ủy", "uỷ", "sát", "thực", "phi", "lực",
    "giác", "chính", "ban", "hoa", "phong", "hoc", "kien", "tran", "xa", "truong",
)  # fmt: skip
_FUNCTION_WORDS = (
    "nhà", "ở", "là", "và", "có", "đã", "đang", "sẽ", "bị", "được", "cho", "của", "với",
    "tại", "phản", "đề", "nói", "hỏi", "gửi", "xin", "chi", "sinh", "o", "la", "va", "co",
)  # fmt: skip
_PLAIN_NAME = re.compile(
    rf"(?<![\w])(?=[^\W\d_])(?i:{_words(_PLAIN_SURNAMES)}){_S}+(?i:văn|thị|van|thi){_S}+"
    rf"(?!(?i:{_words(_NOT_AFTER_MIDDLE)})(?!\w))[^\W\d_]+(?!\w)"
    rf"(?:{_S}+(?!(?i:{_words(_FUNCTION_WORDS)})(?!\w))[^\W\d_]+(?!\w))?"
)
# Names of the nation's leaders and heroes, which texts cite and streets and schools carry:
# never a respondent's, and removing them would garble what people write about.
PUBLIC_NAMES = frozenset({
    "Hồ Chí Minh", "Nguyễn Ái Quốc", "Nguyễn Tất Thành", "Võ Nguyên Giáp", "Tôn Đức Thắng",
    "Phạm Văn Đồng", "Lê Duẩn", "Nguyễn Văn Linh", "Đỗ Mười", "Lê Khả Phiêu",
    "Nông Đức Mạnh", "Nguyễn Phú Trọng", "Trần Đại Quang", "Nguyễn Xuân Phúc", "Võ Văn Thưởng",
    "Phạm Minh Chính", "Trần Thanh Mẫn", "Lương Cường", "Trần Hưng Đạo", "Lý Thường Kiệt",
    "Lê Thánh Tông", "Nguyễn Thị Minh Khai", "Võ Thị Sáu", "Phan Bội Châu", "Phan Châu Trinh",
    "Lê Hồng Phong", "Nguyễn Văn Cừ", "Hà Huy Tập", "Nguyễn Đình Chiểu", "Nguyễn Văn Trỗi",
    "Hoàng Văn Thụ", "Trần Quốc Toản", "Lê Quý Đôn", "Chu Văn An", "Nguyễn Bỉnh Khiêm",
    "Nguyễn Thái Học", "Phan Đình Phùng", "Hoàng Hoa Thám", "Nguyễn Chí Thanh", "Tô Lâm",
    "Kim Đồng", "Nguyễn Trãi", "Lê Lợi", "Ngô Quyền", "Quang Trung",
    # "Bác Hồ", "Bác Tôn", as the country speaks of them.
    "Hồ", "Tôn",
})  # fmt: skip
# A name right after one of these is a street's, a school's or a place's, not a person's:
# "đường Hoàng Đạo Thúy", "trường THPT Nguyễn Thị Minh Khai", "cầu Trần Thị Lý".
_NAMED_AFTER = re.compile(
    r"(?i:đường|phố|đại lộ|quốc lộ|tỉnh lộ|trường|THPT|THCS|tiểu học|mầm non|đại học|"
    r"cầu|chợ|công viên|bệnh viện|quảng trường|lăng|tượng đài|nhà văn hóa|nhà văn hoá|"
    r"khu đô thị|phường|xã|thị trấn|quận|huyện|tỉnh|thành phố|TP\.?)[^\S\n]+$"
)
# A word for a place right before a capitalised word: "xã An", "phường Hà", "đường Hùng".
_PLACE_BEFORE = re.compile(
    r"(?i:xã|phường|thị trấn|quận|huyện|tỉnh|thôn|xóm|ấp|bản|buôn|đường|phố|chợ|cầu|sông"
    r"|núi|hồ|đèo|trường|làng|khu|thành phố|TP\.?)[^\S\n]+$"
)
_NAME_BEFORE = re.compile(rf"{_NAME_WORD}{_S}+$")
# Except where the word before makes it a person's: "Chủ tịch UBND xã Trần Văn B".
_OFFICE_BEFORE = re.compile(
    r"(?i:UBND|HĐND|MTTQ|công an|đảng ủy|đảng uỷ|chủ tịch|bí thư|trưởng|cán bộ|công chức)"
    r"(?:[^\S\n]+\S+){0,2}?[^\S\n]+(?i:xã|phường|thị trấn|quận|huyện|tỉnh)[^\S\n]+$"
)

# Each begins where its word begins (the look-behind), so a long run of letters is read
# once, not once from every letter.
# "@" also typed "[at]" or "(at)" to escape robots.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+(?:@|\[at\]|\(at\))[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:facebook|fb|zalo|tiktok|youtube|instagram|twitter|x|t)\.(?:com|me|vn)/\S+",
    re.IGNORECASE,
)
# "@lan.pham", and a mention as Facebook writes it, with the person's name: "@Thanh Hằng".
_HANDLE = re.compile(
    rf"(?<![\w.])@(?:{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{1,3}}(?![.\w])|[\w.]{{2,}})"
)
# +84 or 0, then 9–10 more digits in groups of any size separated by spaces, dots or dashes;
# or an area code in brackets and 7–8 digits: "(024) 3826 1234".
_PHONE = re.compile(
    r"(?<![\w])(?:\+84|0084|0)(?:[\s.\-]?\d){9,10}(?![\w])"
    r"|\(\s?(?:\+84|0)\d{1,3}\s?\)\s?(?:[\s.\-]?\d){7,8}(?![\w])"
)
# A CCCD has 12 digits, a CMND 9; any run of 9 or more digits is a number about someone, and
# so are groups typed with spaces ("0010 8901 2345", "1903 5678 9012 34") when they add up to
# 9 digits or more, or dotted threes that begin with 0 ("001.089.012.345"). Dotted threes
# that do not are thousands ("1.234.567.890 đồng"). A number plate: "29A-123.45", "51F-12345".
_ID = re.compile(
    r"(?<![\w,./])\d{9,}(?![\w])"
    r"|(?<![\w,./])\d{2,4}(?: \d{2,4}){2,5}(?![\w])"
    r"|(?<![\w,./])0\d{2}(?:[.\-]\d{3}){2,3}(?![\w])"
    r"|(?<![\w])\d{2}[A-Z]{1,2}\d?\s?[\-.]?\s?(?:\d{3}\.\d{2}|\d{4,5})(?![\w])"
)
# Places below the commune. Before a number: a house's ("số 12", "ngõ 5", "hẻm 51"), which
# its street's name may follow with no word for it ("số 45/12 Lê Lợi"); or a hamlet's, a
# group's or a flat's ("tổ 3", "ấp 3", "khu 5", "phòng 1203", "khu pho 2" typed without
# diacritics), which a name does not continue ("thôn 3 Lò Văn Pá" is a hamlet and a man).
_HOUSE_PLACE = ("số nhà", "số", "ngõ", "ngách", "hẻm", "kiệt", "so nha", "ngo", "hem")
_NUMBERED_PLACE = (
    "tổ dân phố", "tổ", "khu phố", "khu", "khóm", "khoóm", "thôn", "xóm", "ấp", "bản", "buôn",
    "phòng", "căn hộ", "tòa", "toà", "lô", "kiốt", "ki ốt", "to dan pho", "to", "khu pho",
    "thon", "xom", "ap",
)  # fmt: skip
# Before a name: "ấp Bình An", "thôn Lũng Hồ", "bản Nà Sài", "tổ dân phố Trung Hòa". "bản"
# and "buôn" only in lower case and not in "văn bản", "Buôn Ma Thuột".
_NAMED_PLACE = r"(?:(?i:tổ dân phố|khu phố|khóm|thôn|xóm|ấp|sóc|plei)|bản|buôn)"
_NOT_BAN = r"(?<!văn )(?<!Văn )(?<!phiên )(?<!cơ )(?<!kịch )(?<!dự )(?<!Nhật )(?<!căn )"
_STREET_WORDS = (
    r"(?i:đường|phố|ngõ|ngách|hẻm|kiệt|tổ dân phố|tổ|khu phố|khu|khóm|thôn|xóm|ấp|bản|buôn"
    r"|tòa|toà|khu pho|thon|xom)"
)
_NUMBER = r"(?>[A-Z]{0,3}\d\w*(?:[/.\-]\w+)*)"
_PLACE_NAME = (
    rf"(?:(?i:số{_S}+)?{_NUMBER}"  # "tổ 3", "đường số 9"
    rf"|{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{0,3}}(?:{_S}+\d+[A-Z]?(?!\w))?)"  # "Séo Lủng 2"
)
# "số 1234/QĐ-UBND", "số 88/2024/NĐ-CP": a document's number, not a house's.
_NOT_DOCUMENT = r"(?!\d+(?:/\d+)*[^\S\n]?[/\-][^\S\n]?[^\W\d_]{2})"
# "Đoàn kiểm tra số 3", "Khu dân cư số 4", "trên tổng số 2.267": a group's or a count's
# number. (Each look-behind has one width, as Python's must.)
_NOT_GROUP = "".join(
    f"(?<!{word} )"
    for word in (
        "tổng",
        "Tổng",
        "tra",
        "cư",
        "tin",
        "tác",
        "định",
        "quyết",
        "luận",
        "thị",
        "báo",
        "bản",
        "hoạch",
        "thư",
        "văn",
        "trình",
        "tư",
        "câu",
        "mục",
        "phiếu",
        "kỳ",
        "trạm",
        "đợt",
        "lần",
        "đoàn",
        "Đoàn",
        "đội",
        "Đội",
        "tổ",
        "Tổ",
        "con",
        "trong",
        "hiệu",
        "lệnh",
        "bão",
        "Bão",
        "đới",
    )
)
# "tổng số 120 hộ", "số 5 năm 2024": a count or an issue, not a house.
_NOT_COUNT = (
    r"(?![^\S\n]+(?:hộ|người|đảng viên|ý kiến|kiến nghị|vụ|trường hợp|lượt|buổi|cuộc|lần|phiếu"
    r"|bài|thôn|xã|tháng|năm|ngày|triệu|tỷ|nghìn|ngàn|đồng|km|ha|kg|%)(?!\w))"
)
_TAIL = rf"(?:{_S}*,?{_S}*{_STREET_WORDS}{_S}+{_PLACE_NAME}){{0,5}}"
# A house number with its street and no word before it, where a sentence says where someone
# lives: "ở 45 Nguyễn Trãi", "Địa chỉ: 123/4 Nguyễn Văn Cừ". Not "30 Tháng 4", a date.
_STREET_NAME = (
    r"(?!(?:Tháng|Năm|Ngày|Quý|Ban|Nghị|Quyết|Kết|Chỉ|Thông|Kế|Điều|Khoản|Bí|Tổng|Chủ|Phó"
    r"|Đảng|Hội|Sở|Ủy|Uỷ|Bộ|Cục|Phòng|Huyện|Xã|Phường|Tỉnh|Nhà|Công|Thôn|Xóm|Ấp|Bản|Khu"
    r"|Tổ|Hộ|Người|Trường(?![^\S\n]+Chinh))(?!\w))"
    rf"{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{1,3}}"
)
_ADDRESS = re.compile(
    # Every branch begins with a word: a quick look at the first character skips the rest.
    r"(?<![\w])(?=[^\W\d_])(?:"
    rf"(?<![\w]){_NOT_GROUP}(?i:{_words(_HOUSE_PLACE)}){_S}+{_NOT_DOCUMENT}{_NUMBER}{_NOT_COUNT}"
    rf"(?:{_S}+{_STREET_NAME})?{_TAIL}"
    rf"|(?<![\w])(?<!Quân )(?<!quân )(?i:{_words(_NUMBERED_PLACE)}){_S}+{_NUMBER}{_NOT_COUNT}"
    rf"{_TAIL}"
    rf"|(?<![\w]){_NOT_BAN}{_NAMED_PLACE}{_S}+{_NOT_TITLE}{_PLACE_NAME}{_TAIL}"
    rf"|(?<![\w])(?i:ở|tại|trọ|địa chỉ:?|đc:?|đ/c:?|nhà){_S}+"
    rf"(?P<street>\d{{1,4}}(?:/\d{{1,4}})?[A-Z]?{_S}+{_STREET_NAME}){_TAIL}"
    rf"|(?<![\w])(?i:đường|phố){_S}+{_NAME_WORD}(?:{_S}+{_NAME_WORD}){{0,3}}(?={_S}*,?{_S}*(?i:số){_S}+\d)"
    r")"
)

LABELS = {
    "email": "[thư điện tử]",
    "url": "[địa chỉ mạng]",
    "handle": "[tài khoản mạng]",
    "phone": "[số điện thoại]",
    "id": "[số giấy tờ]",
    "address": "[địa chỉ]",
    "person": "[tên người]",
}
# In this order: an address holds digits an ID would take, a URL holds what a handle would.
_PATTERNS = (
    ("email", _EMAIL),
    ("url", _URL),
    ("handle", _HANDLE),
    ("phone", _PHONE),
    ("id", _ID),
    ("address", _ADDRESS),
)


@dataclass(frozen=True, slots=True)
class Redaction:
    """What was removed: its kind (a key of LABELS) and its span in the NFC text."""

    kind: str
    start: int
    end: int


def _named_after_a_place(text: str, start: int) -> bool:
    """Whether the name at `start` follows a word for a street, a school or a place."""
    before = text[max(0, start - 40) : start]
    return bool(_NAMED_AFTER.search(before)) and not _OFFICE_BEFORE.search(before)


def _too_short_for_an_id(found: str) -> bool:
    """Digits in groups that add up to fewer than 9 and carry no letter (as a number plate
    does): "12 14 16", a list of figures."""
    return not any(c.isalpha() for c in found) and sum(c.isdigit() for c in found) < 9


def find_personal(text: str) -> list[Redaction]:
    """The spans of `text` (NFC) that may name a person, in text order, never overlapping."""
    found: list[Redaction] = []
    # The spans taken so far, sorted and never overlapping: a new one is free if it ends
    # before the next one starts and starts after the one before ends (so a long text with
    # many names is not checked against every name found).
    starts: list[int] = []
    ends: list[int] = []

    def add(kind: str, start: int, end: int) -> None:
        at = bisect.bisect_right(starts, start)
        if (at == 0 or ends[at - 1] <= start) and (at == len(starts) or end <= starts[at]):
            starts.insert(at, start)
            ends.insert(at, end)
            found.append(Redaction(kind, start, end))

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if kind == "id" and _too_short_for_an_id(match[0]):
                continue
            # An address told by "ở 45 Nguyễn Trãi" begins at its number, not at "ở".
            start = match.start("street") if kind == "address" and match["street"] else None
            add(kind, start if start is not None else match.start(), match.end())
    for pattern in (_PERSON, _PERSON_CAPS):
        for match in pattern.finditer(text):
            if match["name"] not in PUBLIC_NAMES:
                add("person", *match.span("name"))
    for match in _LOWER_GIVEN.finditer(text):
        pair = " ".join(text[match.start() : match.end("name")].lower().split())
        if pair not in _ORDINARY:
            add("person", *match.span("name"))
    for pattern in (_FULL_NAME, _MIDDLE_NAME):
        for match in pattern.finditer(text):
            if match[0] not in PUBLIC_NAMES and not _named_after_a_place(text, match.start()):
                add("person", *match.span())
    for match in _PLAIN_NAME.finditer(text):
        # Written as names are ("Nguyễn Thị Minh Khai"), it was the rules above to judge.
        if match[0] != match[0].title():
            add("person", *match.span())
    _add_names_said_again(text, found, add)
    return sorted(found, key=lambda r: r.start)


def _add_names_said_again(text: str, found: list[Redaction], add) -> None:
    """A name once given in full is then said alone ("Trịnh Văn Khải … Khải còn đến tận
    nhà"): the given name (a name's last word) is removed wherever it stands alone, as one
    capitalised word that no other capitalised word or word for a place touches ("Hà" stays
    in "Hà Nội" and "phường Hà"). One pass over the text for all the names."""
    given = {
        text[r.start : r.end].split()[-1]
        for r in found
        if r.kind == "person" and text[r.start].isupper()
    }
    given = {word for word in given if len(word) > 1 and re.fullmatch(_NAME_WORD, word)}
    if not given:
        return
    alone = re.compile(rf"(?<![\w'])(?:{_words(given)})(?![\w'])(?!{_S}+[{_UPPER}])")
    for match in alone.finditer(text):
        before = max(0, match.start() - 30), match.start()
        if not (_PLACE_BEFORE.search(text, *before) or _NAME_BEFORE.search(text, *before)):
            add("person", *match.span())


def redact(text: str) -> str:
    """`text` with every span `find_personal` finds replaced by its label."""
    text = nfc(text)
    parts, at = [], 0
    for found in find_personal(text):
        parts += [text[at : found.start], LABELS[found.kind]]
        at = found.end
    parts.append(text[at:])
    return "".join(parts)
