from django.urls import path

from tuyengiao.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("ingested/<int:pk>/", views.review, name="review"),
]
