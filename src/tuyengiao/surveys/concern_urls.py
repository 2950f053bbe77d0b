from django.urls import path

from tuyengiao.surveys import concern_views as views

app_name = "concerns"
urlpatterns = [
    path("", views.index, name="index"),
    path("task/", views.task_new, name="task_new"),
    path("<int:unit_id>/<str:period>/", views.month, name="month"),
]
