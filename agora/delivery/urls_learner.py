"""Routes of learner views (see learner_views.py)."""

from django.urls import path

from agora.delivery import learner_views as views

urlpatterns = [
    path("my/", views.my_learning, name="my_learning"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
    path("calendar/<str:token>.ics", views.learner_calendar, name="learner_calendar"),
    path("<slug:slug>/calendar.ics", views.cohort_calendar, name="cohort_calendar"),
]
