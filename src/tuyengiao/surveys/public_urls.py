"""The public pages of a survey: no login, no cookie (public_views)."""

from django.urls import path

from tuyengiao.surveys import public_views

app_name = "survey_public"
urlpatterns = [
    path("<str:public_key>/", public_views.survey_form, name="form"),
    path("<str:public_key>/cam-on/", public_views.survey_thanks, name="thanks"),
]
