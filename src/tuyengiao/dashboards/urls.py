from django.urls import path

from tuyengiao.dashboards import views

# Under /reporting/, where the dashboard was before it became an app of its own.
app_name = "dashboards"
urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/table.xlsx", views.table_xlsx, name="table_xlsx"),
    path("dashboard/<str:kind>.<str:fmt>", views.chart, name="chart"),
]
