"""Typing in paper forms (paper_views), included from surveys/urls.py (namespace "surveys")."""

from django.urls import path

from tuyengiao.surveys import paper_views

urlpatterns = [
    path("<int:pk>/paper/", paper_views.paper_entry, name="paper"),
]
