"""Two contests in the demo province, run through the services as staff would: the political
essay contest, finished (entries from the communes, two rounds judged under sealed codes, a
further judge where two differed, prizes confirmed), launched by a plan of the province's
Ban Tuyên giáo và Dân vận registered in the documents, and the press award, whose entries
wait for the judges of its first round, opened today. The judges are three accounts without
any role in the tree, as invited experts are; the first is the demo login `giamkhao`.
"""

import datetime
import random
from collections.abc import Sequence
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from tuyengiao.contests.demo_texts import WORKS
from tuyengiao.contests.judging import (
    judges_set,
    prizes_propose,
    round_open,
    score_submit,
)
from tuyengiao.contests.models import (
    Assignment,
    Category,
    CategoryKind,
    Contest,
    Criterion,
    Prize,
    PrizeLevel,
    Round,
    Stage,
)
from tuyengiao.contests.overlaps import overlaps_check_start
from tuyengiao.contests.services import AuthorIn, contest_create, entry_submit, results_confirm
from tuyengiao.documents.importing import document_import
from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit

ESSAY_TITLE = "Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng"
PRESS_TITLE = "Giải báo chí về xây dựng Đảng (Giải Búa liềm vàng) tỉnh Hòa Lâm"

# The plan launching the essay contest (fictional, as the demo's other documents are).
PLAN_NUMBER = "36-KH/BTGDVTU"
_PLAN = """TỈNH ỦY HÒA LÂM
BAN TUYÊN GIÁO VÀ DÂN VẬN
*
Số {number}
ĐẢNG CỘNG SẢN VIỆT NAM
Hòa Lâm, ngày {day:02d} tháng {month:02d} năm {year}

KẾ HOẠCH
tổ chức {title}
-----

1. Đối tượng dự thi: cán bộ, đảng viên, đoàn viên, hội viên và nhân dân trong tỉnh; các
đảng ủy xã, phường tập hợp và gửi bài của cán bộ, đảng viên ở cơ sở.
2. Thể loại: chính luận, dài không quá 1.500 chữ; mỗi tác giả gửi một bài.
3. Chấm hai vòng, sơ khảo và chung khảo, theo số phách.
4. Cơ cấu giải: 01 giải A, 01 giải B, 01 giải C và 02 giải khuyến khích.
"""
# (author, title): one essay each, from the communes in turn.
ESSAYS = [
    ("Hoàng Thị Mai", "Giữ vững trận địa tư tưởng từ chi bộ thôn"),
    ("Vi Văn Tuấn", "Nói đi đôi với làm: sức thuyết phục của người đảng viên"),
    ("Lò Thị Hương", "Thông tin chính thống, kịp thời: lá chắn ở cơ sở"),
    ("Nông Văn Dũng", "Niềm tin của nhân dân từ những con đường nông thôn mới"),
    ("Đinh Thị Lan", "Sinh hoạt chi bộ có chuyên đề, đảng viên vững vàng"),
    ("Bế Văn Hải", "Làm theo Bác từ những việc nhỏ ở bản"),
]
# (author, outlet, category kind, title)
PRESS = [
    ("Triệu Thị Ngọc", "Báo Hòa Lâm", CategoryKind.PRINT,
     "Chi bộ thôn vùng cao: hạt nhân đoàn kết"),
    ("Ma Văn Thắng", "Báo Hòa Lâm điện tử", CategoryKind.ONLINE,
     "Đảng viên trẻ trên mặt trận số"),
    ("Lục Thị Yến", "Báo Hòa Lâm", CategoryKind.PRINT,
     "Khi bí thư chi bộ là người đi đầu hiến đất"),
    ("Hà Văn Sơn", "Báo Hòa Lâm điện tử", CategoryKind.ONLINE,
     "Sinh hoạt chi bộ trực tuyến ở xã biên giới"),
]  # fmt: skip


