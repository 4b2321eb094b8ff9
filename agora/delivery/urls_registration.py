"""Routes of registration views (see registration_views.py)."""

urlpatterns: list = []
