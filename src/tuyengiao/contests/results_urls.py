from django.urls import path

from tuyengiao.contests import results_views

# Included by contests.urls (app_name "contests").
urlpatterns = [
    path("<int:pk>/results/", results_views.results, name="results"),
    path("<int:pk>/results/confirm/", results_views.confirm, name="confirm"),
    path("<int:pk>/decision.docx", results_views.decision, name="decision"),
    path("<int:pk>/certificates.docx", results_views.certificates, name="certificates"),
]
