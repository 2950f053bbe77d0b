"""Issue 21's "Done when", in the browser: a commune submits two essays, a breach is refused
with its reason, a copied essay is flagged with its passages side by side, the round is
opened under sealed codes and each judge scores seeing codes only (their pages searched for
the authors' names and units, none found), a gap between two judges sends the entry to a
third, prizes are proposed and confirmed, the decision and the certificates come out as
.docx, and the province's entry and prize counts change."""

import io
from decimal import Decimal

import docx
import pytest
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import fits_sideways, log_in

# The contests' fixtures, used here too.
from tests.contests.conftest import ESSAY, entries_closed
from tests.contests.conftest import contest as contest
from tests.contests.conftest import judges as judges
from tests.contests.conftest import leader as leader
from tests.contests.conftest import media as media
from tests.contests.conftest import secretary as secretary
from tests.contests.conftest import staff as staff
from tuyengiao.contests.judging import score_submit
from tuyengiao.contests.models import Assignment
from tuyengiao.contests.seeds import indicators_seed as contests_indicators_seed

SECOND = (
    "Thông tin chính thống phải đến với nhân dân sớm hơn tin đồn. Loa truyền thanh thôn, "
    "nhóm Zalo của chi bộ và buổi họp tổ dân cư là ba kênh mà xã chúng tôi giữ đều đặn mỗi "
    "tuần, để bà con hiểu đúng chủ trương."
)
# Essay one again under another name, with a sentence of its own: most of its text copied.
COPIED = ESSAY + " Mỗi chi bộ cần một kế hoạch riêng."
TOO_LONG = " ".join(["Đảng viên nêu gương trước nhân dân."] * 15)
AUTHORS = {"Nguyễn Thị Hoa": ESSAY, "Trần Văn Nam": SECOND}
UNITS = ["An Bình", "Bình Minh", "Chi bộ thôn 1", "Chi bộ thôn 2"]


@pytest.fixture(autouse=True)
def contest_indicators(transactional_db) -> None:
    """The contests' indicators, which the flush after an earlier live-server test took
    away with the rest of what data migrations wrote (see demo_live)."""
    contests_indicators_seed(apps)


def _submit(page: Page, contest, *, unit: str, author: str, title: str, text: str, tmp_path):
    page.goto(f"/contests/{contest.pk}/")
    with page.expect_navigation():
        page.click("text=Gửi bài dự thi")
    page.select_option("#id_category", label="Chính luận")
    page.fill("#id_title", title)
    page.select_option("#id_orgunit", label=unit)
    page.fill("#id_authors-0-name", author)
    page.fill("#id_authors-0-unit", "Chi bộ thôn 1")
    page.fill("#id_authors-0-contact", "0912 345 678")
    work = tmp_path / f"{title[:20]}.txt"
    work.write_text(text, encoding="utf-8")
    page.set_input_files("#id_file", str(work))
    with page.expect_navigation():
        page.click("#entry-submit")


def _aggregate(page: Page, indicator: str, year: int) -> float:
    answer = page.request.get(
        f"/api/aggregates/?indicator={indicator}&orgunit=TU&period={year}&state=entered"
    )
    assert answer.ok, answer.text()
    return answer.json()["value"] or 0


