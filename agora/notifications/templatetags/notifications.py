"""``{% unread_notifications_link %}``: the header link with the unread count (one query)."""

from django import template

from agora.notifications.models import Notification

register = template.Library()

# More than this shows as "99+": counting beyond it would cost a query that grows.
COUNT_CAP = 99


@register.inclusion_tag("notifications/nav_link.html", takes_context=True)
def unread_notifications_link(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    count = 0
    if user is not None and user.is_authenticated:
        ids = Notification.objects.shown_to(user).unread().values_list("pk", flat=True)
        count = len(ids[: COUNT_CAP + 1])
    return {
        "count": min(count, COUNT_CAP),
        "capped": count > COUNT_CAP,
        "current": bool(request and request.resolver_match
                        and request.resolver_match.app_name == "notifications"),
    }
