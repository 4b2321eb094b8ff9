"""Quizzes: learners take them (``take`` is the quiz activity's player), facilitators see
results, organisers edit question banks."""

from django.urls import path

from agora.quizzes import authoring, results_views, views

app_name = "quizzes"

urlpatterns = [
    # Organisers: question banks and quiz settings.
    path("manage/banks/", authoring.bank_index, name="banks"),
    path("manage/banks/<int:module_id>/", authoring.bank, name="bank"),
    path("manage/banks/<int:module_id>/import/", authoring.import_gift, name="import_gift"),
    path("manage/banks/<int:module_id>/export/<str:language>.gift", authoring.export_gift,
         name="export_gift"),
    path("manage/banks/<int:module_id>/questions/<int:question_id>/delete/",
         authoring.delete_question, name="delete_question"),
    path("manage/banks/<int:module_id>/questions/<int:question_id>/<str:language>/",
         authoring.edit_question, name="edit_question"),
    path("manage/banks/<int:module_id>/quizzes/<int:activity_id>/", authoring.quiz_settings,
         name="quiz_settings"),
    # Facilitators and organisers: results and extra time.
    path("manage/results/<slug:cohort_slug>/", results_views.cohort_quizzes, name="cohort_results"),
    path("manage/results/<slug:cohort_slug>/<int:activity_id>/", results_views.quiz_results,
         name="results"),
    path("manage/results/<slug:cohort_slug>/<int:activity_id>/extra-time/<int:enrolment_id>/",
         results_views.extra_time, name="extra_time"),
    # Learners.
    path("<slug:cohort_slug>/<int:activity_id>/", views.take, name="take"),
    path("<slug:cohort_slug>/<int:activity_id>/start/", views.start, name="start"),
    path("<slug:cohort_slug>/<int:activity_id>/attempts/<int:number>/", views.result,
         name="result"),
    path("<slug:cohort_slug>/<int:activity_id>/attempts/<int:number>/answers/<int:position>/",
         views.save, name="save"),
    path("<slug:cohort_slug>/<int:activity_id>/attempts/<int:number>/check/<int:position>/",
         views.check, name="check"),
    path("<slug:cohort_slug>/<int:activity_id>/attempts/<int:number>/submit/", views.submit,
         name="submit"),
]
