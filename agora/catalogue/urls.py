"""Public catalogue routes (see views.py). Authoring routes are in authoring_urls.py."""

from django.urls import path

from agora.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("", views.catalogue, name="index"),
    # Before <slug:slug>/: "competences" would otherwise read as a programme's address.
    path("competences/<slug:code>/", views.path, name="path"),
    path("<slug:slug>/", views.programme, name="programme"),
    path("<slug:slug>/<slug:level>/<slug:module>/", views.module, name="module"),
]
