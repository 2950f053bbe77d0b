"""The near-duplicate check's pages, included by contests/urls.py (namespace "contests")."""

from django.urls import path

from tuyengiao.contests import overlap_views

urlpatterns = [
    path("<int:pk>/overlaps/", overlap_views.overlaps, name="overlaps"),
    path("<int:pk>/overlaps/check/", overlap_views.overlaps_check, name="overlaps_check"),
    path("<int:pk>/overlaps/<int:entry_id>/", overlap_views.overlap, name="overlap"),
]
