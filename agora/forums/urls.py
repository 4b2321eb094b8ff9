from django.urls import path

from agora.forums import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("community/", views.community, name="community"),
    path("cohorts/<slug:slug>/", views.cohort_forum, name="cohort"),
    path("<int:pk>/search/", views.search_forum, name="search"),
    path("spaces/<int:pk>/", views.space, name="space"),
    path("spaces/<int:pk>/new/", views.new_thread, name="new_thread"),
    path("threads/<int:pk>/", views.thread, name="thread"),
    path("threads/<int:pk>/reply/", views.reply, name="reply"),
    path("threads/<int:pk>/follow/", views.follow, name="follow"),
    path("threads/<int:pk>/moderate/", views.moderate_thread, name="moderate_thread"),
    path("threads/<int:pk>/move/", views.move, name="move"),
    path("posts/<int:pk>/", views.post, name="post"),
    path("posts/<int:pk>/react/", views.react, name="react"),
    path("posts/<int:pk>/report/", views.report, name="report"),
    path("posts/<int:pk>/edit/", views.edit, name="edit"),
    path("posts/<int:pk>/hide/", views.hide, name="hide"),
    path("posts/<int:pk>/history/", views.history, name="history"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("moderation/", views.queue, name="queue"),
    path("reports/<int:pk>/dismiss/", views.dismiss, name="dismiss"),
    path("task/<slug:cohort_slug>/<int:activity_id>/", views.task, name="task"),
]
