"""Demo documents for the demo province: the central documents a provincial office works
from, the province's own resolution, conclusion, plans and directive, and a commune's plan
that concretises the conclusion, registered through the same path as an upload so that the
demo shows real prefill, links and placeholders.

Every provincial name is invented; the central documents are public, registered with their
real numbers, dates and titles and a short note in place of their full text. The conclusion
and the commune's plan are dated from today, so that the deadlines written in the conclusion
are the deadlines of the tasks the demo sets from it (tracking.demo.DEADLINE_DAYS), and no
date lies in the future or before the unit that issued the document opened.
"""

import datetime

from tuyengiao.documents.importing import document_import
from tuyengiao.orgunits.models import OrgUnit

# (symbol, issuer line, date, type line, author line, title)
CENTRAL = [
    ("33-NQ/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2014, 6, 9), "NGHỊ QUYẾT",
     "HỘI NGHỊ LẦN THỨ CHÍN BAN CHẤP HÀNH TRUNG ƯƠNG ĐẢNG KHÓA XI",
     "về xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát triển bền "
     "vững đất nước"),
    ("05-CT/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2016, 5, 15), "CHỈ THỊ",
     "CỦA BỘ CHÍNH TRỊ",
     "về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("35-NQ/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2018, 10, 22), "NGHỊ QUYẾT",
     "CỦA BỘ CHÍNH TRỊ",
     "về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai "
     "trái, thù địch trong tình hình mới"),
    ("76-KL/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2020, 6, 4), "KẾT LUẬN",
     "CỦA BỘ CHÍNH TRỊ",
     "về tiếp tục thực hiện Nghị quyết số 33-NQ/TW, ngày 09/6/2014 của Hội nghị Trung ương 9 "
     "khóa XI về xây dựng và phát triển văn hóa, con người Việt Nam đáp ứng yêu cầu phát "
     "triển bền vững đất nước"),
    ("01-KL/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2021, 5, 18), "KẾT LUẬN",
     "CỦA BỘ CHÍNH TRỊ",
     "về tiếp tục thực hiện Chỉ thị số 05-CT/TW, ngày 15/5/2016 của Bộ Chính trị về đẩy mạnh "
     "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"),
    ("144-QĐ/TW", "BAN CHẤP HÀNH TRUNG ƯƠNG", datetime.date(2024, 5, 9), "QUY ĐỊNH",
     "CỦA BỘ CHÍNH TRỊ",
     "về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới"),
]  # fmt: skip
CENTRAL_NOTE = (
    "Văn bản được đăng ký để theo dõi việc học tập, quán triệt và thực hiện; toàn văn lưu tại "
    "Văn phòng Tỉnh ủy."
)

RESOLUTION = """TỈNH ỦY HÒA LÂM
*
Số 09-NQ/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 18 tháng 10 năm 2021

NGHỊ QUYẾT
CỦA BAN CHẤP HÀNH ĐẢNG BỘ TỈNH
về xây dựng và phát triển văn hóa, con người Hòa Lâm giai đoạn 2021-2025
-----

Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về đẩy mạnh học tập và làm theo tư tưởng,
đạo đức, phong cách Hồ Chí Minh, Ban Chấp hành Đảng bộ tỉnh quyết nghị:

1. Mục tiêu
Đến năm 2025, có trên 90% gia đình đạt danh hiệu "Gia đình văn hóa"; 100% xã, phường có
thiết chế văn hóa; 30/30 xã, phường có đội văn nghệ quần chúng.

2. Nhiệm vụ, giải pháp
Các cấp ủy tổ chức học tập, quán triệt Nghị quyết đến 100% cán bộ, đảng viên; xây dựng
chương trình hành động cụ thể hóa Nghị quyết, hoàn thành trong quý I/2022.
"""

