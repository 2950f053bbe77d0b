from django.urls import path

from tuyengiao.orgunits import views

app_name = "orgunits"
urlpatterns: list = []
