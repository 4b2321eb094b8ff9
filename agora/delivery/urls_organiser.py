"""Routes of organiser views (see organiser_views.py), under /cohorts/manage/."""

from django.urls import path

from agora.delivery import organiser_views as views
from agora.delivery import setup_views as setup

urlpatterns = [
    path("manage/", views.cohort_list, name="manage_cohorts"),
    # Fixed words before "<slug>/" (they are reserved cohort addresses).
    path("manage/new/", setup.cohort_new, name="manage_cohort_new"),
    path("manage/new/<int:programme_pk>/", setup.cohort_create, name="manage_cohort_create"),
    path("manage/venues/", setup.venue_list, name="manage_venues"),
    path("manage/venues/new/", setup.venue_edit, name="manage_venue_new"),
    path("manage/venues/<int:pk>/", setup.venue_edit, name="manage_venue"),
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
    path("manage/<slug:slug>/settings/", setup.cohort_edit, name="manage_cohort_edit"),
    path("manage/<slug:slug>/streams/", setup.stream_list, name="manage_streams"),
    path("manage/<slug:slug>/streams/new/", setup.stream_edit, name="manage_stream_new"),
    path("manage/<slug:slug>/streams/<int:pk>/", setup.stream_edit, name="manage_stream"),
    path(
        "manage/<slug:slug>/streams/<int:pk>/activities/",
        setup.stream_rules,
        name="manage_stream_rules",
    ),
    path(
        "manage/<slug:slug>/streams/<int:pk>/delete/",
        setup.stream_delete,
        name="manage_stream_delete",
    ),
    path("manage/<slug:slug>/schedule/", setup.schedule, name="manage_schedule"),
    path("manage/<slug:slug>/schedule/new/", setup.session_edit, name="manage_session_new"),
    path("manage/<slug:slug>/schedule/<int:pk>/", setup.session_edit, name="manage_session"),
    path(
        "manage/<slug:slug>/schedule/<int:pk>/delete/",
        setup.session_delete,
        name="manage_session_delete",
    ),
    path(
        "manage/<slug:slug>/schedule/<int:day_pk>/blocks/new/",
        setup.block_create,
        name="manage_block_new",
    ),
    path("manage/<slug:slug>/staff/", setup.staff, name="manage_staff"),
    path(
        "manage/<slug:slug>/staff/<int:pk>/remove/", setup.staff_remove, name="manage_staff_remove"
    ),
    path("manage/<slug:slug>/messages/", views.message_history, name="manage_messages"),
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
