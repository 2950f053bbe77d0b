"""Tasks and coverage over the API.

`GET /api/tasks/` lists the tasks a caller may read with the assignments they may see;
`GET /api/documents/<id>/coverage/` says, for each assigned unit in scope, whether it has
answered the directive with a plan of its own and how far its tasks have got. A document or
unit out of scope is a 404, exactly as one that does not exist.
"""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema

from tuyengiao.accounts.scope import get_in_scope_or_404
from tuyengiao.apikit import ErrorOut, InputSchema
from tuyengiao.documents.selectors import document_get_visible_or_404
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.paging import Offset, limit_field
from tuyengiao.tracking.models import Assignment
from tuyengiao.tracking.selectors import (
    assignments_visible,
    document_coverage,
    status_q,
    tasks_visible,
)

tasks_router = Router(tags=["tracking"])
coverage_router = Router(tags=["tracking"])

MAX_PAGE = 100
StatusName = Literal["not_started", "in_progress", "done", "overdue", "cancelled"]


class DocumentRefOut(Schema):
    id: int
    symbol: str


class AssignmentOut(Schema):
    id: int
    orgunit: str = Field(description="Mã đơn vị thực hiện")
    role: str
    status: str = Field(description="Trạng thái, kể cả “overdue” khi đã quá hạn mà chưa xong")
    deadline: datetime.date | None
    completed_on: datetime.date | None


class TaskOut(Schema):
    id: int
    number: str
    title: str
    description: str
    document: DocumentRefOut | None
    orgunit: str = Field(description="Mã đơn vị giao nhiệm vụ")
    parent: int | None
    deadline: datetime.date | None
    recurrence: str
    assignments: list[AssignmentOut]


class TaskPageOut(Schema):
    items: list[TaskOut]
    count: int


class TaskFilter(InputSchema):
    document: int | None = Field(None, description="Mã số (id) văn bản")
    unit: str = Field("", max_length=40, description="Mã đơn vị được giao")
    status: StatusName | None = Field(
        None, description="Chỉ nhiệm vụ có lượt giao ở trạng thái này"
    )
    limit: int = limit_field(default=20, maximum=MAX_PAGE)
    offset: Offset = 0


@tasks_router.get(
    "/", response={200: TaskPageOut, 404: ErrorOut}, url_name="task_list", summary="Nhiệm vụ"
)
def task_list(request: HttpRequest, filters: Query[TaskFilter]):
    """Nhiệm vụ được xem (của văn bản `document` nếu có), mỗi nhiệm vụ với các lượt giao
    trong phạm vi; `unit` và `status` chỉ giữ các lượt giao của đơn vị đó, ở trạng thái đó
    (“overdue”: quá hạn mà chưa hoàn thành), và các nhiệm vụ có ít nhất một lượt như vậy."""
    user = request.user
    today = timezone.localdate()
    tasks = tasks_visible(user).filter(cancelled=False)
    assignments = assignments_visible(user)
    if filters.document is not None:
        document = document_get_visible_or_404(user=user, pk=filters.document)
        tasks = tasks.filter(document=document)
    if filters.unit:
        unit = get_in_scope_or_404(
            OrgUnit.objects.all(), user, path_field="path", code=filters.unit
        )
        assignments = assignments.filter(orgunit=unit)
    if filters.status:
        assignments = assignments.filter(status_q(filters.status, today))
    if filters.unit or filters.status:
        tasks = tasks.filter(pk__in=assignments.values("task_id"))
    page = list(
        tasks.select_related("document", "orgunit")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=assignments.select_related("orgunit").order_by("orgunit__path"),
                to_attr="shown",
            )
        )
        .order_by("document_id", "position", "pk")[filters.offset : filters.offset + filters.limit]
    )
    return {"items": [_task(task, today) for task in page], "count": tasks.count()}


def _task(task, today: datetime.date) -> dict:
    return {
        "id": task.pk,
        "number": task.number,
        "title": task.title,
        "description": task.description,
        "document": {"id": task.document_id, "symbol": task.document.symbol}
        if task.document
        else None,
        "orgunit": task.orgunit.code,
        "parent": task.parent_id,
        "deadline": task.deadline,
        "recurrence": task.recurrence,
        "assignments": [_assignment(a, today) for a in task.shown],
    }


def _assignment(assignment: Assignment, today: datetime.date) -> dict:
    return {
        "id": assignment.pk,
        "orgunit": assignment.orgunit.code,
        "role": assignment.role,
        "status": assignment.effective_status(today),
        "deadline": assignment.deadline,
        "completed_on": assignment.completed_on,
    }


class PlanOut(Schema):
    id: int
    symbol: str
    issued_on: datetime.date | None


class CoverageUnitOut(Schema):
    orgunit: str
    name: str
    concretized: bool = Field(description="Đơn vị đã có văn bản cụ thể hóa, thực hiện")
    plan: PlanOut | None = Field(description="Văn bản đầu tiên của đơn vị (theo ngày ban hành)")
    tasks_done: int
    tasks_total: int = Field(description="Số lượt giao, không kể lượt đã hủy")
    overdue: int


class CoverageOut(Schema):
    document: DocumentRefOut
    assigned: int
    concretized: int
    units: list[CoverageUnitOut]


@coverage_router.get(
    "/{int:document_id}/coverage/",
    response=CoverageOut,
    url_name="document_coverage",
    summary="Đơn vị đã cụ thể hóa văn bản",
)
def coverage(request: HttpRequest, document_id: int):
    """Mỗi đơn vị được giao nhiệm vụ của văn bản (trong phạm vi): đã cụ thể hóa chưa, bằng
    văn bản nào, số nhiệm vụ hoàn thành trên tổng số và số nhiệm vụ quá hạn."""
    document = document_get_visible_or_404(user=request.user, pk=document_id)
    rows = document_coverage(user=request.user, document=document, today=timezone.localdate())
    units = [
        {
            "orgunit": row.unit.code,
            "name": row.unit.name,
            "concretized": row.plan is not None,
            "plan": row.plan,
            "tasks_done": row.counts.done,
            "tasks_total": row.counts.total - row.counts.cancelled,
            "overdue": row.counts.overdue,
        }
        for row in rows
    ]
    return {
        "document": {"id": document.pk, "symbol": document.symbol},
        "assigned": len(units),
        "concretized": sum(1 for unit in units if unit["concretized"]),
        "units": units,
    }
