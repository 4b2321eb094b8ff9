"""Authoring for organisers (see authoring.py)."""

app_name = "authoring"
urlpatterns: list = []
