"""The contests' pages. Thin: reads through the selectors (scoped), writes through the
services (which check the roles again)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tuyengiao.contests import selectors


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    contests = list(selectors.contests_visible(request.user))
    return render(request, "contests/index.html", {"contests": contests})