PLAN_35 = """TỈNH ỦY HÒA LÂM
*
Số 45-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 10 tháng 01 năm 2019

KẾ HOẠCH
thực hiện Nghị quyết số 35-NQ/TW, ngày 22/10/2018 của Bộ Chính trị về tăng cường bảo vệ nền tảng tư tưởng của Đảng, đấu tranh phản bác các quan điểm sai trái, thù địch trong tình hình mới
-----

1. Tổ chức học tập, quán triệt Nghị quyết đến 100% cán bộ, đảng viên trong quý I/2019.
2. Kiện toàn Ban Chỉ đạo 35 của Tỉnh ủy; các huyện ủy, thị ủy kiện toàn Ban Chỉ đạo cùng cấp.
3. Hằng quý, Ban Tuyên giáo Tỉnh ủy tổng hợp, báo cáo kết quả thực hiện.
"""

DIRECTIVE = """TỈNH ỦY HÒA LÂM
*
Số 20-CT/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 10 tháng 5 năm 2022

CHỈ THỊ
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về tăng cường công tác tuyên truyền miệng và đội ngũ báo cáo viên trong tình hình mới
-----

1. Mỗi đảng bộ, chi bộ cơ sở có ít nhất 2 tuyên truyền viên; hội nghị báo cáo viên tổ chức
định kỳ hằng tháng.
2. Ban Tuyên giáo Tỉnh ủy hướng dẫn, kiểm tra việc thực hiện Chỉ thị này.
"""

PLAN_01 = """TỈNH ỦY HÒA LÂM
*
Số 12-KH/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 20 tháng 7 năm 2021

KẾ HOẠCH
thực hiện Kết luận số 01-KL/TW, ngày 18/5/2021 của Bộ Chính trị về tiếp tục thực hiện Chỉ thị số 05-CT/TW
-----

1. Đưa nội dung học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh vào sinh hoạt
chi bộ hằng tháng.
2. Hằng năm, các cấp ủy sơ kết, biểu dương tập thể, cá nhân tiêu biểu.
"""

BAN_PLAN = """TỈNH ỦY HÒA LÂM
BAN TUYÊN GIÁO VÀ DÂN VẬN
*
Số 27-KH/BTGDVTU
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày 15 tháng 01 năm 2026

KẾ HOẠCH
tuyên truyền thực hiện Quy định số 144-QĐ/TW, ngày 09/5/2024 của Bộ Chính trị về chuẩn mực đạo đức cách mạng của cán bộ, đảng viên trong giai đoạn mới
-----

1. Biên soạn tài liệu hỏi - đáp về Quy định, gửi các đảng ủy xã, phường trong quý I/2026.
2. Đưa nội dung Quy định vào hội nghị báo cáo viên hằng tháng.
"""


