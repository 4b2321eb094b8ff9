"""Reminder e-mails before sessions and due dates, each sent once."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from agora.delivery import reminders
from agora.delivery.models import Cohort, Enrolment, ReminderSent, ScheduledSession
from agora.delivery.reminders import due_reminders, send_due_reminders
from agora.delivery.tasks import send_reminders
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

# Saturday 27 March 2027, 10:00 in Brussels (UTC+1, the day before summer time).
STARTS = datetime(2027, 3, 27, 9, tzinfo=UTC)


@pytest.fixture
def cohort():
    return CohortFactory(languages=["en", "fr"], time_zone="Europe/Brussels")


def live_session(cohort, *, language="", starts_at=STARTS, **fields):
    return ScheduledSession.objects.create(
        cohort=cohort,
        kind=fields.pop("kind", ScheduledSession.Kind.LIVE),
        title={"en": "Open data clinic"},
        language=language,
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + timedelta(hours=1)),
        meeting_url="https://meet.example.org/clinic",
        **fields,
    )


def test_a_day_before_a_live_session_the_learner_gets_a_reminder(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)

    assert send_due_reminders(STARTS - timedelta(hours=23)) == 1

    (message,) = mail.outbox
    assert message.to == [user.email]
    assert "Open data clinic" in message.subject
    assert "Saturday March 27, 2027, 10:00 (Europe/Brussels)" in message.body
    assert "https://meet.example.org/clinic" in message.body
    assert "/cohorts/my/" in message.body


def test_nothing_is_sent_before_the_reminder_is_due(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)

    assert send_due_reminders(STARTS - timedelta(hours=25)) == 0
    assert send_due_reminders(STARTS + timedelta(minutes=1)) == 0
    assert mail.outbox == []


def test_each_reminder_goes_once_and_the_hour_before_goes_too(cohort, user):
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    session = live_session(cohort)

    send_due_reminders(STARTS - timedelta(hours=23))
    send_due_reminders(STARTS - timedelta(hours=20))
    send_due_reminders(STARTS - timedelta(minutes=50))
    send_due_reminders(STARTS - timedelta(minutes=10))

    assert len(mail.outbox) == 2
    assert set(enrolment.reminders.values_list("key", flat=True)) == {
        f"session-{session.pk}-24h",
        f"session-{session.pk}-1h",
    }


def test_a_run_that_starts_late_sends_only_the_nearest_reminder(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)

    assert send_due_reminders(STARTS - timedelta(minutes=30)) == 1
    assert send_due_reminders(STARTS - timedelta(minutes=20)) == 0


def test_two_runs_at_once_send_one_email(cohort, user, monkeypatch):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)
    now = STARTS - timedelta(hours=2)
    seen_by_second_run = due_reminders(now)  # read before the first run sent anything

    assert send_due_reminders(now) == 1
    monkeypatch.setattr(reminders, "due_reminders", lambda now: seen_by_second_run)
    assert send_due_reminders(now) == 0

    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two connections writing at once: runs in CI's PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_the_same_moment_send_one_email():
    cohort = CohortFactory(time_zone="Europe/Brussels")
    EnrolmentFactory(cohort=cohort)
    live_session(cohort)
    now = STARTS - timedelta(hours=2)
    start = threading.Barrier(2)
    sent, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            sent.append(send_due_reminders(now))
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(sent) == [0, 1]
    assert len(mail.outbox) == 1
    assert ReminderSent.objects.count() == 1


def test_a_failed_email_is_tried_again_next_time(cohort, user, monkeypatch):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)
    now = STARTS - timedelta(hours=2)

    def broken(*args, **kwargs):
        raise ConnectionError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    with pytest.raises(ConnectionError):
        send_due_reminders(now)
    assert ReminderSent.objects.count() == 0
    monkeypatch.undo()

    assert send_due_reminders(now) == 1


@pytest.mark.parametrize(
    "status",
    [
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.WITHDRAWN,
        Enrolment.Status.PENDING_APPROVAL,
        Enrolment.Status.AWAITING_PAYMENT,
    ],
)
def test_only_confirmed_learners_are_reminded(cohort, user, status):
    EnrolmentFactory(cohort=cohort, user=user, status=status)
    live_session(cohort)

    assert send_due_reminders(STARTS - timedelta(hours=2)) == 0


def test_a_cancelled_cohort_sends_no_reminders(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort)
    cohort.status = Cohort.Status.CANCELLED
    cohort.save()

    assert send_due_reminders(STARTS - timedelta(hours=2)) == 0


def test_a_session_in_one_language_reminds_only_that_language(cohort):
    english = EnrolmentFactory(cohort=cohort, language="en")
    EnrolmentFactory(cohort=cohort, language="fr")
    live_session(cohort, language="en")

    send_due_reminders(STARTS - timedelta(hours=2))

    assert [message.to for message in mail.outbox] == [[english.user.email]]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "samedi 27 mars 2027, 10:00 (Europe/Brussels)"),
        ("pl", "27 marca 2027, 10:00 (Europe/Brussels)"),
    ],
)
def test_the_reminder_is_in_the_learners_language(cohort, language, expected):
    learner = UserFactory(preferred_language=language)
    EnrolmentFactory(cohort=cohort, user=learner, language="fr")
    live_session(cohort)

    send_due_reminders(STARTS - timedelta(hours=2))

    (message,) = mail.outbox
    assert expected in message.body


def test_summer_time_is_shown_after_the_change(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    monday = datetime(2027, 3, 29, 8, tzinfo=UTC)  # 10:00 in Brussels, now UTC+2
    live_session(cohort, starts_at=monday)

    send_due_reminders(monday - timedelta(hours=2))

    assert "Monday March 29, 2027, 10:00 (Europe/Brussels)" in mail.outbox[0].body


def test_a_self_paced_week_reminds_before_its_due_date(cohort, user):
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    due = datetime(2027, 4, 4, 21, 59, tzinfo=UTC)  # Sunday 23:59 in Brussels
    week = live_session(
        cohort,
        kind=ScheduledSession.Kind.SELF_PACED,
        starts_at=due - timedelta(days=7),
        ends_at=due,
    )

    assert send_due_reminders(due - timedelta(hours=30)) == 0
    assert send_due_reminders(due - timedelta(hours=12)) == 1
    assert send_due_reminders(due - timedelta(hours=1)) == 0

    assert "Sunday April 4, 2027, 23:59 (Europe/Brussels)" in mail.outbox[0].body
    assert enrolment.reminders.get().key == f"due-{week.pk}-24h"


def test_the_task_sends_what_is_due_now(cohort, user):
    EnrolmentFactory(cohort=cohort, user=user)
    live_session(cohort, starts_at=timezone.now() + timedelta(minutes=30))

    assert send_reminders.call() == 1
    assert len(mail.outbox) == 1
