"""Issues go out in batches from the task queue, once per subscriber, in their language."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from agora.newsletter import sending
from agora.newsletter.models import Delivery, Issue
from tests.newsletter.conftest import make_issue, subscriber


def queued_batches() -> list[int]:
    """The issues of the batches waiting in the task queue, in order."""
    results = DBTaskResult.objects.filter(
        task_path="agora.newsletter.tasks.send_issue_batch"
    ).order_by("enqueued_at")
    return [result.args_kwargs["args"][0] for result in results]


def start(issue):
    sending.schedule(issue, timezone.now() - timedelta(minutes=1))
    sending.start_due_issues()
    issue.refresh_from_db()


def test_a_due_issue_starts_sending_once(issue):
    start(issue)
    assert issue.status == Issue.Status.SENDING
    assert queued_batches() == [issue.pk]
    sending.start_due_issues()
    assert queued_batches() == [issue.pk]


def test_a_future_issue_waits(issue):
    sending.schedule(issue, timezone.now() + timedelta(hours=1))
    sending.start_due_issues()
    assert queued_batches() == []


def test_each_subscriber_gets_their_language_or_the_first(issue):
    subscriber("en@example.org", "en")
    subscriber("fr@example.org", "fr")
    subscriber("de@example.org", "de")
    subscriber("unconfirmed@example.org", "en", confirmed=False)
    start(issue)
    assert sending.send_batch(issue.pk) == 3
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        "en@example.org": "Autumn news",
        "fr@example.org": "Nouvelles",
        "de@example.org": "Autumn news",
    }
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT


def test_the_mail_has_one_click_unsubscribe_headers_and_sanitised_html(organiser):
    issue = make_issue(
        organiser.memberships.get().organisation,
        versions=[("en", "News", "Hi <script>x()</script> [site](https://e.org)")],
    )
    subscriber("ana@example.org")
    start(issue)
    sending.send_batch(issue.pk)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/newsletter/unsubscribe/" in url
    assert url in message.body
    html = message.alternatives[0][0]
    assert "<script>" not in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_batches_chain_until_everyone_has_it(issue):
    for number in range(5):
        subscriber(f"p{number}@example.org")
    start(issue)
    assert sending.send_batch(issue.pk, size=2) == 2
    assert queued_batches() == [issue.pk, issue.pk]  # the first, and the next one
    assert sending.send_batch(issue.pk, size=2) == 2
    assert sending.send_batch(issue.pk, size=2) == 1
    assert len(queued_batches()) == 3
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert len(mail.outbox) == 5


def test_a_batch_run_twice_sends_nobody_twice(issue):
    for number in range(3):
        subscriber(f"p{number}@example.org")
    start(issue)
    sending.send_batch(issue.pk)
    Issue.objects.filter(pk=issue.pk).update(status=Issue.Status.SENDING)
    assert sending.send_batch(issue.pk) == 0
    assert len(mail.outbox) == 3
    assert Delivery.objects.count() == 3


def test_a_failed_send_is_not_recorded_and_is_retried(issue):
    subscriber("ana@example.org")
    start(issue)
    failing = mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=ConnectionError
    )
    with failing, pytest.raises(ConnectionError):
        sending.send_batch(issue.pk)
    assert not Delivery.objects.exists()
    assert sending.send_batch(issue.pk) == 1


def test_a_stalled_issue_is_picked_up_again(issue):
    subscriber("ana@example.org")
    start(issue)
    Issue.objects.filter(pk=issue.pk).update(last_batch_at=timezone.now() - timedelta(hours=1))
    sending.start_due_issues()
    assert queued_batches() == [issue.pk, issue.pk]


def test_the_worker_sends_a_due_issue_through_the_queue(issue, transactional_db):
    from django.core.management import call_command

    from agora.newsletter.tasks import send_due_issues

    subscriber("ana@example.org")
    sending.schedule(issue, timezone.now() - timedelta(minutes=1))
    send_due_issues.enqueue()
    call_command("worker", batch=True)
    issue.refresh_from_db()
    assert issue.status == Issue.Status.SENT
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
