from django.urls import path

from tuyengiao.activities import meeting_views

# Included by activities/urls.py under meetings/, in the `activities` namespace.
urlpatterns = [
    path("new/", meeting_views.meeting_new, name="meeting_new"),
    path("<int:pk>/", meeting_views.meeting_detail, name="meeting"),
    path("<int:pk>/delete/", meeting_views.meeting_remove, name="meeting_delete"),
    path("<int:pk>/activity/", meeting_views.meeting_activity, name="meeting_activity"),
]
