"""Routes of learner views (see learner_views.py)."""

urlpatterns: list = []
