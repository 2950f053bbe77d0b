from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from tuyengiao.contests.selectors import judge_rounds
from tuyengiao.reporting.dues import reports_to_approve, reports_to_fill
from tuyengiao.tracking.selectors import assignments_due_summary
from tuyengiao.web import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The dashboard: who I am, where I hold roles, what lies in my scope, and what is due:
    reports (reporting) beside tasks (tracking)."""
    kind_counts = selectors.unit_counts_by_kind(user=request.user)
    to_fill = reports_to_fill(request.user)
    today = timezone.localdate()
    return render(
        request,
        "web/home.html",
        {
            "role_assignments": selectors.role_assignment_list_for_home(user=request.user),
            "kind_counts": kind_counts,
            "units_total": sum(row.count for row in kind_counts),
            "reports_open": [d for d in to_fill if d.status in ("draft", "returned")],
            "reports_overdue": [d for d in to_fill if d.is_overdue],
            "reports_to_approve": reports_to_approve(request.user),
            "tasks_due": assignments_due_summary(user=request.user, today=today),
            "today": today,
            # An invited judge holds no role: their sheets are all they came for.
            "judging": judge_rounds(user=request.user),
        },
    )
