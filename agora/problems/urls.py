from django.urls import path

from agora.problems import views

app_name = "problems"

urlpatterns = [
    path("", views.triage, name="triage"),
    path("report/", views.report, name="report"),
    path("<int:pk>/status/", views.change_status, name="change_status"),
]
