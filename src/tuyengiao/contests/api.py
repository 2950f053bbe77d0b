"""Contests over the API.

`GET /api/contests/` and `GET /api/contests/<id>/`: the contests the caller sees (those of
their units and of the units above). `POST /api/contests/<id>/entries/`: an entry submitted
for a unit in the caller's scope, as a multipart form with its `file`; a rule it breaks is a
400 that says why. `GET /api/contests/<id>/entries/`: the entries, for the organiser's staff.
`GET /api/contests/<id>/results/`: the prizes once confirmed. A contest or unit out of scope
is a 404, a viewer's write a 403, as everywhere.
"""

import datetime
import json

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.errors import HttpError

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, InputSchema, error_body
from tuyengiao.contests.models import Contest, Entry
from tuyengiao.contests.selectors import (
    contest_get_visible_or_404,
    contests_visible,
    entries_for_staff,
    results_public,
)
from tuyengiao.contests.services import AuthorIn, entry_submit
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field

router = Router(tags=["contests"])

MAX_PAGE = 100
MAX_AUTHORS = 10


class CategoryOut(Schema):
    id: int
    name: str
    kind: str


class ContestOut(Schema):
    id: int
    title: str
    orgunit: str = Field(description="Mã đơn vị tổ chức")
    orgunit_name: str
    year: int
    opens_on: datetime.date = Field(description="Nhận bài từ ngày")
    closes_on: datetime.date = Field(description="Nhận bài đến ngày")
    document: int | None = Field(description="Mã số (id) văn bản phát động")
    document_symbol: str
    categories: list[CategoryOut]
    confirmed: bool = Field(description="Đã công bố kết quả")


class CriterionOut(Schema):
    name: str
    weight: float
    max_score: float


class RoundOut(Schema):
    number: int
    stage: str
    opens_on: datetime.date
    closes_on: datetime.date
    shortlist: int | None
    judges_per_entry: int


class PrizeOut(Schema):
    level: str
    count: int


class ContestDetailOut(ContestOut):
    max_words: int | None = Field(description="Số chữ tối đa của một bài")
    one_per_author: bool = Field(description="Mỗi tác giả một bài mỗi thể loại")
    published_after: datetime.date | None = Field(description="Tác phẩm báo chí đăng từ ngày")
    published_before: datetime.date | None = Field(description="… đến ngày")
    gap: float = Field(description="Độ chênh tối đa giữa điểm hai giám khảo (thang 100)")
    further_rule: str
    tie_rule: str
    criteria: list[CriterionOut]
    rounds: list[RoundOut]
    prizes: list[PrizeOut]


class ContestPageOut(Schema):
    items: list[ContestOut]
    count: int


class PageIn(InputSchema):
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


class AuthorOut(Schema):
    name: str
    unit: str
    contact: str


class EntryOut(Schema):
    id: int
    title: str
    category: int
    category_name: str
    orgunit: str = Field(description="Mã đơn vị gửi bài")
    orgunit_name: str
    authors: list[AuthorOut]
    filename: str
    words: int
    link: str
    published_on: datetime.date | None
    outlet: str
    submitted_at: datetime.datetime


class EntryPageOut(Schema):
    items: list[EntryOut]
    count: int


class EntryIn(InputSchema):
    title: str = Field(min_length=1, max_length=500)
    category: int = Field(description="Mã số (id) thể loại của cuộc thi")
    authors: str = Field(
        min_length=1,
        max_length=5000,
        description='Danh sách JSON [{"name", "unit", "contact"}], hoặc họ tên các tác giả, '
        "mỗi người một dòng",
    )
    orgunit: str = Field(max_length=40, description="Mã đơn vị gửi bài")
    link: str = Field("", max_length=500, description="Đường dẫn tác phẩm phát thanh, truyền hình")
    published_on: datetime.date | None = Field(None, description="Ngày đăng, phát (báo chí)")
    outlet: str = Field("", max_length=255, description="Cơ quan báo chí đã đăng, phát")


class ResultOut(Schema):
    level: str
    level_name: str
    title: str
    category_name: str
    authors: list[str]
    orgunit: str
    orgunit_name: str


class ContestResultsOut(Schema):
    confirmed: bool
    confirmed_at: datetime.datetime | None
    items: list[ResultOut]


def _contest(contest: Contest) -> dict:
    document = contest.document
    return {
        **{
            name: getattr(contest, name)
            for name in ("id", "title", "year", "opens_on", "closes_on")
        },
        "orgunit": contest.orgunit.code,
        "orgunit_name": contest.orgunit.name,
        "document": document.pk if document else None,
        "document_symbol": document.symbol if document else "",
        "categories": [
            {"id": c.pk, "name": c.name, "kind": c.kind} for c in contest.categories.all()
        ],
        "confirmed": contest.confirmed_at is not None,
    }


@router.get("/", response=ContestPageOut, url_name="contest_list", summary="Cuộc thi")
def contest_list(request: HttpRequest, page: Query[PageIn]):
    """Các cuộc thi của đơn vị trong phạm vi và của các đơn vị cấp trên, mới nhất trước."""
    contests = contests_visible(request.user).prefetch_related("categories")
    start = page.offset
    return {
        "items": [_contest(c) for c in contests[start : start + page.limit]],
        "count": contests.count(),
    }


