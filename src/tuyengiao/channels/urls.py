from django.urls import path

from tuyengiao.channels import culture_views, views

app_name = "channels"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.channel_new, name="channel_new"),
    path("<int:pk>/", views.channel, name="channel"),
    path("<int:pk>/edit/", views.channel_edit, name="channel_edit"),
    path("<int:pk>/output/", views.output_record, name="output_record"),
    path("<int:pk>/output/<str:month>/remove/", views.output_remove, name="output_remove"),
    path("import/", views.output_import, name="import"),
    path("template.<str:fmt>", views.output_template, name="template"),
    path("<int:pk>/schedule/", culture_views.schedule, name="schedule"),
    path(
        "<int:pk>/schedule/slots/<int:item>/remove/",
        culture_views.schedule_remove,
        {"what": "slot"},
        name="slot_remove",
    ),
    path(
        "<int:pk>/schedule/exceptions/<int:item>/remove/",
        culture_views.schedule_remove,
        {"what": "exception"},
        name="exception_remove",
    ),
    path("units/<int:pk>/schedule/", culture_views.schedule_print, name="schedule_print"),
    path("culture/", culture_views.culture, name="culture"),
    path("culture/new/", culture_views.culture_new, name="culture_new"),
    path("culture/<int:pk>/edit/", culture_views.culture_edit, name="culture_edit"),
]
