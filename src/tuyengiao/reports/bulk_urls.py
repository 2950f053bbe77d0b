from django.urls import path

from tuyengiao.reports import bulk_views

app_name = "reports_bulk"
urlpatterns = [
    path("", bulk_views.bulk_new, name="new"),
    path("<int:pk>/", bulk_views.bulk_job, name="job"),
    path("<int:pk>/zip/", bulk_views.bulk_zip, name="zip"),
]
