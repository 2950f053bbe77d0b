"""The results, the recording into indicators and the coding of free text of a survey
(included from surveys/urls.py, namespace "surveys")."""

from django.urls import path

from tuyengiao.surveys import results_views

urlpatterns = [
    path("<int:pk>/results/", results_views.results_page, name="results"),
    path("<int:pk>/results/record/", results_views.results_record, name="results_record"),
    path("<int:pk>/coding/", results_views.coding_page, name="coding"),
]