@router.get(
    "/{int:contest_id}/", response=ContestDetailOut, url_name="contest_detail",
    summary="Một cuộc thi và thể lệ",
)  # fmt: skip
def contest_detail(request: HttpRequest, contest_id: int):
    """Thể lệ, tiêu chí chấm, các vòng chấm và cơ cấu giải của một cuộc thi."""
    contest = contest_get_visible_or_404(user=request.user, pk=contest_id)
    rules = ("max_words", "one_per_author", "published_after", "published_before",
             "further_rule", "tie_rule")  # fmt: skip
    return {
        **_contest(contest),
        **{name: getattr(contest, name) for name in rules},
        "gap": float(contest.gap),
        "criteria": [
            {"name": c.name, "weight": float(c.weight), "max_score": float(c.max_score)}
            for c in contest.criteria.all()
        ],
        "rounds": list(
            contest.rounds.values(
                "number", "stage", "opens_on", "closes_on", "shortlist", "judges_per_entry"
            )
        ),
        "prizes": list(contest.prizes.values("level", "count")),
    }


def _entry(entry: Entry) -> dict:
    return {
        **{name: getattr(entry, name) for name in (
            "id", "title", "filename", "words", "link", "published_on", "outlet", "submitted_at")},
        "category": entry.category_id,
        "category_name": entry.category.name,
        "orgunit": entry.orgunit.code,
        "orgunit_name": entry.orgunit.name,
        "authors": [
            {"name": a.name, "unit": a.unit, "contact": a.contact} for a in entry.authors.all()
        ],
    }  # fmt: skip


@router.get(
    "/{int:contest_id}/entries/",
    response={200: EntryPageOut, 403: ErrorOut},
    url_name="contest_entries",
    summary="Các bài dự thi",
)
def entry_list(request: HttpRequest, contest_id: int, page: Query[PageIn]):
    """Các bài dự thi, theo thứ tự nộp; chỉ cán bộ của đơn vị tổ chức xem được."""
    contest = contest_get_visible_or_404(user=request.user, pk=contest_id)
    entries = entries_for_staff(user=request.user, contest=contest)
    start = page.offset
    return {
        "items": [_entry(e) for e in entries[start : start + page.limit]],
        "count": entries.count(),
    }


def _authors(text: str) -> list[AuthorIn]:
    if text.lstrip().startswith("["):
        try:
            rows = json.loads(text)
            authors = [
                AuthorIn(name=str(row["name"]), unit=str(row.get("unit", "")),
                         contact=str(row.get("contact", "")))
                for row in rows
            ]  # fmt: skip
        except (ValueError, TypeError, KeyError, AttributeError):
            raise HttpError(400, _("Trường authors phải là một danh sách JSON hợp lệ.")) from None
    else:
        authors = [AuthorIn(name=line.strip()) for line in text.splitlines() if line.strip()]
    if len(authors) > MAX_AUTHORS:
        raise HttpError(400, _("Tối đa %(n)s tác giả một bài.") % {"n": MAX_AUTHORS})
    return authors


@router.post(
    "/{int:contest_id}/entries/",
    response={201: EntryOut, 400: ErrorOut, 403: ErrorOut},
    url_name="contest_entry_create",
    summary="Gửi một bài dự thi",
)
def entry_create(
    request: HttpRequest, contest_id: int, payload: Form[EntryIn], file: File[UploadedFile]
):
    """Gửi bài dự thi cho một đơn vị trong phạm vi (biểu mẫu multipart có tệp `file`: .docx,
    .pdf, .txt; tác phẩm phát thanh, truyền hình gửi thêm `link`). Bài vi phạm thể lệ (quá số
    chữ, đăng ngoài thời gian xét giải, tác giả đã có bài ở thể loại) bị từ chối (400) kèm
    lý do; không có gì được lưu."""
    user = request.user
    contest = contest_get_visible_or_404(user=user, pk=contest_id)
    unit = get_in_scope_or_404(OrgUnit.objects.all(), user, path_field="path", code=payload.orgunit)
    category = contest.categories.filter(pk=payload.category).first()
    if category is None:
        return Status(400, error_body(_("Thể loại không thuộc cuộc thi này.")))
    try:
        entry = entry_submit(
            user=user, contest=contest, category=category, orgunit=unit,
            title=payload.title, authors=_authors(payload.authors), upload=file,
            link=payload.link, published_on=payload.published_on, outlet=payload.outlet,
        )  # fmt: skip
    except ValidationError as error:
        by_field = error.message_dict if hasattr(error, "error_dict") else {
            NON_FIELD_ERRORS: error.messages}  # fmt: skip
        errors = [{"field": field, "message": message}
                  for field, messages in by_field.items() for message in messages]  # fmt: skip
        return Status(400, error_body(_("Bài dự thi không được nhận."), errors))
    return Status(201, _entry(entry))


@router.get(
    "/{int:contest_id}/results/", response=ContestResultsOut, url_name="contest_results",
    summary="Kết quả cuộc thi",
)  # fmt: skip
def contest_results(request: HttpRequest, contest_id: int):
    """Các giải đã được đơn vị tổ chức công bố; chưa công bố thì danh sách rỗng."""
    contest = contest_get_visible_or_404(user=request.user, pk=contest_id)
    return {
        "confirmed": contest.confirmed_at is not None,
        "confirmed_at": contest.confirmed_at,
        "items": [
            {
                "level": entry.prize,
                "level_name": entry.get_prize_display(),
                "title": entry.title,
                "category_name": entry.category.name,
                "authors": [author.name for author in entry.authors.all()],
                "orgunit": entry.orgunit.code,
                "orgunit_name": entry.orgunit.name,
            }
            for entry in results_public(contest=contest)
        ],
    }
