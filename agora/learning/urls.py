from django.urls import path

from agora.learning import gradebook, views

app_name = "learning"

ACTIVITY = "<slug:cohort_slug>/activities/<int:activity_id>/"

urlpatterns = [
    path("paths/", views.paths, name="paths"),
    path("<slug:cohort_slug>/", views.course, name="course"),
    path("<slug:cohort_slug>/progress/", views.progress_page, name="progress"),
    path("<slug:cohort_slug>/gradebook/", gradebook.gradebook, name="gradebook"),
    path("<slug:cohort_slug>/gradebook.csv", gradebook.gradebook_csv, name="gradebook_csv"),
    path(ACTIVITY, views.activity, name="activity"),
    path(ACTIVITY + "done/", views.mark_done, name="mark_done"),
    path(ACTIVITY + "open/", views.open_tool, name="open_tool"),
    path(ACTIVITY + "time/", views.report_time, name="report_time"),
    path(ACTIVITY + "media/<slug:key>/", views.media, name="media"),
    path(ACTIVITY + "captions/<str:language>.vtt", views.captions, name="captions"),
]
