"""Pages of activities. Thin: reads go through the scope helper, writes through the
services (which check the roles again)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from tuyengiao.accounts.scope import scope_filter
from tuyengiao.activities.models import Activity


@login_required
@require_GET
def activity_list(request: HttpRequest) -> HttpResponse:
    activities = scope_filter(Activity.objects.all(), request.user, path_field="orgunit__path")
    page = activities.select_related("kind", "orgunit")[:50]
    return render(request, "activities/list.html", {"activities": page})
