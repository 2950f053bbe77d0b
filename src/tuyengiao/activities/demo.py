"""Two invitations in the demo province: the Tỉnh ủy invites the first commune to a study
conference in five days (116-GM/TU) and, twelve days ago, to a reporters' conference
(98-GM/TU). The commune's editor registers each through the document import, as a scanned
or typed invitation comes in, and puts its meeting on the commune's calendar from the
proposals read in its text (`meetings.meetings_proposed`), as the invitation page does.

(Written again by the "bulk" helper after it overwrote the first version by mistake; the
shape follows that version's commit, 1fc7a82.)
"""

import datetime

from tuyengiao.activities.meetings import meeting_save, meetings_proposed
from tuyengiao.activities.models import Meeting
from tuyengiao.documents.importing import document_import
from tuyengiao.orgunits.models import OrgUnit

# (number, issued days before today, meeting days from today, hour, meeting)
INVITATIONS = [
    ("98", 17, -12, "08 giờ 00", "Hội nghị báo cáo viên Tỉnh ủy tháng {day.month}/{day.year}",
     "cung cấp thông tin định hướng tuyên truyền cuối năm"),
    ("116", 3, 5, "14 giờ 00",
     "Hội nghị học tập, quán triệt Chỉ thị số 20-CT/TU của Ban Thường vụ Tỉnh ủy",
     "về tăng cường công tác tuyên truyền miệng và đội ngũ báo cáo viên"),
]  # fmt: skip

TEXT = """TỈNH ỦY HÒA LÂM
*
Số {number}-GM/TU
ĐẢNG CỘNG SẢN VIỆT NAM

Hòa Lâm, ngày {issued:%d} tháng {issued.month} năm {issued.year}

GIẤY MỜI
{meeting}

Kính gửi: {commune}.

Ban Thường vụ Tỉnh ủy tổ chức {meeting} {about}.
Ban Thường vụ Tỉnh ủy trân trọng kính mời đồng chí Bí thư, đồng chí Phó Bí thư phụ trách công \
tác tuyên giáo {commune} dự hội nghị, vào lúc {hour}, ngày {day:%d/%m/%Y}, tại Hội trường \
Tỉnh ủy Hòa Lâm, số 12 đường Nguyễn Du, phường Đồi Nắng.
Đề nghị các đồng chí sắp xếp thời gian dự đầy đủ, đúng giờ./.

Nơi nhận:
- Như trên,
- Lưu Văn phòng Tỉnh ủy.
T/L BAN THƯỜNG VỤ
CHÁNH VĂN PHÒNG
"""


def demo_invitations_create(
    *, province: OrgUnit, commune: OrgUnit, editor, today: datetime.date
) -> list[Meeting]:
    """Register the two invitations in `commune` as its `editor` and save their meetings on
    its calendar; returns the meetings. `province` is the inviting body, found in the text."""
    meetings = []
    for number, sent, held, hour, meeting, about in INVITATIONS:
        day = today + datetime.timedelta(days=held)
        text = TEXT.format(
            number=number,
            issued=today - datetime.timedelta(days=sent),
            day=day,
            hour=hour,
            meeting=meeting.format(day=day),
            about=about,
            commune=commune.name,
        )
        outcome = document_import(
            user=editor, orgunit=commune, filename=f"giay-moi-{number}-gm-tu.txt",
            data=text.encode("utf-8"),
        )  # fmt: skip
        if outcome.document is None:
            raise RuntimeError(f"demo invitation {number}-GM/TU not registered: {outcome.skipped}")
        for proposal in meetings_proposed(user=editor, document=outcome.document):
            meetings.append(
                meeting_save(user=editor, meeting=proposal.meeting, invited=proposal.invited)
            )
    return meetings
