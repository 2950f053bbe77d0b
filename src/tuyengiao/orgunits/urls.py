from django.urls import path

from tuyengiao.orgunits import views

app_name = "orgunits"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views.import_view, name="import"),
    path("export/", views.export, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/children/", views.children, name="children"),
    path(
        "<int:pk>/<slug:name>/",
        views.action,
        name="action",
    ),
]
