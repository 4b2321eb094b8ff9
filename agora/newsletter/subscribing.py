"""Subscribing with double opt-in, confirming, unsubscribing, and purging lapsed sign-ups.

Links carry signed tokens (``django.core.signing``) naming the subscription and its address, so
nothing secret is stored: a confirmation link lapses after ``CONFIRMATION_DAYS``; an unsubscribe
link works for as long as the subscription exists (and says "unsubscribed" after that).
"""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.newsletter.models import CONFIRMATION_DAYS, Subscription

CONFIRM_SALT = "agora.newsletter.confirm"
UNSUBSCRIBE_SALT = "agora.newsletter.unsubscribe"
# Sign-ups per IP address per hour: each one sends an e-mail to an address we cannot check.
SIGNUPS_PER_HOUR = 5


def _token(subscription: Subscription, salt: str) -> str:
    return signing.dumps({"s": subscription.pk, "e": subscription.email}, salt=salt)


def confirmation_token(subscription: Subscription) -> str:
    return _token(subscription, CONFIRM_SALT)


def unsubscribe_token(subscription: Subscription) -> str:
    return _token(subscription, UNSUBSCRIBE_SALT)


def unsubscribe_url(subscription: Subscription) -> str:
    path = reverse("newsletter:unsubscribe", args=[unsubscribe_token(subscription)])
    return settings.SITE_URL + path


def _subscription_from(token: str, salt: str, max_age: timedelta | None = None):
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(data, dict):
        return None
    return Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).first()


def allowed_to_sign_up(ip: str) -> bool:
    key = "agora:newsletter-signups:" + hashlib.sha256(ip.encode()).hexdigest()[:32]
    cache.add(key, 0, timeout=3600)
    try:
        return cache.incr(key) <= SIGNUPS_PER_HOUR
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return True


@transaction.atomic
def subscribe(email: str, language: str, user=None) -> Subscription:
    """Record a sign-up and send the confirmation link (after commit).

    An address that is already confirmed is left as it is and gets no e-mail, so the form tells
    nobody whether an address is subscribed. A signed-in person subscribing their own account's
    address (verified at sign-up) is confirmed at once.
    """
    email = email.strip().lower()
    own_address = user is not None and user.is_authenticated and user.email.lower() == email
    now = timezone.now()
    try:
        with transaction.atomic():
            subscription, created = Subscription.objects.get_or_create(
                email=email, defaults={"language": language, "created_at": now}
            )
    except IntegrityError:  # the same address signed up at the same moment
        subscription, created = Subscription.objects.get(email=email), False
    if subscription.is_confirmed and not created:
        return subscription
    subscription.language = language
    subscription.created_at = now  # a new sign-up restarts the confirmation window
    if own_address:
        subscription.user = user
        subscription.confirmed_at = now
    subscription.save()
    if not subscription.is_confirmed:
        transaction.on_commit(lambda: send_confirmation(subscription))
    return subscription


def send_confirmation(subscription: Subscription) -> None:
    link = settings.SITE_URL + reverse(
        "newsletter:confirm", args=[confirmation_token(subscription)]
    )
    with translation.override(mail_language(subscription.language)):
        subject = _("Confirm your subscription to the Agora newsletter")
        body = "\n\n".join(
            [
                _("Someone, probably you, asked to receive the Agora newsletter at this address."),
                _("To confirm, open this link within %(days)s days:") % {"days": CONFIRMATION_DAYS},
                link,
                _("If it was not you, ignore this e-mail: nothing will be sent to you."),
            ]
        )
    send_mail(subject, body, None, [subscription.email])


def mail_language(language: str) -> str:
    """The UI language closest to a content language (the e-mail's own words are UI text)."""
    ui = {code for code, _name in settings.LANGUAGES}
    return language if language in ui else settings.LANGUAGE_CODE


def subscription_to_confirm(token: str) -> Subscription | None:
    return _subscription_from(token, CONFIRM_SALT, max_age=timedelta(days=CONFIRMATION_DAYS))


@transaction.atomic
def confirm(subscription: Subscription) -> Subscription:
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
    return subscription


@transaction.atomic
def unsubscribe(token: str) -> bool:
    """Delete the subscription the token names; True if the token is genuine (even if the
    subscription was already gone: unsubscribing twice is not an error)."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return False
    if not isinstance(data, dict):
        return False
    Subscription.objects.filter(pk=data.get("s"), email=data.get("e")).delete()
    return True


def purge_unconfirmed(now=None) -> int:
    """Delete sign-ups whose confirmation link lapsed; returns how many."""
    deleted, _by_model = Subscription.objects.expired(now).delete()
    return deleted
