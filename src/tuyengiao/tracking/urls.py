from django.urls import path

from tuyengiao.tracking import inspection_views, views

app_name = "tracking"
urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/tasks/new/", views.tasks_new, name="tasks_new"),
    path("documents/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("tasks/<int:pk>/assign/", views.assign, name="assign"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/report/", views.report, name="report"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("units/<int:pk>/", views.unit, name="unit"),
    path("documents/<int:pk>/review/", views.review, name="review"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("notifications/", views.notifications, name="notifications"),
    path("inspections/", inspection_views.inspections, name="inspections"),
    path("inspections/new/", inspection_views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", inspection_views.inspection, name="inspection"),
    path(
        "inspections/<int:pk>/units/<int:unit_pk>/findings/",
        inspection_views.findings,
        name="findings",
    ),
    path(
        "inspections/<int:pk>/units/<int:unit_pk>/recommendations/",
        inspection_views.recommendation,
        name="recommendation",
    ),
]
