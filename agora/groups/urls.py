from django.urls import path

from agora.groups import views

app_name = "groups"

urlpatterns = [
    path("cohorts/<slug:cohort_slug>/", views.overview, name="overview"),
    path("cohorts/<slug:cohort_slug>/form/", views.form_groups, name="form"),
    path("cohorts/<slug:cohort_slug>/by-hand/", views.by_hand, name="by_hand"),
    path("cohorts/<slug:cohort_slug>/mine/", views.my_group, name="mine"),
    path("<int:pk>/", views.group_space, name="space"),
    path("<int:pk>/post/", views.post, name="post"),
    path("<int:pk>/notes/", views.notes, name="notes"),
    path("task/<slug:cohort_slug>/<int:activity_id>/", views.task, name="task"),
]
