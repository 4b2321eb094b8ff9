"""Mentoring actions: assigning, messages, the feedback log, check-ins and their reminders."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from agora.mentoring import actions, reminders
from agora.mentoring.models import CheckIn, FeedbackEntry, MentorAssignment
from agora.notifications.models import Notification
from tests.factories import EnrolmentFactory, UserFactory


def test_balanced_assignment_evens_the_load(cohort, maya, milo):
    for _ in range(5):
        EnrolmentFactory(cohort=cohort)
    actions.assign_balanced(cohort)
    loads = sorted(MentorAssignment.objects.filter(mentor=m).count() for m in (maya, milo))
    assert loads == [2, 3]


def test_balanced_assignment_leaves_assigned_learners_alone(cohort, space, maya, milo):
    EnrolmentFactory(cohort=cohort)
    made = actions.assign_balanced(cohort)
    assert [m.mentor_id for m in made] == [milo.pk]
    space.refresh_from_db()
    assert space.mentor == maya


def test_only_a_mentor_of_the_cohort_can_be_assigned(cohort):
    with pytest.raises(actions.NotAMentor):
        actions.assign_mentor(EnrolmentFactory(cohort=cohort), UserFactory())


def test_changing_the_mentor_keeps_the_space(space, milo):
    actions.send_message(space, space.mentor, "Hello")
    moved = actions.assign_mentor(space.enrolment, milo)
    assert moved.pk == space.pk
    assert moved.messages.count() == 1


def test_a_message_is_sanitised_and_notifies_the_other_party(space, lena, maya):
    message = actions.send_message(space, lena, "<img src=x onerror=alert(1)> hi")
    assert "<img" not in message.body_html
    assert Notification.objects.filter(recipient=maya).count() == 1
    assert not Notification.objects.filter(recipient=lena).exists()


def test_the_mentor_writes_feedback_and_the_learner_reflections(space, lena, maya):
    assert actions.add_feedback(space, maya, "Good interview").kind == FeedbackEntry.Kind.FEEDBACK
    assert actions.add_feedback(space, lena, "I learnt").kind == FeedbackEntry.Kind.REFLECTION


def test_the_feedback_log_is_in_the_learners_personal_data(space, lena, maya):
    from agora.accounts.personal_data import declaration_of

    actions.add_feedback(space, maya, "Good interview")
    records = declaration_of(FeedbackEntry).records_of(FeedbackEntry, lena)
    assert [entry.body for entry in records] == ["Good interview"]


def test_a_check_in_is_reminded_once_in_each_readers_language(space, lena, maya):
    now = timezone.now()
    actions.schedule_check_in(space, maya, now + timedelta(hours=5), "Interview plan")
    assert reminders.send_check_in_reminders(now) == 1
    assert reminders.send_check_in_reminders(now) == 0
    assert len(mail.outbox) == 2
    to_lena = next(m for m in mail.outbox if m.to == [lena.email])
    assert "Rappel" in to_lena.subject or "Interview plan" in to_lena.subject
    assert "Europe/Brussels" in to_lena.body
    assert CheckIn.objects.get().reminded_at is not None


def test_a_check_in_far_ahead_is_not_reminded_yet(space, maya):
    now = timezone.now()
    actions.schedule_check_in(space, maya, now + timedelta(days=3), "Later")
    assert reminders.send_check_in_reminders(now) == 0
    assert mail.outbox == []


def test_the_periodic_task_sends_reminders(space, maya):
    from agora.mentoring.tasks import remind_check_ins

    actions.schedule_check_in(space, maya, timezone.now() + timedelta(hours=1), "Soon")
    assert remind_check_ins.call() == 1
