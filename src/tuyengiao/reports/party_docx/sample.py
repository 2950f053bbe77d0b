"""The sample report in the default template's body: what an administrator sees in Word.

The body is cleared when a report is made, so the sample only shows each style at work and
says which to change; its numbers and names are made up.
"""

import datetime

from .model import Heading, Paragraph, PartyReport, Table

SAMPLE = PartyReport(
    parent_body="Tỉnh ủy Hòa Lâm",
    body="Ban Tuyên giáo và Dân vận",
    number="27-BC/BTGDVTU",
    place="Hòa Lâm",
    date=datetime.date(2026, 12, 5),
    kind="Báo cáo",
    summary="kết quả công tác tuyên giáo tháng 11 năm 2026",
    blocks=[
        Heading("I. Mẫu báo cáo: nội dung này được xóa khi tạo báo cáo", 0),
        Paragraph(
            "Mỗi phần của báo cáo lấy chữ, cỡ chữ, căn lề và giãn dòng từ một kiểu (style) tên "
            "bắt đầu bằng “Party”: thân văn bản là “Party Body”, tiêu đề mục là “Party Heading "
            "1”, “Party Heading 2”, “Party Heading 3”, bảng số liệu là “Party Table …”. Sửa các "
            "kiểu đó và lề trang (Bố cục › Lề) trong Word, không sửa chữ của mẫu này."
        ),
        Heading("1. Tiêu đề mục cấp hai", 1),
        Heading("a) Tiêu đề mục cấp ba", 2),
        Paragraph("Số trang ở giữa, phía trên, từ trang thứ hai (kiểu “Party Page Number”)."),
        Table(
            caption="Bảng 1. Bảng số liệu mẫu",
            header=["TT", "Đơn vị", "Hội nghị", "Lượt người nghe"],
            rows=[
                ["1", "Xã Hòa Bình", "4", "1.250"],
                ["2", "Xã Hòa Phú", "3", "980"],
                ["", "Tổng cộng", "7", "2.230"],
            ],
        ),
    ],
    authority="T/M Ban Thường vụ",
    signer_title="Phó Bí thư",
    signer="Nguyễn Văn A",
    recipients=["Ban Tuyên giáo và Dân vận Trung ương,", "Lưu Văn phòng."],
)
