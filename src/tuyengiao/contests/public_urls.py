from django.urls import path

from tuyengiao.contests import public_views

app_name = "contests_public"
urlpatterns = [
    path("<int:pk>/ket-qua/", public_views.results, name="results"),
]
