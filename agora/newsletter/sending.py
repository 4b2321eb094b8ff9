"""Sending an issue to every confirmed subscriber, in batches, from the task queue.

``start_due_issues`` (periodic) moves each scheduled issue whose time has come to "sending" and
enqueues its first batch. A batch (``send_batch``) sends to the next ``BATCH_SIZE`` confirmed
subscribers who have no ``Delivery`` for the issue, then enqueues the next batch, or marks the
issue sent when nobody is left. Each ``Delivery`` is written in the same transaction as its
e-mail is handed to the mail server, and is unique per issue and subscriber: a batch that runs
twice, or two at once, sends nobody the issue twice. If a worker dies mid-issue, the issue's
``last_batch_at`` stops moving and ``start_due_issues`` enqueues a batch again after ``STALLED``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.newsletter.models import Delivery, Issue, IssueVersion, Subscription
from agora.newsletter.subscribing import mail_language, unsubscribe_url
from agora.portal.markdown import render_markdown

BATCH_SIZE = 500
STALLED = timedelta(minutes=10)


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    footer_text: str
    footer_html: str


def render_version(version: IssueVersion) -> Rendered:
    """A version as e-mail parts; the footer has an ``{url}`` slot for each subscriber's link."""
    with translation.override(mail_language(version.language)):
        footer = _("You receive this because you subscribed to the Agora newsletter.")
        leave = _("Unsubscribe")
    return Rendered(
        subject=version.subject,
        text=version.body,
        html=str(render_markdown(version.body)),
        footer_text=f"{footer}\n{leave}: {{url}}",
        footer_html=f'<hr><p>{footer} <a href="{{url}}">{leave}</a></p>',
    )


def issue_message(
    rendered: Rendered, subscription: Subscription, connection=None
) -> EmailMultiAlternatives:
    url = unsubscribe_url(subscription)
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=f"{rendered.text}\n\n-- \n{rendered.footer_text.format(url=url)}",
        to=[subscription.email],
        connection=connection,
        headers={
            # RFC 2369 and RFC 8058: mail programs offer a one-click "unsubscribe" button.
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"Agora newsletter <newsletter.{settings.SITE_URL.split('//')[-1]}>",
        },
    )
    html = f'<div lang="{subscription.language}">{rendered.html}</div>'
    message.attach_alternative(html + rendered.footer_html.format(url=url), "text/html")
    return message


@transaction.atomic
def schedule(issue: Issue, when: datetime) -> Issue:
    issue.status = Issue.Status.SCHEDULED
    issue.scheduled_at = when
    issue.save(update_fields=["status", "scheduled_at"])
    return issue


@transaction.atomic
def unschedule(issue: Issue) -> Issue:
    Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
        status=Issue.Status.DRAFT
    )
    issue.refresh_from_db()
    return issue


def start_due_issues(now: datetime | None = None) -> int:
    """Start the issues due now and restart stalled ones; returns how many batches it queued."""
    from agora.newsletter.tasks import send_issue_batch

    now = now or timezone.now()
    queued = 0
    for issue in Issue.objects.due(now).only("pk"):
        # The conditional update lets exactly one of several workers start the issue.
        started = Issue.objects.filter(pk=issue.pk, status=Issue.Status.SCHEDULED).update(
            status=Issue.Status.SENDING, last_batch_at=now
        )
        if started:
            send_issue_batch.enqueue(issue.pk)
            queued += 1
    stalled = Issue.objects.filter(status=Issue.Status.SENDING, last_batch_at__lt=now - STALLED)
    for issue in stalled.only("pk", "last_batch_at"):
        claimed = Issue.objects.filter(pk=issue.pk, last_batch_at=issue.last_batch_at).update(
            last_batch_at=now
        )
        if claimed:
            send_issue_batch.enqueue(issue.pk)
            queued += 1
    return queued


def pending_subscriptions(issue: Issue):
    return Subscription.objects.confirmed().exclude(deliveries__issue=issue).order_by("pk")


def send_batch(issue_id: int, size: int = BATCH_SIZE) -> int:
    """Send the issue to the next ``size`` subscribers without it; returns how many got it."""
    from agora.newsletter.tasks import send_issue_batch

    issue = Issue.objects.filter(pk=issue_id, status=Issue.Status.SENDING).first()
    if issue is None:
        return 0
    versions = list(issue.versions.all())
    if not versions:
        Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.DRAFT)
        return 0
    rendered: dict[int, Rendered] = {}
    batch = list(pending_subscriptions(issue)[:size])
    sent = 0
    with get_connection() as connection:
        for subscription in batch:
            version = issue.version_for(subscription.language, versions)
            if version.pk not in rendered:
                rendered[version.pk] = render_version(version)
            try:
                with transaction.atomic():
                    Delivery.objects.create(issue=issue, subscription=subscription)
                    issue_message(rendered[version.pk], subscription, connection).send()
            except IntegrityError:
                continue  # another batch sent it meanwhile
            sent += 1
    now = timezone.now()
    Issue.objects.filter(pk=issue.pk).update(last_batch_at=now)
    if len(batch) == size:
        send_issue_batch.enqueue(issue.pk)
    elif not pending_subscriptions(issue).exists():
        Issue.objects.filter(pk=issue.pk, status=Issue.Status.SENDING).update(
            status=Issue.Status.SENT, sent_at=now
        )
    return sent
