from django.urls import include, path

app_name = "surveys"
urlpatterns = [
    # The results, the coding of free text and the indicators (results_views).
    path("", include("tuyengiao.surveys.results_urls")),
]
