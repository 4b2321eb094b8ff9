from django.urls import path

from agora.portal import teaching, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("language/", views.set_language, name="set_language"),
    path("health/", views.health, name="health"),
    path("teaching/", teaching.teaching, name="teaching"),
]
