"""A province's essay contest and press award, open today, and a commune's own contest; the
tree and the owner / member / outsider trio come from tests/conftest.py.

Essays are limited to 60 words; press works must be published in the current year.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.conftest import Tree, _user_with_role
from tests.factories import UserFactory
from tuyengiao.accounts.models import Role, User
from tuyengiao.contests.judging import judges_set
from tuyengiao.contests.models import (
    Category,
    CategoryKind,
    Contest,
    Criterion,
    Prize,
    PrizeLevel,
    Round,
    Stage,
)
from tuyengiao.contests.services import AuthorIn, contest_create, entry_submit

ESSAY = (
    "Bảo vệ nền tảng tư tưởng của Đảng là nhiệm vụ của mỗi cán bộ, đảng viên. Ở cơ sở, "
    "chi bộ thôn tổ chức sinh hoạt chuyên đề hằng tháng, đảng viên nêu gương, nói đi đôi "
    "với làm, để nhân dân tin theo."
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def staff(tree: Tree) -> User:
    """An editor of the province, the organiser."""
    return _user_with_role("staff", tree.province, Role.EDITOR)


@pytest.fixture
def leader(tree: Tree) -> User:
    """An approver of the province: confirms the results."""
    return _user_with_role("leader", tree.province, Role.APPROVER)


@pytest.fixture
def secretary(db) -> User:
    return UserFactory(username="secretary")


@pytest.fixture
def judges(db) -> list[User]:
    """Three judges, none of them holding a role in the tree (invited experts)."""
    return [UserFactory(username=f"judge{n}") for n in (1, 2, 3)]


def _contest(unit, user, secretary=None, judges=()) -> Contest:
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    contest = contest_create(
        user=user,
        contest=Contest(
            title="Cuộc thi chính luận về bảo vệ nền tảng tư tưởng của Đảng", orgunit=unit,
            year=today.year, opens_on=today - 10 * day, closes_on=today + 10 * day,
            max_words=60, published_after=datetime.date(today.year, 1, 1),
            published_before=today, gap=Decimal("10"), secretary=secretary,
        ),
        categories=[
            Category(name="Chính luận", kind=CategoryKind.ESSAY, sort_order=1),
            Category(name="Báo điện tử", kind=CategoryKind.ONLINE, sort_order=2),
        ],
        criteria=[
            Criterion(name="Nội dung", weight=Decimal("3"), sort_order=1),
            Criterion(name="Hình thức", weight=Decimal("1"), sort_order=2),
        ],
        rounds=[
            Round(number=1, stage=Stage.PRELIMINARY, opens_on=today - day, closes_on=today + day,
                  shortlist=3, judges_per_entry=2),
            Round(number=2, stage=Stage.FINAL, opens_on=today - day, closes_on=today + day,
                  judges_per_entry=2),
        ],
        prizes=[Prize(level=PrizeLevel.A, count=1), Prize(level=PrizeLevel.B, count=1),
                Prize(level=PrizeLevel.MERIT, count=1)],
    )  # fmt: skip
    for round_ in contest.rounds.all():
        judges_set(user=user, round=round_, judges=judges)
    return contest


@pytest.fixture
def contest(tree: Tree, staff, secretary, judges) -> Contest:
    """The province's contest, its two rounds judged by the three judges."""
    return _contest(tree.province, staff, secretary, judges)


@pytest.fixture
def commune_contest(tree: Tree, owner) -> Contest:
    """Commune A's own contest: commune B must not reach it."""
    return _contest(tree.commune_a, owner)


def entries_closed(contest: Contest) -> None:
    """The contest stops taking entries (yesterday), so that judging may begin."""
    contest.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    contest.save()


def text_file(text: str = ESSAY, name: str = "bai.txt") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode())


def submit(
    contest: Contest,
    user,
    unit,
    *,
    author="Nguyễn Thị Hoa",
    contact="0912 345 678",
    text=ESSAY,
    **fields,
):
    """An essay of `author` for `unit`, unless `fields` say otherwise."""
    values = {
        "category": contest.categories.get(kind=CategoryKind.ESSAY),
        "title": "Giữ vững trận địa tư tưởng ở cơ sở",
        "upload": text_file(text),
        **fields,
    }
    return entry_submit(
        user=user, contest=contest, orgunit=unit,
        authors=[AuthorIn(name=author, unit="Chi bộ thôn 1", contact=contact)], **values,
    )  # fmt: skip
