"""Contact requests between directory members: sending (rate-limited), answering, blocking."""

from __future__ import annotations

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from agora.directory.models import Block, ContactRequest, Profile
from agora.notifications.sending import notify

# At most this many requests per sender per window: enough to reach peers, too few to spam.
REQUESTS_PER_WINDOW = 10
WINDOW_SECONDS = 60 * 60


class ContactRefused(Exception):
    """A request that cannot be sent; ``str()`` is a translated reason for the sender."""


def _count_one_request(user) -> bool:
    """Count one request for ``user``; False once they are over the limit."""
    key = f"agora:directory-requests:{user.pk}"
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        count = 1
    return count <= REQUESTS_PER_WINDOW


def send_contact_request(sender, profile: Profile, message: str) -> ContactRequest:
    """Ask ``profile``'s owner to be in touch; they are notified. Raises ContactRefused."""
    if profile.owner_id == sender.pk:
        raise ContactRefused(_("This is your own profile."))
    if Block.objects.filter(blocker_id=profile.owner_id, blocked=sender).exists():
        # Said plainly but without naming the block, so a blocked person learns nothing more.
        raise ContactRefused(_("This person does not accept contact requests from you."))
    pending = ContactRequest.objects.filter(
        sender=sender, profile=profile, status=ContactRequest.Status.PENDING
    ).first()
    if pending is not None:
        return pending  # a double submit counts once
    if not _count_one_request(sender):
        raise ContactRefused(
            _("You sent many contact requests in a short time. Please try again in an hour.")
        )
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                sender=sender, profile=profile, message=message.strip()
            )
            notify(
                [profile.owner],
                verb="directory.contact_request",
                message=gettext_noop("%(name)s would like to get in touch through the directory."),
                params={"name": sender.full_name or str(sender)},
                url=reverse("directory:requests"),
            )
    except IntegrityError:  # the same request sent twice at once
        return ContactRequest.objects.get(
            sender=sender, profile=profile, status=ContactRequest.Status.PENDING
        )
    return request


@transaction.atomic
def answer_contact_request(request: ContactRequest, *, accept: bool) -> ContactRequest:
    """Accept or decline a pending request; the sender is notified. Answering again is a no-op."""
    request = ContactRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != ContactRequest.Status.PENDING:
        return request
    request.status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    request.answered_at = timezone.now()
    request.save(update_fields=["status", "answered_at"])
    if accept:
        message = gettext_noop("%(name)s accepted your contact request.")
    else:
        message = gettext_noop("%(name)s declined your contact request.")
    notify(
        [request.sender],
        verb=f"directory.contact_{request.status}",
        message=message,
        params={"name": request.profile.display_name},
        url=reverse("directory:requests"),
    )
    return request


@transaction.atomic
def block_sender(request: ContactRequest) -> Block:
    """The recipient blocks the sender: this request is declined and no more can come."""
    block, _created = Block.objects.get_or_create(
        blocker_id=request.profile.owner_id, blocked_id=request.sender_id
    )
    ContactRequest.objects.filter(
        sender_id=request.sender_id,
        profile__owner_id=request.profile.owner_id,
        status=ContactRequest.Status.PENDING,
    ).update(status=ContactRequest.Status.DECLINED, answered_at=timezone.now())
    return block


def unblock(user, block_id: int) -> None:
    Block.objects.filter(blocker=user, pk=block_id).delete()
