"""Redaction of what may name a person in free text (issue 19: a citizen's answer is read
only after this pass; issue 21: an entry's text before judges see it).

It removes what looks like: e-mail addresses, web addresses and account handles ("@ten",
"fb.com/ten", "zalo 0912…"), phone numbers (mobile and landline, with or without +84, in
groups), ID numbers (CCCD 12 digits, CMND 9 digits, a long run of digits), house addresses
("số 12 đường Trần Phú", "ngõ 5", "tổ 3, khu phố 2") and people's names after a word that
introduces a person ("ông Nguyễn Văn A", "chị Lan", "đồng chí Hoàng Thị B", "cháu", "bác").
Each is replaced by a bracketed label saying what was there, so a reader still follows the
sentence ("[số điện thoại]").

It errs towards removing: a person reading a citizen's words loses a name of a street or a
capitalised place after "anh", never the citizen's privacy. It is a pass before people read,
not a guarantee: staff still code and then delete the raw text.
"""

import re
from dataclasses import dataclass

from tuyengiao.textkit.normalize import nfc


def _letters(test) -> str:
    """A character class of the Latin letters Vietnamese writes that pass `test`: upper and
    lower case interleave in Unicode's Vietnamese block, so no range can say it."""
    chars = (chr(c) for c in range(0x41, 0x1EFA))
    return "".join(re.escape(c) for c in chars if c.isalpha() and test(c))


# A capitalised word (its first letter upper case, the rest lower case), as names are written.
_UPPER = _letters(str.isupper)
_LOWER = _letters(str.islower)
_NAME_WORD = rf"[{_UPPER}][{_LOWER}]*(?!\w)"
# Words that introduce a person by kinship or rank, as Vietnamese speaks of people.
_PERSON_WORDS = (
    "ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cậu", "mợ", "dì", "thím", "cháu",
    "cụ", "đồng chí", "đ/c", "bạn", "thầy", "cô giáo", "bác sĩ", "trưởng thôn", "tổ trưởng",
    "chủ hộ", "người tên", "tên là", "họ tên", "họ và tên",
)  # fmt: skip
# The word in front in any case ("Ông", "ông"); the name after it capitalised, as names are.
_PERSON = re.compile(
    r"(?<![\w])(?i:"
    + "|".join(sorted(map(re.escape, _PERSON_WORDS), key=len, reverse=True))
    + rf")\s*:?\s+(?P<name>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,4}})"
)

# The commonest family names, which begin nearly every Vietnamese full name: three or more
# capitalised words after one are taken for a name even with no word before it ("Nguyễn Văn
# Tám phản ánh", "Chủ tịch UBND xã Trần Văn B"). Two words are not: "Lê Lợi", "Hà Nội".
_SURNAMES = (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Đào", "Mai", "Cao", "Lương", "Tạ", "Hà",
    "Lâm", "Trương", "Đoàn", "Vương", "Quách", "Tô", "Châu", "Lưu", "Kiều", "Thái", "Triệu",
    "Chu", "Hứa", "Tăng", "Lò", "Lục", "Nông", "Hầu", "Giàng", "Sùng", "Vàng", "Thào",
)  # fmt: skip
_FULL_NAME = re.compile(rf"(?<![\w])(?:{'|'.join(_SURNAMES)})(?:\s+{_NAME_WORD}){{2,4}}")
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
    "Nguyễn Thái Học", "Phan Đình Phùng", "Hoàng Hoa Thám", "Nguyễn Chí Thanh",
    # "Bác Hồ", as the country speaks of him.
    "Hồ",
})  # fmt: skip

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)\S+"
    r"|\b(?:facebook|fb|zalo|tiktok|youtube|instagram|twitter|x|t)\.(?:com|me|vn)/\S+",
    re.IGNORECASE,
)
_HANDLE = re.compile(r"(?<![\w.])@[\w.]{2,}")
# +84 or 0, then 9–10 more digits in groups of any size separated by spaces, dots or dashes.
_PHONE = re.compile(r"(?<![\w])(?:\+84|0084|0)(?:[\s.\-]?\d){9,10}(?![\w])")
# A CCCD has 12 digits, a CMND 9; any run of 9 or more digits is a number about someone.
_ID = re.compile(r"(?<![\w,./])\d{9,}(?![\w])|(?<![\w])\d{3}(?:[\s.]\d{3}){2,3}(?![\w])")
_PLACE_WORDS = r"(?i:số nhà|nhà số|số|ngõ|ngách|hẻm|kiệt|tổ dân phố|tổ|khu phố|thôn|xóm|ấp|bản)"
_STREET_WORDS = r"(?i:đường|phố|ngõ|ngách|hẻm|kiệt|tổ dân phố|tổ|khu phố|thôn|xóm|ấp)"
_PLACE_NAME = rf"(?:\d+[\w/]*|{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})"
# "số 12 đường Trần Phú", "ngõ 5, ngách 12", "tổ 3, khu phố 2": a numbered place and the
# streets after it; or a named street before its house number ("đường Lê Lợi, số 4").
_ADDRESS = re.compile(
    rf"(?<![\w]){_PLACE_WORDS}\s+\d+[\w/]*(?:\s*,?\s*{_STREET_WORDS}\s+{_PLACE_NAME})*"
    rf"|(?<![\w])(?i:đường|phố)\s+{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}(?=\s*,?\s*(?i:số)\s+\d)"
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


def find_personal(text: str) -> list[Redaction]:
    """The spans of `text` (NFC) that may name a person, in text order, never overlapping."""
    found: list[Redaction] = []

    def free(start: int, end: int) -> bool:
        return all(end <= r.start or start >= r.end for r in found)

    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if free(*match.span()):
                found.append(Redaction(kind, *match.span()))
    for match in _PERSON.finditer(text):
        start, end = match.span("name")
        if free(start, end) and match["name"] not in PUBLIC_NAMES:
            found.append(Redaction("person", start, end))
    for match in _FULL_NAME.finditer(text):
        if free(*match.span()) and match[0] not in PUBLIC_NAMES:
            found.append(Redaction("person", *match.span()))
    return sorted(found, key=lambda r: r.start)


def redact(text: str) -> str:
    """`text` with every span `find_personal` finds replaced by its label."""
    text = nfc(text)
    parts, at = [], 0
    for found in find_personal(text):
        parts += [text[at : found.start], LABELS[found.kind]]
        at = found.end
    parts.append(text[at:])
    return "".join(parts)
