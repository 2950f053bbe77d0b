"""A meeting over several days whose text gives no end hour: the textkit's `end` is a day
alone, and the proposal ends on that day with no end hour."""

import datetime

import pytest

from tests.activities.invitations import invitation
from tuyengiao.activities.meetings import meeting_save, meetings_proposed

TEXT = (
    "TỈNH ỦY THỬ\nSố 116-GM/TU\nGIẤY MỜI\nBan Thường vụ Tỉnh ủy trân trọng kính mời đồng chí "
    "dự lớp bồi dưỡng.\n- Thời gian: {when}.\n- Địa điểm: Trường Chính trị tỉnh.\n"
)
FIRST, LAST = datetime.date(2026, 4, 14), datetime.date(2026, 4, 15)


@pytest.mark.parametrize(
    ("when", "starts_at", "ends_at"),
    [
        ("từ ngày 14/4/2026 đến hết ngày 15/4/2026", None, None),
        ("từ 7h30 ngày 14/4/2026 đến ngày 15/4/2026", datetime.time(7, 30), None),
        (
            "từ 7h30 ngày 14/4/2026 đến 17h00 ngày 15/4/2026",
            datetime.time(7, 30),
            datetime.time(17),
        ),
    ],
)
def test_a_meeting_over_days_ends_on_its_last_day(tree, owner, when, starts_at, ends_at):
    document = invitation(tree.commune_a, owner, text=TEXT.format(when=when))
    [proposal] = meetings_proposed(user=owner, document=document)
    meeting = proposal.meeting
    found = (meeting.held_on, meeting.starts_at, meeting.ends_on, meeting.ends_at)
    assert found == (FIRST, starts_at, LAST, ends_at)
    meeting_save(user=owner, meeting=meeting, invited=proposal.invited)  # valid as proposed
