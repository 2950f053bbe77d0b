"""Entries checked against the contest's rules: each refusal says why and saves nothing; an
entry received counts in the submitting unit's figures, with the contest as their source."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.contests.conftest import ESSAY, submit
from tuyengiao.contests.models import Author, Category, CategoryKind, Entry
from tuyengiao.contests.services import AuthorIn, entry_submit
from tuyengiao.values.models import SCALE, Aggregate, DataValue, SourceKind


def _entries_figure(unit, kind=CategoryKind.ESSAY):
    return DataValue.objects.filter(
        indicator__code="CT_BAI_DU_THI", orgunit=unit, option=kind
    ).first()


def _refused(contest, user, unit, **fields) -> list[str]:
    """The reasons `submit` is refused for; nothing saved, no file left behind."""
    entries, files = Entry.objects.count(), _media_files()
    with pytest.raises(ValidationError) as refused:
        submit(contest, user, unit, **fields)
    assert Entry.objects.count() == entries and _media_files() == files
    return refused.value.messages


def _media_files() -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_commune_submits_two_essays_and_its_figure_counts_them(contest, tree, owner):
    first = submit(contest, owner, tree.commune_a)
    second = submit(contest, owner, tree.commune_a, author="Trần Văn Nam", title="Bài thứ hai")
    assert first.words == len(ESSAY.split()) and "nền tảng tư tưởng" in first.text
    assert [a.name for a in second.authors.all()] == ["Trần Văn Nam"]
    figure = _entries_figure(tree.commune_a)
    assert figure is not None and figure.value == 2 and figure.period == str(contest.year)
    assert figure.source == SourceKind.CONTEST and figure.source_id == contest.pk


def test_the_province_total_counts_its_communes_entries(contest, tree, owner, outsider):
    submit(contest, owner, tree.cell_a1)
    submit(contest, outsider, tree.commune_b, author="Lê Văn Tám")
    assert _entries_figure(tree.cell_a1).value == 1
    assert _entries_figure(tree.commune_a) is None  # the cell's own figure, not its commune's
    total = Aggregate.objects.get(
        orgunit=tree.province, indicator__code="CT_BAI_DU_THI", period=str(contest.year),
        option=CategoryKind.ESSAY,
    )  # fmt: skip
    assert total.total == 2 * SCALE


def test_a_too_long_essay_is_refused_with_its_length(contest, tree, owner):
    long = " ".join(["chữ"] * 75)
    messages = _refused(contest, owner, tree.commune_a, text=long)
    assert messages == ["Bài dự thi dài 75 chữ, vượt giới hạn 60 chữ."]
    assert not Entry.objects.exists() and not Author.objects.exists()
    assert _entries_figure(tree.commune_a) is None


def test_a_second_entry_of_an_author_in_a_category_is_refused(contest, tree, owner, outsider):
    submit(contest, owner, tree.commune_a)
    # Through another unit, and with the name typed in capitals: the same person.
    messages = _refused(contest, outsider, tree.commune_b, author="NGUYỄN THỊ  HOA", title="Khác")
    assert messages == [
        "Tác giả Nguyễn Thị Hoa đã có bài dự thi ở thể loại Chính luận: mỗi tác giả chỉ "
        "được gửi một bài mỗi thể loại."
    ]
    assert Entry.objects.count() == 1 and _entries_figure(tree.commune_b) is None


def test_a_namesake_with_another_contact_is_another_author(contest, tree, owner):
    submit(contest, owner, tree.commune_a)
    other = submit(contest, owner, tree.commune_a, title="Bài khác", contact="hoa@example.vn")
    assert other.pk and _entries_figure(tree.commune_a).value == 2


def test_press_works_published_outside_the_window_are_refused(contest, tree, owner):
    online = contest.categories.get(kind=CategoryKind.ONLINE)
    last_year = datetime.date(contest.year - 1, 12, 30)
    messages = _refused(
        contest, owner, tree.commune_a, category=online, published_on=last_year,
        outlet="Báo Hòa Lâm điện tử",
    )  # fmt: skip
    assert messages == [
        f"Tác phẩm đăng, phát ngày 30/12/{contest.year - 1}, ngoài thời gian xét giải "
        f"(từ 01/01/{contest.year} đến {timezone.localdate():%d/%m/%Y})."
    ]
    entry = submit(contest, owner, tree.commune_a, category=online,
                   published_on=timezone.localdate(), outlet="Báo Hòa Lâm điện tử")  # fmt: skip
    assert _entries_figure(tree.commune_a, CategoryKind.ONLINE).value == 1 and entry.outlet


def test_a_closed_contest_takes_no_entry(contest, tree, owner):
    contest.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    contest.save()
    messages = _refused(contest, owner, tree.commune_a)
    assert messages[0].startswith("Cuộc thi nhận bài từ ")


def test_only_an_editor_of_a_unit_under_the_organiser_submits(
    commune_contest, contest, tree, member, outsider
):
    with pytest.raises(PermissionDenied):
        submit(contest, member, tree.commune_a)  # a viewer
    with pytest.raises(PermissionDenied):
        submit(commune_contest, outsider, tree.commune_b)  # a unit beside the organiser
    assert not Entry.objects.exists()


def test_a_television_work_comes_with_its_link_and_its_recording(contest, tree, owner):
    television = Category.objects.create(
        contest=contest, name="Truyền hình", kind=CategoryKind.TELEVISION
    )
    fields = {"category": television, "published_on": timezone.localdate(), "outlet": "Đài PT-TH"}
    video = SimpleUploadedFile("phong-su.mp4", b"\x00\x00\x00\x18ftypmp42")
    with pytest.raises(ValidationError) as refused:
        entry_submit(user=owner, contest=contest, category=television, orgunit=tree.commune_a,
                     title="Phóng sự", authors=[AuthorIn("Lê Văn Tám")], upload=video,
                     published_on=fields["published_on"], outlet=fields["outlet"])  # fmt: skip
    assert refused.value.messages == [
        "Tác phẩm phát thanh, truyền hình cần đường dẫn đến tác phẩm."
    ]
    video.seek(0)
    entry = entry_submit(
        user=owner, contest=contest, category=television, orgunit=tree.commune_a,
        title="Phóng sự", authors=[AuthorIn("Lê Văn Tám")], upload=video,
        link="https://truyenhinh.example.vn/phong-su", published_on=fields["published_on"],
        outlet=fields["outlet"],
    )  # fmt: skip
    assert entry.text == "" and entry.words == 0 and entry.file.size == video.size
    program = SimpleUploadedFile("chuong-trinh.exe", b"MZ\x90\x00")
    messages = _refused(contest, owner, tree.commune_a, link="https://example.vn/x",
                        upload=program, **fields)  # fmt: skip
    assert messages == ["Chưa đọc được tệp .exe: chỉ nhận .txt, .docx và .pdf."]


def test_an_authors_details_are_bounded(contest, tree, owner):
    messages = _refused(contest, owner, tree.commune_a, author="Nguyễn " * 30)
    assert messages == ["Họ và tên của tác giả dài quá 120 ký tự."]