def test_from_entries_to_sealed_judging_prizes_and_figures(
    page: Page, tree, owner, outsider, staff, leader, secretary, judges, contest, tmp_path
):
    year = timezone.localdate().year
    _as(page, "leader")
    before = {name: _aggregate(page, name, year) for name in ("CT_BAI_DU_THI", "CT_GIAI")}

    # A commune submits two essays; a third, too long, is refused with its reason.
    _as(page, "owner")
    page.click("#site-nav >> text=Cuộc thi")
    for n, (author, text) in enumerate(AUTHORS.items(), start=1):
        _submit(page, contest, unit="Đảng ủy xã An Bình (XA-AB)", author=author,
                title=f"Bài dự thi số {n}", text=text, tmp_path=tmp_path)  # fmt: skip
        expect(page.locator(".messages")).to_contain_text("Đã nhận bài dự thi")
    _submit(page, contest, unit="Đảng ủy xã An Bình (XA-AB)", author="Lê Văn Dài",
            title="Bài quá dài", text=TOO_LONG, tmp_path=tmp_path)  # fmt: skip
    expect(page.locator("#entry-refused")).to_be_visible()
    expect(page.locator("#entry-form")).to_contain_text("vượt giới hạn 60 chữ")
    expect(page.locator("#id_title")).to_have_value("Bài quá dài")
    # Another commune copies the first essay.
    _as(page, "outsider")
    _submit(page, contest, unit="Đảng ủy xã Bình Minh (XA-BM)", author="Lê Thị Mai",
            title="Bài chép lại", text=COPIED, tmp_path=tmp_path)  # fmt: skip
    assert contest.entries.count() == 3

    # The organiser checks for near-duplicates: the copy is flagged, passages side by side.
    _as(page, "staff")
    page.goto(f"/contests/{contest.pk}/")
    with page.expect_navigation():
        page.click("#contest-actions >> text=Kiểm tra trùng lặp")
    with page.expect_navigation():
        page.click("#overlaps-start")
    expect(page.locator("#overlaps-flagged")).to_contain_text("Bài chép lại")
    copied = contest.entries.get(title="Bài chép lại")
    with page.expect_navigation():
        page.click(f"#flagged-{copied.pk} td >> nth=0 >> a")
    expect(page.locator("#overlap-entry mark").first).to_contain_text("nền tảng tư tưởng")
    expect(page.locator("#overlap-other mark").first).to_contain_text("nền tảng tư tưởng")
    page.goto(f"/contests/{contest.pk}/entries/")
    expect(page.locator("#entries")).to_contain_text("trùng")

    # Entries closed, the staff open the first round: codes drawn, entries given out.
    entries_closed(contest)
    page.goto(f"/contests/{contest.pk}/rounds/1/")
    with page.expect_navigation():
        page.click("#round-open-form button")
    expect(page.locator(".messages")).to_contain_text("Đã mở vòng chấm: 3 bài")
    first_round = contest.rounds.get(number=1)

    # Each judge scores from their pages, which show codes and redacted texts only. The
    # first essay's two judges differ by far more than the gap.
    gap_entry = contest.entries.get(title="Bài dự thi số 1")
    for judge in judges:
        _as(page, judge.username)
        # Their first assignments: a further one given meanwhile is scored below.
        given = list(Assignment.objects.filter(judge=judge, sealed__round=first_round,
                                               further=False))  # fmt: skip
        first_of_gap = not Assignment.objects.filter(
            sealed__entry=gap_entry, sealed__round=first_round, submitted_at__isnull=False
        ).exists()
        with page.expect_navigation():
            page.click("#home-judging a >> nth=0")
        _judge_sees_no_name(page)
        for assignment in given:
            page.goto(f"/contests/judging/entry/{assignment.pk}/")
            expect(page.locator("#sealed-code")).to_have_text(assignment.sealed.code)
            _judge_sees_no_name(page)
            high = assignment.sealed.entry_id == gap_entry.pk and first_of_gap
            for field in page.locator("#score-form input[type=number]").all():
                field.fill("9" if high else "5")
            with page.expect_navigation():
                page.click("#score-submit")
            expect(page.locator("#scores")).to_be_visible()
            _judge_sees_no_name(page)
    further = Assignment.objects.get(sealed__entry=gap_entry, sealed__round=first_round,
                                     further=True)  # fmt: skip
    assert further.submitted_at is None  # given after both first judges had scored
    _as(page, further.judge.username)
    page.goto(f"/contests/judging/entry/{further.pk}/")
    expect(page.locator("main")).to_contain_text("Bài chấm thêm")
    _judge_sees_no_name(page)
    for field in page.locator("#score-form input[type=number]").all():
        field.fill("8")
    with page.expect_navigation():
        page.click("#score-submit")

    # The staff's sheet shows codes and why the entry went to a third judge.
    _as(page, "staff")
    page.goto(f"/contests/{contest.pk}/rounds/1/")
    expect(page.locator("#sheet")).to_contain_text("vượt mức")
    assert "Bài dự thi số 1" not in page.locator("#sheet").inner_text()

    # The final round, opened from its page and scored (the judges' pages are shown above).
    page.goto(f"/contests/{contest.pk}/rounds/2/")
    with page.expect_navigation():
        page.click("#round-open-form button")
    marks = {"Bài dự thi số 1": 9, "Bài dự thi số 2": 7, "Bài chép lại": 5}
    for assignment in Assignment.objects.filter(sealed__round__number=2,
                                                sealed__round__contest=contest):  # fmt: skip
        mark = Decimal(marks[assignment.sealed.entry.title])
        values = {c.pk: mark for c in contest.criteria.all()}
        score_submit(user=assignment.judge, assignment=assignment, values=values)
    page.reload()
    with page.expect_navigation():
        page.click("#propose-form button")
    expect(page.locator("main")).to_contain_text("Đề xuất")

    # The leader confirms; the decision and the certificates come out as .docx.
    _as(page, "leader")
    page.goto(f"/contests/{contest.pk}/results/")
    with page.expect_navigation():
        page.click('button:has-text("Công bố kết quả")')
    assert fits_sideways(page)
    downloads = (("quyết định", "Bài dự thi số 1"), ("giấy chứng nhận", "Bài dự thi số 2"))
    for link, expected in downloads:
        with page.expect_download() as download:
            page.click(f"text=Tải {link}")
        document = docx.Document(io.BytesIO(download.value.path().read_bytes()))
        assert expected in "\n".join(p.text for p in document.paragraphs) + "".join(
            cell.text for table in document.tables for row in table.rows for cell in row.cells
        )
    after = {name: _aggregate(page, name, year) for name in ("CT_BAI_DU_THI", "CT_GIAI")}
    assert after["CT_BAI_DU_THI"] == before["CT_BAI_DU_THI"] + 3
    assert after["CT_GIAI"] == before["CT_GIAI"] + 3


def _as(page: Page, username: str) -> None:
    page.context.clear_cookies()
    log_in(page, username)


def _judge_sees_no_name(page: Page) -> None:
    """The whole page as the judge has it, markup included: no author, no unit."""
    html = page.content()
    for name in [*AUTHORS, "Lê Thị Mai", *UNITS, "0912"]:
        assert name not in html, name
