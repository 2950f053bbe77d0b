from django.urls import include, path

from tuyengiao.surveys import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.survey_new, name="new"),
    path("<int:pk>/", views.survey, name="survey"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/end/", views.end, name="end"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("<int:pk>/codes/", views.codes, name="codes"),
    # The results, the coding of free text and the indicators (results_views).
    path("", include("tuyengiao.surveys.results_urls")),
    # Paper forms typed in by surveyors (paper_views).
    path("", include("tuyengiao.surveys.paper_urls")),
]
