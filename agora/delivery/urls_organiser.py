"""Routes of organiser views (see organiser_views.py), under /cohorts/manage/."""

from django.urls import path

from agora.delivery import organiser_views as views

urlpatterns = [
    path("manage/", views.cohort_list, name="manage_cohorts"),
    path("manage/<slug:slug>/", views.cohort_detail, name="manage_cohort"),
    path(
        "manage/<slug:slug>/enrolments.<str:fmt>",
        views.export_enrolments,
        name="manage_export",
    ),
    path(
        "manage/<slug:slug>/enrolments/<int:pk>/receipt/",
        views.enrolment_receipt,
        name="manage_enrolment_receipt",
    ),
    path(
        "manage/<slug:slug>/enrolments/<int:pk>/<slug:action>/",
        views.enrolment_action,
        name="manage_enrolment_action",
    ),
    path("manage/<slug:slug>/message/", views.cohort_message, name="manage_message"),
    path("manage/<slug:slug>/invite/", views.cohort_invite, name="manage_invite"),
    path("manage/<slug:slug>/capacity/", views.cohort_capacity, name="manage_capacity"),
    path("manage/<slug:slug>/copy/", views.cohort_copy, name="manage_copy"),
    path(
        "manage/<slug:slug>/sessions/<int:session_pk>/attendance/",
        views.attendance,
        name="manage_attendance",
    ),
]
