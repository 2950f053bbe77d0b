"""The public list of a contest's prizes (/cuoc-thi/<id>/ket-qua/): no login, once the
organiser confirmed them, and 404 before, as for a contest that does not exist. It shows what
a published list of winners gives (the work, its authors' names and their unit, its
category), never an author's contact nor anything of the entries that won nothing."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tuyengiao.contests import selectors
from tuyengiao.contests.models import Contest


@require_safe
def results(request: HttpRequest, pk: int) -> HttpResponse:
    contest = (
        Contest.objects.filter(pk=pk, confirmed_at__isnull=False).select_related("orgunit").first()
    )
    if contest is None:
        raise Http404
    prizes = selectors.results_public(contest=contest)
    return render(request, "contests/public_results.html", {"contest": contest, "prizes": prizes})
