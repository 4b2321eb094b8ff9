"""Recording progress: activities complete once, counters move one step, the rule decides."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from agora.delivery.models import Enrolment, ScheduledSession, Stream, StreamActivity
from agora.learning import progress, scope
from agora.learning.models import ActivityProgress, ModuleCompletion, WeeklyTime
from tests.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db
REQUIRED = StreamActivity.Requirement.REQUIRED
HIDDEN = StreamActivity.Requirement.HIDDEN


def fresh(enrolment):
    return Enrolment.objects.select_related("cohort", "stream").get(pk=enrolment.pk)


def test_viewing_a_reading_completes_it(course):
    record = progress.record_visit(course.enrolment, course.reading)
    assert record.completed_at is not None


def test_opening_a_quiz_does_not_complete_it(course):
    record = progress.record_visit(course.enrolment, course.quiz)
    assert record.completed_at is None


def test_completing_twice_counts_once(course):
    course.rule(course.reading, REQUIRED)
    progress.complete_activity(course.enrolment, course.reading)
    progress.complete_activity(course.enrolment, course.reading)
    enrolment = fresh(course.enrolment)
    assert enrolment.activities_done == 1
    assert enrolment.required_done == 1
    assert ActivityProgress.objects.filter(enrolment=enrolment).count() == 1


def test_best_score_is_kept(course):
    progress.complete_activity(course.enrolment, course.quiz, score=Decimal("80"))
    progress.complete_activity(course.enrolment, course.quiz, score=Decimal("60"))
    progress.complete_activity(course.enrolment, course.quiz, score=Decimal("90"))
    assert ActivityProgress.objects.get(activity=course.quiz).score == Decimal("90")


def test_enrolment_completes_when_every_required_activity_is_done(course):
    course.rule(course.reading, REQUIRED)
    course.rule(course.quiz, REQUIRED)
    progress.complete_activity(course.enrolment, course.reading)
    assert fresh(course.enrolment).completed_at is None
    progress.complete_activity(course.enrolment, course.video)  # optional: not enough
    assert fresh(course.enrolment).completed_at is None
    progress.complete_activity(course.enrolment, course.quiz)
    assert fresh(course.enrolment).completed_at is not None


def test_share_rule_completes_at_the_share(course):
    Stream.objects.filter(pk=course.stream.pk).update(
        completion=Stream.Completion.SHARE, completion_share=75
    )
    enrolment = fresh(course.enrolment)
    for activity in course.activities[:2]:
        progress.complete_activity(enrolment, activity)
    assert fresh(enrolment).completed_at is None
    progress.complete_activity(enrolment, course.video)
    assert fresh(enrolment).completed_at is not None


def test_hidden_activities_are_not_covered_and_do_not_count(course):
    course.rule(course.live, HIDDEN)
    assert course.live not in scope.covered_activities(course.enrolment)
    for activity in course.activities[:3]:
        progress.complete_activity(course.enrolment, activity)
    # No required rule: everything covered (three activities, not the hidden one) completes it.
    assert fresh(course.enrolment).completed_at is not None


def test_without_a_stream_every_covered_activity_is_required(course):
    learner = EnrolmentFactory(cohort=course.cohort, stream=None)
    for activity in course.activities[:3]:
        progress.complete_activity(learner, activity)
    assert fresh(learner).completed_at is None
    progress.complete_activity(learner, course.live)
    assert fresh(learner).completed_at is not None


def test_finishing_a_module_is_recorded_for_learning_paths(course):
    progress.complete_activity(course.enrolment, course.reading)
    assert not ModuleCompletion.objects.exists()
    progress.complete_activity(course.enrolment, course.quiz)
    completion = ModuleCompletion.objects.get()
    assert completion.module_id == course.unit_one.module_id
    assert completion.user_id == course.enrolment.user_id


def test_a_learner_s_module_choice_narrows_what_is_covered(course):
    course.enrolment.modules.set([course.unit_two.module])
    assert set(scope.covered_activities(course.enrolment)) == {course.video, course.live}


def test_completion_handlers_run_once(course, monkeypatch):
    calls = []
    monkeypatch.setattr(progress, "COMPLETION_HANDLERS", ["tests.learning.test_progress.remember"])
    monkeypatch.setattr("tests.learning.test_progress.CALLS", calls, raising=False)
    course.rule(course.reading, REQUIRED)
    progress.complete_activity(course.enrolment, course.reading)
    progress.complete_enrolment(fresh(course.enrolment))
    assert calls == [course.enrolment.pk]


CALLS: list = []


def remember(enrolment):
    CALLS.append(enrolment.pk)


def test_time_spent_adds_up_per_week_and_is_capped(course):
    now = datetime(2027, 3, 3, 10, tzinfo=UTC)  # a Wednesday
    progress.record_visit(course.enrolment, course.quiz, seconds=120, now=now)
    progress.record_visit(course.enrolment, course.quiz, seconds=10**6, now=now)
    week = WeeklyTime.objects.get()
    assert week.week.isoformat() == "2027-03-01"
    assert week.seconds == 120 + progress.MAX_SECONDS_PER_REPORT
    assert ActivityProgress.objects.get().seconds_spent == week.seconds


def test_attending_a_session_completes_its_live_activity(course):
    session = ScheduledSession.objects.create(
        cohort=course.cohort, unit=course.unit_two, kind=ScheduledSession.Kind.LIVE,
        title={"en": "Kick-off"}, starts_at=datetime(2027, 3, 3, 10, tzinfo=UTC),
        ends_at=datetime(2027, 3, 3, 11, tzinfo=UTC),
    )
    assert progress.count_attendance(session, [course.enrolment.pk]) == 1
    progress.count_attendance(session, [course.enrolment.pk])
    record = ActivityProgress.objects.get(activity=course.live)
    assert record.completed_at is not None
    assert fresh(course.enrolment).activities_done == 1


def test_changing_the_stream_s_rules_recounts_its_learners(
    course, django_capture_on_commit_callbacks
):
    from agora.delivery.organising import set_activity_rules
    from agora.learning.tasks import recount_stream_task

    progress.complete_activity(course.enrolment, course.reading)
    progress.complete_activity(course.enrolment, course.quiz)
    assert fresh(course.enrolment).required_done == 0  # no rule yet: both optional
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_activity_rules(
            course.stream,
            {course.reading.pk: REQUIRED, course.quiz.pk: REQUIRED, course.video.pk: HIDDEN},
        )
    assert len(callbacks) == 1  # the recount is queued, not run in the request
    recount_stream_task.call(course.stream.pk)
    enrolment = fresh(course.enrolment)
    assert (enrolment.activities_done, enrolment.required_done) == (2, 2)
    assert enrolment.completed_at is not None  # every required activity is done now
