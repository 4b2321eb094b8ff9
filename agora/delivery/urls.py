"""Delivery routes, one module per audience: registration, the learner's own pages, organisers."""

from django.urls import include, path

app_name = "delivery"
# Fixed words ("my/", "calendar/", "manage/") come before registration's "<slug>/", which would
# otherwise take them for a cohort's address.
urlpatterns = [
    path("", include("agora.delivery.urls_learner")),
    path("", include("agora.delivery.urls_organiser")),
    path("", include("agora.delivery.urls_registration")),
]
