from django.urls import path

from tuyengiao.documents import views

app_name = "documents"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/tree/", views.tree, name="tree"),
    path("<int:pk>/relations/", views.relation_create, name="relation_add"),
    path("relations/<int:pk>/remove/", views.relation_delete, name="relation_remove"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
