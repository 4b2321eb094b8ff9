from django.urls import path

from agora.newsletter import views

app_name = "newsletter"

urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("check-your-inbox/", views.check_inbox, name="check_inbox"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("issues/", views.issue_list, name="issues"),
    path("issues/new/", views.issue_new, name="issue_new"),
    path("issues/<int:pk>/", views.issue_detail, name="issue"),
    path("issues/<int:pk>/schedule/", views.issue_schedule, name="issue_schedule"),
    path("issues/<int:pk>/unschedule/", views.issue_unschedule, name="issue_unschedule"),
    path("issues/<int:pk>/versions/new/", views.version_edit, name="version_new"),
    path("issues/<int:pk>/versions/<str:language>/", views.version_edit, name="version_edit"),
    path(
        "issues/<int:pk>/versions/<str:language>/preview/",
        views.version_preview,
        name="version_preview",
    ),
]
