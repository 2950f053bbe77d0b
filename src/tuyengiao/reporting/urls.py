from django.urls import path

from tuyengiao.reporting import builder_views, file_views, views

app_name = "reporting"
report = "forms/<str:code>/<int:unit>/<str:period>/"
urlpatterns = [
    path("", views.due, name="due"),
    path("import/", file_views.values_import, name="import"),
    path("manage/", builder_views.manage, name="manage"),
    path("manage/new/form/", builder_views.form_edit, name="form_new"),
    path("manage/forms/<str:code>/", builder_views.form_edit, name="form_edit"),
    path("manage/new/rule/", builder_views.rule_edit, name="rule_new"),
    path("manage/rules/<str:code>/", builder_views.rule_edit, name="rule_edit"),
    path("forms/<str:code>/", views.overview, name="overview"),
    path("forms/<str:code>/template.<str:fmt>", file_views.template, name="template"),
    path(report, views.entry, name="entry"),
    path(report + "cell/", views.cell, name="cell"),
    path(report + "history/", views.history, name="history"),
    path(report + "submit/", views.submit, name="submit"),
    path(report + "approve/", views.approve, name="approve"),
    path(report + "return/", views.send_back, name="return"),
    path(report + "exception/", views.grant, name="exception"),
]
