"""The organiser's editor checks a contest's entries for near-duplicates and reads a copied
essay beside its original: two columns at desktop width, one above the other on a phone,
the copied passage marked in both. The pages fit a phone's width."""

from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.conftest import Viewport, fits_sideways, log_in
from tests.conftest import _user_with_role
from tests.contests.conftest import _contest, submit
from tests.contests.test_overlaps import essay, paragraphs, passage_words, take
from tuyengiao.accounts.models import Role
from tuyengiao.contests.models import OverlapCheck
from tuyengiao.contests.seeds import indicators_seed
from tuyengiao.reports.models import JobStatus


def test_a_copied_essay_is_read_beside_its_original(
    page: Page, tree, settings, tmp_path, viewport: Viewport
):
    settings.MEDIA_ROOT = tmp_path / "media"
    # An entry counts in the contests' indicators, which the flush after a live-server test
    # empties with the rest.
    indicators_seed(apps)
    staff = _user_with_role("staff", tree.province, Role.EDITOR)
    contest = _contest(tree.province, staff)
    contest.max_words = None
    contest.save()
    original = paragraphs(0, 1, 2)
    copied = take(original[10:], 100)  # far down the original
    submit(contest, staff, tree.commune_a, author="Trần Văn An", text=essay(original),
           title="Bài gốc")  # fmt: skip
    submit(contest, staff, tree.commune_b, author="Lê Thị Bình", title="Bài chép",
           text=essay(take(paragraphs(3), 80) + copied))  # fmt: skip
    log_in(page, "staff")
    page.goto(f"/contests/{contest.pk}/overlaps/")
    expect(page.locator("#overlaps-status")).to_contain_text("Chưa kiểm tra")
    with page.expect_navigation():
        page.click("#overlaps-start")
    expect(page.locator("#overlaps-summary")).to_contain_text("đã so sánh 2 bài dự thi")
    flagged = page.locator("#overlaps-flagged tbody tr")
    expect(flagged).to_have_count(1)
    assert fits_sideways(page) and not serious(page)
    with page.expect_navigation():
        flagged.get_by_role("link", name="Bài chép").click()
    middle = passage_words(copied[1])
    for side in ("#overlap-entry", "#overlap-other"):
        expect(page.locator(f"{side} mark").filter(has_text=middle)).to_have_count(1)
    entry = page.locator("#overlap-entry").bounding_box()
    other = page.locator("#overlap-other").bounding_box()
    assert entry and other
    if viewport.phone:
        assert other["y"] >= entry["y"] + entry["height"]  # one above the other
    else:
        assert other["x"] >= entry["x"] + entry["width"] and abs(other["y"] - entry["y"]) < 2
    assert fits_sideways(page)
    if not viewport.phone:
        # Each column opens at its first shared passage, inside the column's own scroll.
        for side in ("#overlap-entry", "#overlap-other"):
            column = page.locator(f"{side} .overlap-text")
            mark = column.locator("mark").first.bounding_box()
            box = column.bounding_box()
            assert mark and box and box["y"] <= mark["y"] < box["y"] + box["height"]
        assert page.locator("#overlap-other .overlap-text").evaluate("e => e.scrollTop") > 0
    assert not serious(page)


def test_a_running_check_is_followed_until_it_is_done(page: Page, tree):
    staff = _user_with_role("staff", tree.province, Role.EDITOR)
    contest = _contest(tree.province, staff)
    check = OverlapCheck.objects.create(
        contest=contest, created_by=staff, status=JobStatus.RUNNING, total=4, done=2
    )
    log_in(page, "staff")
    page.goto(f"/contests/{contest.pk}/overlaps/")
    expect(page.locator("#overlaps-bar")).to_have_attribute("value", "2")
    assert not serious(page)
    # The worker finishes: the page, polling, says so without being reloaded.
    OverlapCheck.objects.filter(pk=check.pk).update(
        status=JobStatus.FINISHED, done=4, entries=12, finished_at=timezone.now()
    )
    expect(page.locator("#overlaps-summary")).to_contain_text("đã so sánh 12 bài dự thi")
    expect(page.locator("#overlaps-bar")).to_have_count(0)
    expect(page.locator("#overlaps-start")).to_be_visible()


def serious(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page, as test_crawl counts them."""
    found = Axe().run(page).response["violations"]
    return [v["id"] for v in found if v["impact"] in {"serious", "critical"}]
