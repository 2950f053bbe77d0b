from django.urls import path

from tuyengiao.reports import generated_views, views

app_name = "reports"
urlpatterns = [
    path("", views.report_list, name="list"),
    path("ingested/<int:pk>/", views.review, name="review"),
    path("generated/", generated_views.generated_list, name="generated_list"),
    path("generated/<int:pk>/", generated_views.generated_detail, name="generated"),
    path("generated/<int:pk>/issue/", generated_views.generated_issue, name="generated_issue"),
    path("generated/<int:pk>/docx/", generated_views.generated_docx, name="generated_docx"),
    path("generated/<int:pk>/pdf/", generated_views.generated_pdf, name="generated_pdf"),
]