def demo_contests_create(
    *,
    organiser: OrgUnit,
    staff,
    leader,
    editors: Sequence[tuple[OrgUnit, object]],
    judges: Sequence,
    today: datetime.date,
    seed: int,
    planner: OrgUnit | None = None,
) -> list[Contest]:
    """Both contests, organised by `organiser` through its editor `staff` and approver
    `leader`; entries sent by each (commune, its editor) of `editors`; judged by `judges`
    (three or more). The essay contest's plan is registered by `staff` for `planner` (the
    organiser's Ban Tuyên giáo và Dân vận), or the organiser."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data, no secrets)
    plan = _plan_register(staff, planner or organiser, today - datetime.timedelta(days=130))
    essay = _essay_contest(organiser, staff, leader, editors, judges, today, rng, plan)
    press = _press_award(organiser, staff, editors, judges, today, rng)
    return [essay, press]


def _plan_register(staff, unit: OrgUnit, issued: datetime.date) -> Document:
    """The essay contest's plan, registered from its text as the demo's other documents are."""
    text = _PLAN.format(number=PLAN_NUMBER, day=issued.day, month=issued.month, year=issued.year,
                        title=ESSAY_TITLE)  # fmt: skip
    outcome = document_import(
        user=staff, orgunit=unit, filename="ke-hoach-cuoc-thi.txt", data=text.encode("utf-8")
    )
    if outcome.document is None:
        raise RuntimeError(f"the contest's plan was not registered: {outcome.skipped}")
    return outcome.document


def _contest(organiser, staff, judges, today, *, title, categories, max_words, shortlist,
             document=None):  # fmt: skip
    day = datetime.timedelta(days=1)
    contest = contest_create(
        user=staff,
        contest=Contest(
            title=title, orgunit=organiser, document=document, year=today.year,
            opens_on=today - 40 * day, closes_on=today, max_words=max_words,
            published_after=today - 300 * day, published_before=today,
            gap=Decimal("10"), secretary=staff,
        ),
        categories=categories,
        criteria=[Criterion(name="Nội dung, tính chiến đấu", weight=Decimal("3"), sort_order=1),
                  Criterion(name="Lập luận, hình thức", weight=Decimal("1"), sort_order=2)],
        rounds=[Round(number=1, stage=Stage.PRELIMINARY, opens_on=today, closes_on=today + 20 * day,
                      shortlist=shortlist, judges_per_entry=2),
                Round(number=2, stage=Stage.FINAL, opens_on=today, closes_on=today + 30 * day,
                      judges_per_entry=2)],
        prizes=[Prize(level=PrizeLevel.A, count=1), Prize(level=PrizeLevel.B, count=1),
                Prize(level=PrizeLevel.C, count=1), Prize(level=PrizeLevel.MERIT, count=2)],
    )  # fmt: skip
    for round_ in contest.rounds.all():
        judges_set(user=staff, round=round_, judges=judges)
    return contest


def _text(title: str, author: str, unit: OrgUnit) -> str:
    # Signed as essays are: the judges read it with the name and unit hidden.
    return f"{WORKS[title]}\n\nTác giả: {author}, {unit.name}."


def _essay_contest(organiser, staff, leader, editors, judges, today, rng, plan) -> Contest:
    essay = Category(name="Chính luận", kind=CategoryKind.ESSAY, sort_order=1)
    contest = _contest(organiser, staff, judges, today, title=ESSAY_TITLE, categories=[essay],
                       max_words=1500, shortlist=4, document=plan)  # fmt: skip
    for (author, title), (unit, editor) in zip(ESSAYS, _cycle(editors, len(ESSAYS)), strict=True):
        entry_submit(
            user=editor, contest=contest, category=essay, orgunit=unit, title=title,
            authors=[AuthorIn(name=author, unit=unit.name)],
            upload=SimpleUploadedFile("bai-du-thi.txt", _text(title, author, unit).encode()),
        )  # fmt: skip
    _entries_closed(contest, today)
    overlaps_check_start(user=staff, contest=contest)
    for round_ in contest.rounds.order_by("number"):
        round_open(user=staff, round=round_)
        _scored(round_, rng)
    prizes_propose(user=staff, contest=contest)
    results_confirm(user=leader, contest=contest)
    # Finished: its dates moved back to where such a contest would have run.
    Contest.objects.filter(pk=contest.pk).update(
        opens_on=today - datetime.timedelta(days=120), closes_on=today - datetime.timedelta(days=75)
    )
    Round.objects.filter(contest=contest).update(
        opens_on=today - datetime.timedelta(days=70), closes_on=today - datetime.timedelta(days=30)
    )
    return contest


def _press_award(organiser, staff, editors, judges, today, rng) -> Contest:
    categories = [Category(name="Báo in", kind=CategoryKind.PRINT, sort_order=1),
                  Category(name="Báo điện tử", kind=CategoryKind.ONLINE, sort_order=2)]  # fmt: skip
    contest = _contest(organiser, staff, judges, today, title=PRESS_TITLE, categories=categories,
                       max_words=3000, shortlist=3)  # fmt: skip
    by_kind = {c.kind: c for c in contest.categories.all()}
    for (author, outlet, kind, title), (unit, editor) in zip(
        PRESS, _cycle(editors, len(PRESS)), strict=True
    ):
        entry_submit(
            user=editor, contest=contest, category=by_kind[kind], orgunit=unit, title=title,
            authors=[AuthorIn(name=author, unit=outlet)], outlet=outlet,
            published_on=today - datetime.timedelta(days=rng.randrange(20, 200)),
            upload=SimpleUploadedFile("tac-pham.txt", _text(title, author, unit).encode()),
        )  # fmt: skip
    _entries_closed(contest, today)
    # Checked before judging: one work copies another's opening (demo_texts).
    overlaps_check_start(user=staff, contest=contest)
    round_open(user=staff, round=contest.rounds.get(number=1))
    return contest


def _cycle(editors, count: int) -> list:
    return [editors[n % len(editors)] for n in range(count)]


def _entries_closed(contest: Contest, today: datetime.date) -> None:
    contest.closes_on = today - datetime.timedelta(days=1)
    contest.save(update_fields=["closes_on"])


def _scored(round_: Round, rng: random.Random) -> None:
    """Every judge scores what was given to them, the further judges last, near the entry's
    own worth; the first entry's two judges differ by 15, so that it goes to a third."""
    first = round_.sealed.order_by("code").first()
    worth = {pk: rng.randrange(65, 92) for pk in round_.sealed.values_list("pk", flat=True)}
    criteria = list(round_.contest.criteria.values_list("pk", flat=True))
    for further in (False, True):
        given = Assignment.objects.filter(sealed__round=round_, further=further, submitted_at=None)
        for index, assignment in enumerate(given.order_by("sealed__code", "id")):
            score = Decimal(worth[assignment.sealed_id] + rng.randrange(-3, 4)) / 10
            if first is not None and assignment.sealed_id == first.pk and not further:
                score = Decimal("9") if index % 2 == 0 else Decimal("7.5")
            score_submit(
                user=assignment.judge, assignment=assignment,
                values={pk: score for pk in criteria}, comment="Bài viết có lập luận rõ ràng.",
            )  # fmt: skip
