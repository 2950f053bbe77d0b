from django.urls import include, path

from tuyengiao.api import api

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", api.urls),
    path("accounts/", include("tuyengiao.accounts.urls")),
    path("orgunits/", include("tuyengiao.orgunits.urls")),
    path("documents/", include("tuyengiao.documents.urls")),
    path("reporting/", include("tuyengiao.reporting.urls")),
    path("reporting/", include("tuyengiao.dashboards.urls")),
    path("tracking/", include("tuyengiao.tracking.urls")),
    path("channels/", include("tuyengiao.channels.urls")),
    path("activities/", include("tuyengiao.activities.urls")),
    path("surveys/", include("tuyengiao.surveys.urls")),
    path("concerns/", include("tuyengiao.surveys.concern_urls")),
    # The public survey form: a short Vietnamese path, to be typed from a printed sheet.
    path("khao-sat/", include("tuyengiao.surveys.public_urls")),
    path("contests/", include("tuyengiao.contests.urls")),
    # The public list of a contest's prizes, once confirmed: no login.
    path("cuoc-thi/", include("tuyengiao.contests.public_urls")),
    path("reports/bulk/", include("tuyengiao.reports.bulk_urls")),
    path("reports/", include("tuyengiao.reports.urls")),
    path("calendar/", include("tuyengiao.dashboards.calendar_urls")),
    path("", include("tuyengiao.web.urls")),
]

# JSON under /api/, Django's pages elsewhere (used once DEBUG is off).
handler400 = "tuyengiao.api.bad_request"
handler403 = "tuyengiao.api.permission_denied"
handler404 = "tuyengiao.api.page_not_found"
handler500 = "tuyengiao.api.server_error"
