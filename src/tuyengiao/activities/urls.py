from django.urls import include, path

from tuyengiao.activities import import_views, views

app_name = "activities"
urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_new, name="new"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/delete/", views.activity_delete, name="delete"),
    path("units/<int:unit_pk>/<str:period>/", views.month, name="month"),
    path("documents/<int:pk>/study/", views.study, name="study"),
    path("import/", import_views.activities_import, name="import"),
    path("import/template.<str:fmt>", import_views.template, name="import_template"),
    path("meetings/", include("tuyengiao.activities.meeting_urls")),
]
