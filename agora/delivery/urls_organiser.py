"""Routes of organiser views (see organiser_views.py)."""

urlpatterns: list = []
