"""Live sessions: participants under /live/ and /live/j/<code>/, facilitators under
/live/sessions/<session>/ (the scheduled session's id)."""

from django.urls import path

from agora.live import views

app_name = "live"

urlpatterns = [
    path("", views.join_page, name="join"),
    path("j/<str:code>/", views.participate, name="participate"),
    path("j/<str:code>/answer/<int:interaction_pk>/", views.answer, name="answer"),
    path("j/<str:code>/ask/<int:interaction_pk>/", views.ask, name="ask"),
    path("j/<str:code>/upvote/<int:question_pk>/", views.upvote, name="upvote"),
    path("sessions/<int:session_pk>/", views.manage, name="manage"),
    path("sessions/<int:session_pk>/prepare/", views.prepare, name="prepare"),
    path("sessions/<int:session_pk>/settings/", views.room_settings, name="settings"),
    path("sessions/<int:session_pk>/copy/", views.copy, name="copy"),
    path("sessions/<int:session_pk>/new/", views.edit_interaction, name="new_interaction"),
    path("sessions/<int:session_pk>/<int:pk>/edit/", views.edit_interaction, name="edit"),
    path(
        "sessions/<int:session_pk>/<int:pk>/<slug:action>/",
        views.interaction_action,
        name="act",
    ),
    path(
        "sessions/<int:session_pk>/questions/<int:pk>/<slug:status>/",
        views.moderate,
        name="moderate",
    ),
    path("sessions/<int:session_pk>/projector/", views.projector, name="projector"),
    path("sessions/<int:session_pk>/qr.svg", views.qr_code, name="qr"),
    path("sessions/<int:session_pk>/results.csv", views.results_csv, name="results_csv"),
    path("sessions/<int:session_pk>/<int:pk>/chart.svg", views.chart, name="chart"),
    path("sessions/<int:session_pk>/summary/", views.summary, name="summary"),
]
