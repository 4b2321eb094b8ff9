"""The demo cohorts (agora/delivery/demo.py): they load twice without duplicates and show each
reference programme's way of running (../shared/programmes.md)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from agora.accounts import demo as accounts_demo
from agora.accounts.models import User
from agora.catalogue import demo as catalogue_demo
from agora.delivery import demo
from agora.delivery.models import (
    Cohort,
    CohortMessage,
    CohortStaff,
    Enrolment,
    ScheduledSession,
    Stream,
    StreamActivity,
    Venue,
)
from agora.portal.management.commands.demo import DEMO_LOADERS

MODELS = (
    Cohort, CohortMessage, CohortStaff, Enrolment, ScheduledSession, Stream, StreamActivity,
    Venue, User,
)  # fmt: skip


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    demo.load()


def rows() -> dict[str, set[int]]:
    return {model.__name__: set(model.objects.values_list("pk", flat=True)) for model in MODELS}


def test_the_loader_runs_after_the_catalogue():
    assert DEMO_LOADERS.index("agora.delivery.demo.load") > DEMO_LOADERS.index(
        "agora.catalogue.demo.load"
    )


def test_loading_twice_duplicates_nothing(loaded):
    before = rows()
    enrolments = dict(Enrolment.objects.values_list("pk", "status"))

    demo.load()

    assert rows() == before
    assert dict(Enrolment.objects.values_list("pk", "status")) == enrolments


def test_loading_on_a_later_day_moves_the_dates_and_keeps_the_rows(loaded):
    before = rows()
    demo.load(today=timezone.localdate() + timedelta(days=7))

    assert rows() == before
    cohort = Cohort.objects.get(slug=demo.P5_SLUG)
    assert 7 <= (timezone.localdate() + timedelta(days=7) - cohort.starts_on).days <= 13
    paid = Cohort.objects.get(slug=demo.P4_SLUG)
    awaiting = paid.enrolments.filter(status=Enrolment.Status.AWAITING_PAYMENT)
    assert awaiting.count() == 8
    assert all(e.payment_due_at > timezone.now() + timedelta(days=7) for e in awaiting)


def test_the_public_engagement_cohort_is_running_in_week_two(loaded):
    cohort = Cohort.objects.get(slug=demo.P5_SLUG)

    assert cohort.status == Cohort.Status.RUNNING
    assert cohort.programme.slug == "public-engagement-mooc"
    assert 7 <= (timezone.localdate() - cohort.starts_on).days <= 13
    assert (cohort.ends_on - cohort.starts_on).days + 1 == 35
    assert cohort.languages == ["en", "fr"]
    assert cohort.time_zone == "America/Toronto"
    assert set(CohortStaff.objects.filter(cohort=cohort).values_list("user__email", "role")) == {
        ("facilitator@agora.example", "facilitator"),
        ("mentor@agora.example", "mentor"),
    }


def test_the_public_engagement_cohort_has_three_streams_with_their_rules(loaded):
    cohort = Cohort.objects.get(slug=demo.P5_SLUG)
    streams = {stream.slug: stream for stream in cohort.streams.all()}

    assert {slug: s.weekly_minutes for slug, s in streams.items()} == {
        "practitioners": 180, "managers": 15, "supporters": 120,
    }
    managers = dict(
        StreamActivity.objects.filter(stream=streams["managers"]).values_list(
            "activity__kind", "requirement"
        ).distinct()
    )
    assert managers["video"] == "required"
    assert managers["quiz"] == "hidden"
    practitioners = set(
        StreamActivity.objects.filter(
            stream=streams["practitioners"], requirement="required"
        ).values_list("activity__kind", flat=True)
    )
    assert practitioners == {"live_session", "reading", "quiz", "forum_task"}
    assert StreamActivity.objects.filter(stream=streams["supporters"]).exists()


def test_the_public_engagement_cohort_has_live_sessions_in_english_and_french_each_week(loaded):
    cohort = Cohort.objects.get(slug=demo.P5_SLUG)
    live = cohort.sessions.filter(kind=ScheduledSession.Kind.LIVE)

    for week in range(5):
        monday = cohort.starts_on + timedelta(weeks=week)
        that_week = [
            session for session in live
            if monday <= timezone.localtime(session.starts_at, cohort.zone).date()
            < monday + timedelta(days=7)
        ]
        assert sorted(session.language for session in that_week) == ["en", "fr"]
        assert len({session.starts_at for session in that_week}) == 2  # at different times
        for session in that_week:
            assert session.ends_at - session.starts_at == timedelta(hours=1)
            assert session.meeting_url.startswith("https://meet.example.org/")
    assert live.exclude(guest_speaker="").exists()
    weeks = cohort.sessions.filter(kind=ScheduledSession.Kind.SELF_PACED)
    assert weeks.count() == 5
    assert all(week.unit_id for week in weeks)


def test_the_public_engagement_cohort_has_learners_in_every_stream_and_language(loaded):
    cohort = Cohort.objects.get(slug=demo.P5_SLUG)
    enrolments = cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED)

    assert enrolments.count() >= 30
    assert set(enrolments.values_list("stream__slug", "language")) == {
        (stream, language)
        for stream in ("practitioners", "managers", "supporters")
        for language in ("en", "fr")
    }
    demo_learner = enrolments.get(user__email="learner@agora.example")
    assert (demo_learner.stream.slug, demo_learner.language) == ("managers", "fr")
    learner = User.objects.get(email="learner01@agora.example")
    assert learner.check_password(accounts_demo.DEMO_PASSWORD)
    assert learner.emailaddress_set.get().verified


def test_the_citizen_collectives_cohort_has_five_days_with_two_blocks_each(loaded):
    cohort = Cohort.objects.get(slug=demo.P2_SLUG)
    days = cohort.sessions.filter(kind=ScheduledSession.Kind.DAY)

    assert cohort.starts_on > timezone.localdate()
    assert cohort.mode == Cohort.Mode.IN_PERSON
    assert cohort.time_zone == "Europe/Amsterdam"
    assert cohort.venue is not None
    assert days.count() == 5
    assert 8 * 7 <= (cohort.ends_on - cohort.starts_on).days <= 10 * 7
    for day in days:
        blocks = list(day.blocks.order_by("starts_at"))
        assert [block.kind for block in blocks] == ["block", "block"]
        morning, afternoon = blocks
        assert timezone.localtime(morning.starts_at, cohort.zone).hour < 12
        assert timezone.localtime(afternoon.starts_at, cohort.zone).hour >= 12
        assert morning.unit.slug == "morning-deep-dive"
        assert afternoon.unit.slug == "afternoon-skills"
        assert day.venue == cohort.venue


def test_the_civic_tech_cohort_is_paid_with_payments_pending_and_a_waiting_list(loaded):
    cohort = Cohort.objects.get(slug=demo.P4_SLUG)
    enrolments = cohort.enrolments.all()
    now = timezone.now()

    assert cohort.status == Cohort.Status.OPEN
    assert cohort.fee == 2450
    assert cohort.currency == "EUR"
    assert cohort.capacity == 20
    assert cohort.venue.city == "Lisbon"
    assert cohort.venue.address and cohort.venue.access and cohort.venue.accessibility
    assert cohort.cancellation_policy
    awaiting = enrolments.filter(status=Enrolment.Status.AWAITING_PAYMENT)
    assert awaiting.count() >= 3
    assert all(enrolment.payment_due_at > now for enrolment in awaiting)
    assert awaiting.filter(payment_due_at__lt=now + timedelta(days=3)).exists()  # due soon
    assert enrolments.filter(status=Enrolment.Status.CONFIRMED, paid_at__isnull=False).exists()
    assert enrolments.filter(status=Enrolment.Status.WAITLISTED).count() == 1
    assert cohort.seats_left() == 0


def test_the_co_creation_cohort_has_learners_with_different_module_choices(loaded):
    cohort = Cohort.objects.get(slug=demo.P1_SLUG)
    required = set(cohort.level.modules.filter(required=True).values_list("pk", flat=True))

    assert cohort.level.kind == "advanced"
    assert len(required) == 2
    choices = [set(e.modules.values_list("pk", flat=True)) for e in cohort.enrolments.all()]
    assert len(choices) >= 5
    assert all(required < chosen for chosen in choices)
    assert len({frozenset(chosen) for chosen in choices}) == len(choices)
    assert set(cohort.enrolments.values_list("language", flat=True)) == {"en", "da", "pl"}


def test_the_co_creation_cohort_meets_in_three_languages_on_the_same_days(loaded):
    cohort = Cohort.objects.get(slug=demo.P1_SLUG)
    by_day: dict = {}
    for session in cohort.sessions.filter(kind=ScheduledSession.Kind.LIVE):
        local = timezone.localtime(session.starts_at, cohort.zone)
        by_day.setdefault(local.date(), {})[session.language] = local.hour

    assert by_day
    for hours in by_day.values():
        assert hours["en"] < hours["da"] < hours["pl"]  # morning, afternoon, evening


def test_the_public_engagement_cohort_has_a_message_in_both_languages(loaded):
    message = CohortMessage.objects.get(cohort__slug=demo.P5_SLUG)
    assert set(message.texts) == {"en", "fr"}
    assert message.recipient_count > 0
    assert message.sent_by.email == "organiser@agora.example"
