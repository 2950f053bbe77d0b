"""Demo tracking: the tasks of the demo conclusion 88-KL/TU, set by the province from its
text, assigned to every commune and ward, with work at every stage: done, under way, not
started, overdue, and the demo commune's progress reports.

Deadlines are counted from today, so the demo always has something overdue and something
due within the week. Everything goes through the services, as a person's work would.
"""

import datetime
import random

from django.utils import timezone

from tuyengiao.documents.models import Document
from tuyengiao.orgunits.models import OrgUnit
from tuyengiao.textkit.sections import tasks_propose
from tuyengiao.tracking.models import Recurrence, Status
from tuyengiao.tracking.notifications import overdue_notify
from tuyengiao.tracking.services import (
    TaskDraft,
    assignment_status_set,
    assignments_create,
    progress_report_save,
    report_period_code,
    task_update,
    tasks_create,
)
from tuyengiao.values.models import Indicator

COMMUNE_KINDS = ("dang-uy-xa", "dang-uy-phuong")
# Days from today to each task's deadline, in the order of the conclusion's items.
DEADLINE_DAYS = (-40, -6, 4, 60, 25)


def demo_deadlines(today: datetime.date) -> list[datetime.date]:
    """The deadlines 88-KL/TU writes in its items (documents.demo) and its tasks carry."""
    return [today + datetime.timedelta(days=days) for days in DEADLINE_DAYS]


# How far along the communes are on each task: (done, in progress) shares.
PROGRESS = ((0.8, 0.15), (0.5, 0.3), (0.3, 0.4), (0.1, 0.3), (0.0, 0.2))
RESULTS = (
    "Tổ chức 3 hội nghị học tập, quán triệt cho 412 cán bộ, đảng viên (đạt 98%); "
    "12/12 chi bộ đưa nội dung Kết luận vào sinh hoạt chuyên đề."
)
SHORTCOMINGS = "Một số chi bộ thôn xa tổ chức chậm; tài liệu tuyên truyền còn ít."
NEXT_STEPS = "Hoàn thành học tập ở 2 chi bộ còn lại trong tháng tới; sơ kết cuối năm."
STUDIED = "DV_DUOC_HOC"  # the figure the study task asks for


def demo_tracking_create(
    *, province: OrgUnit, setter, commune_editor, commune: OrgUnit, seed: int
) -> int:
    """Tasks of 88-KL/TU for every commune and ward; returns how many assignments."""
    rng = random.Random(seed)  # noqa: S311  (reproducible demo data)
    today = timezone.localdate()
    conclusion = Document.objects.get(symbol="88-KL/TU", orgunit=province)
    drafts = [
        TaskDraft(
            title=section.title,
            description=section.body,
            number=section.number,
            deadline=deadline,
            subtasks=[
                TaskDraft(
                    title=sub.title, description=sub.body, number=f"{section.number}.{sub.number}"
                )
                for sub in section.children
            ],
        )
        for section, deadline in zip(
            tasks_propose(conclusion.full_text), demo_deadlines(today), strict=False
        )
    ]
    tasks = tasks_create(
        user=setter,
        orgunit=province,
        document=conclusion,
        drafts=drafts,
        recurrence=Recurrence.HALF,
    )
    # The study task asks each report for the members who studied the conclusion: a figure
    # the monthly form does not carry, so it is counted once.
    studied = Indicator.objects.get(code=STUDIED)
    task_update(user=setter, task=tasks[0], indicators=[studied])
    communes = list(
        OrgUnit.objects.subtree_of(province)
        .open_on(today)
        .filter(kind__code__in=COMMUNE_KINDS)
        .order_by("path")
    )
    made = sum(
        assignments_create(user=setter, task=task, units=communes, with_subtasks=False)
        for task in tasks
    )
    for task, (done, started) in zip(tasks, PROGRESS, strict=False):
        for assignment in task.assignments.select_related("orgunit"):
            draw = rng.random()
            status = (
                Status.DONE
                if draw < done
                else Status.IN_PROGRESS
                if draw < done + started
                else None
            )
            if assignment.orgunit == commune:
                status = Status.DONE if task.number == "1" else Status.IN_PROGRESS
                progress_report_save(
                    user=commune_editor,
                    assignment=assignment,
                    period=report_period_code(assignment, today),
                    status=status,
                    results=RESULTS,
                    shortcomings=SHORTCOMINGS,
                    next_steps=NEXT_STEPS,
                    figures={studied: "412"} if task == tasks[0] else None,
                )
            elif status is not None:
                assignment_status_set(user=setter, assignment=assignment, status=status)
    # The first morning's round, as `tuyengiao tracking digest` would run it.
    overdue_notify(today=today)
    return made
