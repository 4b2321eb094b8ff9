"""Delivery routes, one module per audience: registration, the learner's own pages, organisers."""

from django.urls import include, path

app_name = "delivery"
urlpatterns = [
    path("", include("agora.delivery.urls_registration")),
    path("", include("agora.delivery.urls_learner")),
    path("", include("agora.delivery.urls_organiser")),
]
