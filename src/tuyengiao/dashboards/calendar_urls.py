from django.urls import path

from tuyengiao.dashboards.calendar import views

# Under /calendar/: a unit's calendar, the page of one's feed address, and the feed.
app_name = "calendar"
urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("feed/", views.feed_settings, name="feed"),
    path("<str:token>.ics", views.feed_ics, name="ics"),
]
