from django.urls import path

from agora.directory import views

app_name = "directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.edit_my_profile, name="my_profile"),
    path("organisations/new/", views.edit_organisation_profile, name="new_organisation"),
    path(
        "organisations/<int:pk>/edit/",
        views.edit_organisation_profile,
        name="edit_organisation",
    ),
    path("<int:pk>/", views.profile, name="profile"),
    path("<int:pk>/delete/", views.delete_profile, name="delete"),
    path("requests/", views.requests, name="requests"),
    path("requests/<int:pk>/answer/", views.answer, name="answer"),
    path("blocks/<int:pk>/delete/", views.unblock_view, name="unblock"),
]
