"""The demo's contests: the essay contest finished with its prizes counted in the province's
figures, the press award's entries waiting for the judge login, who reads them by code."""

from collections import Counter

import pytest

from tuyengiao.accounts.models import User
from tuyengiao.contests.awarding import organiser_style
from tuyengiao.contests.demo import ESSAY_TITLE, ESSAYS, PLAN_NUMBER, PRESS, PRESS_TITLE
from tuyengiao.contests.models import Assignment, Contest
from tuyengiao.contests.overlap_selectors import overlaps_flags
from tuyengiao.contests.selectors import judge_entry
from tuyengiao.textkit.normalize import fold
from tuyengiao.values.models import SCALE, Aggregate
from tuyengiao.web.demo import PREFIX

pytestmark = pytest.mark.django_db


def test_the_essay_contest_is_finished_with_its_prizes_counted(demo):
    contest = Contest.objects.get(title=ESSAY_TITLE)
    assert contest.confirmed_at is not None and contest.entries.count() == len(ESSAYS)
    prizes = Counter(contest.entries.exclude(prize="").values_list("prize", flat=True))
    numbers = dict(contest.prizes.values_list("level", "count"))
    assert prizes["A"] == 1 and all(prizes[level] <= numbers[level] for level in prizes)
    assert prizes.total() == contest.rounds.get(number=2).sealed.count()  # the final's four
    assert contest.rounds.get(number=1).sealed.exclude(further_reason="").exists()
    totals = Aggregate.objects.filter(
        orgunit__code=PREFIX,
        period=str(contest.year),
        indicator__code__in=["CT_GIAI", "CT_BAI_DU_THI"],
    )
    counted = {(a.indicator.code, a.option): a.total // SCALE for a in totals}
    assert counted[("CT_GIAI", "A")] == 1 and counted[("CT_BAI_DU_THI", "CHINH_LUAN")] == 6


def test_the_press_awards_entries_wait_for_the_judge_who_reads_codes_only(demo):
    contest = Contest.objects.get(title=PRESS_TITLE)
    judge = User.objects.get(username="giamkhao")
    waiting = Assignment.objects.filter(judge=judge, sealed__round__contest=contest)
    assert waiting.exists() and not waiting.filter(submitted_at__isnull=False).exists()
    assert contest.entries.count() == len(PRESS) and not contest.confirmed_at
    for assignment in waiting:
        view = judge_entry(user=judge, assignment_id=assignment.pk)
        entry = assignment.sealed.entry
        shown = fold(f"{view.title} {view.text}")
        for hidden in [a.name for a in entry.authors.all()] + [entry.orgunit.name]:
            assert fold(hidden) not in shown


def test_the_judges_pages_name_no_author_unit_or_outlet(demo, client):
    """Every page the judge login opens, as HTML: the authors, their units, the sending
    units and the outlets of the entries given to them appear on none."""
    contest = Contest.objects.get(title=PRESS_TITLE)
    judge = User.objects.get(username="giamkhao")
    client.force_login(judge)
    given = Assignment.objects.filter(judge=judge, sealed__round__contest=contest)
    urls = ["/", "/contests/", f"/contests/judging/{given.first().sealed.round_id}/"]
    urls += [f"/contests/judging/entry/{a.pk}/" for a in given]
    hidden = set()
    for assignment in given:
        entry = assignment.sealed.entry
        hidden |= {a.name for a in entry.authors.all()} | {entry.orgunit.name}
        hidden |= {entry.outlet} - {""}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        shown = fold(response.content.decode())
        assert not [name for name in hidden if fold(name) in shown], url


def test_the_essay_contest_is_launched_by_a_registered_plan(demo):
    contest = Contest.objects.select_related("document").get(title=ESSAY_TITLE)
    plan = contest.document
    assert plan is not None and plan.symbol == PLAN_NUMBER and plan.system == "party"
    assert plan.issuer_unit is not None and plan.issuer_unit.code == f"{PREFIX}-BTGDV"
    assert plan.issued_on is not None and plan.issued_on < contest.opens_on
    assert ESSAY_TITLE in plan.title
    assert organiser_style(contest) == "party"


def test_the_demo_checked_for_copies_before_judging(demo):
    """The press award's copy is flagged with the work it copies; the essays are distinct."""
    essay = Contest.objects.get(title=ESSAY_TITLE)
    press = Contest.objects.get(title=PRESS_TITLE)
    assert overlaps_flags(contest=essay) == {}
    flagged = press.entries.filter(pk__in=overlaps_flags(contest=press))
    assert set(flagged.values_list("title", flat=True)) == {
        "Sinh hoạt chi bộ trực tuyến ở xã biên giới",
        "Chi bộ thôn vùng cao: hạt nhân đoàn kết",
    }
