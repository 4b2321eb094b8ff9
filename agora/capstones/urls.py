"""Capstones: the public showcase, then pages under the cohort's address. The words after the
address (``step``, ``milestones``, ``files``, ``review``, ``setup``) are not numbers, so they
never meet an activity id."""

from django.urls import path

from agora.capstones import views

app_name = "capstones"

urlpatterns = [
    path("showcase/", views.showcase, name="showcase"),
    path("<slug:cohort_slug>/", views.project, name="project"),
    path("<slug:cohort_slug>/<int:activity_id>/", views.task, name="task"),
    path("<slug:cohort_slug>/step/<str:stage>/", views.step, name="step"),
    path("<slug:cohort_slug>/milestones/<int:milestone_id>/", views.milestone,
         name="milestone"),
    path("<slug:cohort_slug>/showcase/", views.showcase_choice, name="showcase_choice"),
    path("<slug:cohort_slug>/files/<int:file_id>/", views.download, name="download"),
    path("<slug:cohort_slug>/review/", views.queue, name="queue"),
    path("<slug:cohort_slug>/review/<int:project_id>/", views.review, name="review"),
    path("<slug:cohort_slug>/setup/", views.milestones, name="milestones"),
    path("<slug:cohort_slug>/setup/rubric/", views.rubric, name="rubric"),
]
