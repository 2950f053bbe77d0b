from django.urls import path

from tuyengiao.tracking import views

app_name = "tracking"
urlpatterns = [
    path("", views.home, name="home"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/tasks/new/", views.tasks_new, name="tasks_new"),
    path("documents/<int:pk>/coverage/", views.coverage, name="coverage"),
    path("tasks/<int:pk>/assign/", views.assign, name="assign"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/report/", views.report, name="report"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("units/<int:pk>/", views.unit, name="unit"),
]
