from django.urls import path

from agora.mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("", views.index, name="index"),
    path("cohorts/<slug:cohort_slug>/", views.assign, name="assign"),
    path("<int:pk>/", views.space, name="space"),
    path("<int:pk>/message/", views.message, name="message"),
    path("<int:pk>/feedback/", views.feedback, name="feedback"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
]
