"""What a judge sees of an entry: its code and its text, never its authors' names, their
units or the submitting unit's name, however the text writes them; nothing of an entry not
given to them."""

import pytest
from django.http import Http404

from tests.contests.conftest import entries_closed, submit
from tuyengiao.contests.judging import round_open
from tuyengiao.contests.models import Assignment
from tuyengiao.contests.selectors import judge_assignments, judge_entry, sealed_text
from tuyengiao.textkit.normalize import fold

SIGNED = (
    "Xã An Bình giữ vững trận địa tư tưởng. Tôi, NGUYỄN THỊ HOA, đảng viên Chi bộ thôn 1, "
    "Đảng ủy xã An Bình, viết bài này. Ở An Bình, chi bộ họp đều. Liên hệ: 0912 345 678, "
    "hoa.nguyen@example.vn. Nguyễn  Thị Hoa."
)


@pytest.fixture
def signed(contest, tree, owner, staff):
    entry = submit(contest, owner, tree.commune_a, text=SIGNED, title="Xã An Bình vững vàng")
    entries_closed(contest)
    round_open(user=staff, round=contest.rounds.get(number=1))
    return entry


def test_the_judge_reads_the_code_and_the_text_without_names(signed, judges):
    seen = Assignment.objects.filter(sealed__entry=signed)
    assert seen.count() == 2
    for assignment in seen:
        view = judge_entry(user=assignment.judge, assignment_id=assignment.pk)
        assert view.code == assignment.sealed.code
        shown = fold(f"{view.title} {view.text}")
        for hidden in ("Nguyễn Thị Hoa", "An Bình", "Chi bộ thôn 1", "0912", "hoa.nguyen"):
            assert fold(hidden) not in shown, (hidden, view.text)
        assert "trận địa tư tưởng" in view.text and "[tác giả]" in view.text


def test_a_judge_reaches_only_the_entries_given_to_them(signed, contest, judges):
    given = Assignment.objects.filter(sealed__entry=signed)
    outside = next(j for j in judges if not given.filter(judge=j).exists())
    with pytest.raises(Http404):
        judge_entry(user=outside, assignment_id=given.first().pk)
    listed = judge_assignments(user=outside, round=contest.rounds.get(number=1))
    assert not listed.filter(sealed__entry=signed).exists()


def test_only_the_names_go_not_the_words_they_contain():
    names = [("Nguyễn Thị Hoa", "[tác giả]"), ("An Bình", "[đơn vị]")]
    text = sealed_text("Hoa sen nở. Nguyễn Thị Hoa viết; phường Bình An; an bình.", names)
    assert text == "Hoa sen nở. [tác giả] viết; phường Bình An; [đơn vị]."
