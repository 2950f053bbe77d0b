from django.urls import include, path

from tuyengiao.contests import views

app_name = "contests"
urlpatterns = [
    path("", views.index, name="index"),
    # The near-duplicate check and its side-by-side view (overlap_views).
    path("", include("tuyengiao.contests.overlap_urls")),
    # Results: confirming them, the decision and the certificates (results_views).
    path("", include("tuyengiao.contests.results_urls")),
]
