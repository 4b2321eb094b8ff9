"""Surveys: organisers under manage/, learners answer (``take`` is the survey activity's
player), partners answer with a one-time link."""

from django.urls import path

from agora.surveys import views

app_name = "surveys"

urlpatterns = [
    # Organisers.
    path("manage/cohorts/<slug:cohort_slug>/", views.manage_list, name="manage_list"),
    path("manage/cohorts/<slug:cohort_slug>/new/", views.survey_new, name="new"),
    path("manage/<int:survey_id>/", views.manage, name="manage"),
    path("manage/<int:survey_id>/settings/", views.survey_edit, name="edit"),
    path("manage/<int:survey_id>/questions/new/", views.question_edit, name="question_new"),
    path("manage/<int:survey_id>/questions/<int:question_id>/", views.question_edit,
         name="question_edit"),
    path("manage/<int:survey_id>/questions/<int:question_id>/delete/", views.question_delete,
         name="question_delete"),
    path("manage/<int:survey_id>/partners/", views.partners, name="partners"),
    path("manage/<int:survey_id>/results/", views.results_page, name="results"),
    path("manage/<int:survey_id>/results.csv", views.results_csv, name="results_csv"),
    path("manage/<int:survey_id>/results/<int:question_id>/texts/", views.results_texts,
         name="results_texts"),
    path("manage/<int:survey_id>/questions/<int:question_id>/schedule/", views.schedule_winners,
         name="schedule"),
    # Partners, by their link.
    path("partner/<str:token>/", views.partner, name="partner"),
    # Learners.
    path("answer/<int:survey_id>/", views.answer, name="answer"),
    path("cohorts/<slug:cohort_slug>/", views.learner_list, name="learner_list"),
    path("cohorts/<slug:cohort_slug>/<int:activity_id>/", views.take, name="take"),
]
