"""Who may see what in notifications: each person sees only their own (``shown_to``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from agora.notifications.models import Notification


def own_notification(user, pk: int) -> Notification:
    """One of ``user``'s visible notifications, else 404."""
    return get_object_or_404(Notification.objects.shown_to(user), pk=pk)