def _date(day: datetime.date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _dateline(place: str, day: datetime.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month} năm {day.year}"


def conclusion_text(*, issued: datetime.date, deadlines: list[datetime.date]) -> str:
    """88-KL/TU, whose five items carry `deadlines` in their text."""
    first, second, third, fourth, fifth = (_date(day) for day in deadlines)
    return f"""TỈNH ỦY HÒA LÂM
*
Số 88-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
{_dateline("Hòa Lâm", issued)}

KẾT LUẬN
CỦA BAN THƯỜNG VỤ TỈNH ỦY
về tiếp tục thực hiện Nghị quyết số 09-NQ/TU, ngày 18/10/2021 của Ban Chấp hành Đảng bộ tỉnh về xây dựng và phát triển văn hóa, con người Hòa Lâm giai đoạn 2021-2025
-----

I. KẾT QUẢ THỰC HIỆN
Sau gần 5 năm thực hiện, 100% cấp ủy trực thuộc đã tổ chức học tập, quán triệt; toàn tỉnh
có 1.245 khu dân cư đạt chuẩn văn hóa, 89,8% gia đình đạt danh hiệu "Gia đình văn hóa";
77 hội nghị thông tin thời sự với trên 3.700 lượt người nghe.

II. NHIỆM VỤ, GIẢI PHÁP TRONG THỜI GIAN TỚI
1. Tiếp tục tăng cường sự lãnh đạo, chỉ đạo của các cấp ủy đảng. Đảng ủy các xã, phường xây
dựng kế hoạch cụ thể hóa Kết luận này, hoàn thành trước ngày {first}.
a) Tổ chức học tập, quán triệt Kết luận đến 100% cán bộ, đảng viên.
b) Đưa việc thực hiện Kết luận vào chương trình kiểm tra, giám sát hằng năm.
2. Đổi mới, nâng cao chất lượng công tác tuyên truyền về xây dựng văn hóa, con người Hòa
Lâm; mỗi xã, phường tổ chức ít nhất 2 hội nghị thông tin thời sự, hoàn thành trước ngày
{second}.
3. Xây dựng môi trường văn hóa lành mạnh ở cơ sở; rà soát đội văn nghệ quần chúng ở 100%
thôn, tổ dân phố, báo cáo trước ngày {third}.
4. Bảo tồn, phát huy giá trị di sản văn hóa; hoàn thành biên soạn lịch sử Đảng bộ xã,
phường trước ngày {fourth}.
5. Sơ kết việc thực hiện Kết luận, báo cáo Ban Thường vụ Tỉnh ủy trước ngày {fifth}.
"""


def commune_plan_text(*, issued: datetime.date, conclusion_issued: datetime.date) -> str:
    return f"""ĐẢNG BỘ TỈNH HÒA LÂM
ĐẢNG ỦY XÃ LŨNG SƯƠNG
*
Số 15-KH/ĐU
ĐẢNG CỘNG SẢN VIỆT NAM
{_dateline("Lũng Sương", issued)}

KẾ HOẠCH
cụ thể hóa Kết luận số 88-KL/TU, ngày {_date(conclusion_issued)} của Ban Thường vụ Tỉnh ủy về tiếp tục thực hiện Nghị quyết số 09-NQ/TU
-----

1. Tổ chức 3 hội nghị học tập, quán triệt cho 100% cán bộ, đảng viên trong tháng {issued.month}/{issued.year}.
2. Phấn đấu đến cuối năm {issued.year} có 95% gia đình văn hóa; 12/12 thôn có đội văn nghệ.
"""


def _central_text(symbol, issuer, issued, kind, author, title) -> str:
    return (
        f"{issuer}\n*\nSố {symbol}\nĐẢNG CỘNG SẢN VIỆT NAM\n{_dateline('Hà Nội', issued)}\n\n"
        f"{kind}\n{author}\n{title}\n-----\n\n{CENTRAL_NOTE}\n"
    )


def demo_documents_create(
    *, user, province: OrgUnit, ban: OrgUnit, commune: OrgUnit, today: datetime.date,
    deadlines: list[datetime.date],
) -> None:  # fmt: skip
    """Register the demo documents, cited ones first so that links are made, not left as
    placeholders: the province's plans implement the central documents, its conclusion
    continues its resolution, the commune's plan concretises the conclusion."""
    concluded = deadlines[0] - datetime.timedelta(days=60)
    files = [
        (province, f"{symbol.split('/')[0].lower()}-tw.txt", _central_text(symbol, *rest))
        for symbol, *rest in CENTRAL
    ]
    files += [
        (province, "ke-hoach-45-kh-tu.txt", PLAN_35),
        (province, "nghi-quyet-09-nq-tu.txt", RESOLUTION),
        (province, "ke-hoach-12-kh-tu.txt", PLAN_01),
        (province, "chi-thi-20-ct-tu.txt", DIRECTIVE),
        (ban, "ke-hoach-27-kh-btgdvtu.txt", BAN_PLAN),
        (province, "ket-luan-88-kl-tu.txt",
         conclusion_text(issued=concluded, deadlines=deadlines)),
        (commune, "ke-hoach-15-kh-du.txt",
         commune_plan_text(issued=deadlines[0] - datetime.timedelta(days=12),
                           conclusion_issued=concluded)),
    ]  # fmt: skip
    for unit, filename, text in files:
        outcome = document_import(
            user=user, orgunit=unit, filename=filename, data=text.encode("utf-8")
        )
        if outcome.document is None:
            raise RuntimeError(f"demo document {filename} was not registered: {outcome.skipped}")
        assert outcome.document.issued_on is None or outcome.document.issued_on <= today
