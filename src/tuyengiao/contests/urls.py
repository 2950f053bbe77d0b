from django.urls import include, path

from tuyengiao.contests import judging_views, views

app_name = "contests"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.contest_new, name="new"),
    path("<int:pk>/", views.contest, name="contest"),
    path("<int:pk>/entries/", views.entries, name="entries"),
    path("<int:pk>/entries/new/", views.entry_new, name="entry_new"),
    path("<int:pk>/entries/<int:entry_id>/file/", views.entry_file, name="entry_file"),
    path("<int:pk>/rounds/<int:number>/", judging_views.round_page, name="round"),
    path("<int:pk>/rounds/<int:number>/judges/", judging_views.round_judges, name="round_judges"),
    path("<int:pk>/rounds/<int:number>/open/", judging_views.round_open, name="round_open"),
    path("<int:pk>/rounds/<int:number>/key/", judging_views.round_key, name="round_key"),
    path("<int:pk>/prizes/propose/", judging_views.prizes_propose, name="prizes_propose"),
    # A judge's pages: reached through their assignments, whatever their roles.
    path("judging/<int:round_id>/", judging_views.judge_round, name="judge_round"),
    path("judging/entry/<int:assignment_id>/", judging_views.judge_entry, name="judge_entry"),
    # The near-duplicate check and its side-by-side view (overlap_views).
    path("", include("tuyengiao.contests.overlap_urls")),
    # Results: confirming them, the decision and the certificates (results_views).
    path("", include("tuyengiao.contests.results_urls")),
]
