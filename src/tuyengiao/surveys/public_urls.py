"""The public pages of a survey: no login, no cookie (public_views)."""

app_name = "survey_public"
urlpatterns: list = []
