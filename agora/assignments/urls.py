"""Assignments: the learner's page, private files, grading, due dates and settings.

Every route but the settings one starts with the cohort's address; the words after it
(``files``, ``grading``, ``due-dates``) are not numbers, so they never meet an activity id.
"""

from django.urls import path

from agora.assignments import views

app_name = "assignments"

urlpatterns = [
    path("activities/<int:activity_id>/settings/", views.assignment_settings, name="settings"),
    path("activities/<int:activity_id>/rubric/", views.edit_rubric, name="rubric"),
    path("<slug:cohort_slug>/<int:activity_id>/", views.submit, name="submit"),
    path("<slug:cohort_slug>/<int:activity_id>/revise/", views.revise, name="revise"),
    path("<slug:cohort_slug>/<int:activity_id>/remove-file/", views.remove_file,
         name="remove_file"),
    path("<slug:cohort_slug>/files/<int:file_id>/", views.download, name="download"),
    path("<slug:cohort_slug>/grading/", views.queue, name="queue"),
    path("<slug:cohort_slug>/grading/<int:submission_id>/", views.grade_submission,
         name="grade"),
    path("<slug:cohort_slug>/due-dates/", views.due_dates, name="due_dates"),
]
