"""My learning: where each cohort is, what is due in my stream, my next session, what changed."""

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agora.delivery.learner_views import changes_since, current_period
from agora.delivery.models import Attendance, Enrolment, ScheduledSession, StreamActivity
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    StreamFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db
URL = "/cohorts/my/"


def running_cohort(**fields):
    today = timezone.localdate()
    return CohortFactory(
        starts_on=today - timedelta(days=10),
        ends_on=today + timedelta(days=30),
        languages=["en", "fr"],
        **fields,
    )


def add_session(cohort, title, starts_at, *, hours=1, kind=ScheduledSession.Kind.LIVE, **fields):
    return ScheduledSession.objects.create(
        cohort=cohort,
        kind=kind,
        title={"en": title},
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        **fields,
    )


def current_week(cohort, unit):
    """A self-paced week around now, on ``unit``."""
    now = timezone.now()
    return add_session(
        cohort, "Week 2: listening", now - timedelta(days=2), hours=24 * 7,
        kind=ScheduledSession.Kind.SELF_PACED, unit=unit,
    )


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_someone_without_enrolments_is_pointed_to_the_catalogue(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "You are not registered for any cohort yet." in response.content.decode()


def test_due_activities_follow_my_stream(client, user):
    cohort = running_cohort()
    stream = StreamFactory(cohort=cohort, weekly_minutes=120)
    other_stream = StreamFactory(cohort=cohort)
    unit = UnitFactory(module__level__programme=cohort.programme)
    required = ActivityFactory(
        unit=unit, title={"en": "Interview a resident"}, estimated_minutes=45
    )
    optional = ActivityFactory(unit=unit, title={"en": "Extra reading"}, estimated_minutes=15)
    hidden = ActivityFactory(unit=unit, title={"en": "Managers' briefing"}, estimated_minutes=30)
    ActivityFactory(title={"en": "Another unit's task"})
    StreamActivity.objects.create(stream=stream, activity=required, requirement="required")
    StreamActivity.objects.create(stream=stream, activity=hidden, requirement="hidden")
    StreamActivity.objects.create(stream=other_stream, activity=optional, requirement="hidden")
    current_week(cohort, unit)
    EnrolmentFactory(cohort=cohort, user=user, stream=stream)
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Week 2: listening" in page
    assert "Interview a resident</a> · 45 minutes · <strong>required</strong>" in page
    assert f'<a href="/learn/{cohort.slug}/activities/{required.pk}/">Interview' in page
    assert "Extra reading</a> · 15 minutes · optional" in page
    assert "Managers&#x27; briefing" not in page
    assert "Another unit" not in page
    assert "60 minutes due, against your stream's 120 minutes a week (50%)" in page
    assert '<progress id="load-' in page and 'value="50"' in page
    assert "0 of 1 required activities done" in page
    assert "· due " in page and "(Europe/Brussels)" in page


def test_a_unit_of_a_module_i_did_not_choose_is_not_due(client, user):
    cohort = running_cohort()
    unit = UnitFactory(module__level__programme=cohort.programme)
    chosen = UnitFactory(module__level=unit.module.level).module
    ActivityFactory(unit=unit, title={"en": "Not for me"})
    current_week(cohort, unit)
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    enrolment.modules.set([chosen])
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Not for me" not in page
    assert "Nothing is due at the moment." in page


def test_without_a_dated_week_the_week_is_counted_from_the_start(client, user):
    cohort = running_cohort()
    EnrolmentFactory(cohort=cohort, user=user)
    client.force_login(user)

    assert "Week 2" in client.get(URL).content.decode()


def test_the_week_is_counted_in_the_cohorts_time_zone():
    # 11:00 UTC on 1 March is already 01:00 on 2 March on Kiritimati (UTC+14).
    now = datetime(2027, 3, 1, 11, tzinfo=UTC)
    far_east = CohortFactory.build(
        starts_on=date(2027, 2, 23), ends_on=date(2027, 4, 1), time_zone="Pacific/Kiritimati"
    )
    london = CohortFactory.build(
        starts_on=date(2027, 2, 23), ends_on=date(2027, 4, 1), time_zone="Europe/London"
    )

    assert current_period(far_east, [], now) == ("Week 2", None)
    assert current_period(london, [], now) == ("Week 1", None)


def test_an_upcoming_cohort_says_when_it_starts(client, user):
    cohort = CohortFactory(starts_on=date(2099, 9, 1), ends_on=date(2099, 10, 1))
    EnrolmentFactory(cohort=cohort, user=user)
    client.force_login(user)

    assert "Starts on Sept. 1, 2099" in client.get(URL).content.decode()


def test_the_next_session_is_in_my_language_with_its_link_and_local_time(client, user):
    cohort = running_cohort(time_zone="America/Toronto")
    soon = timezone.now() + timedelta(days=1)
    add_session(cohort, "Atelier", soon, language="fr", meeting_url="https://meet.example.org/fr")
    add_session(
        cohort, "Clinic", soon + timedelta(hours=2), language="en",
        meeting_url="https://meet.example.org/en",
    )
    add_session(cohort, "Past plenary", timezone.now() - timedelta(days=3))
    EnrolmentFactory(cohort=cohort, user=user, language="en")
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Clinic (Live web session)" in page
    assert "Atelier" not in page
    assert '<a href="https://meet.example.org/en">Join “Clinic”</a>' in page
    local = timezone.localtime(soon + timedelta(hours=2), cohort.zone)
    assert f"{local:%H:%M}" in page and "(America/Toronto)" in page


def test_attendance_is_shown_as_progress(client, user):
    cohort = running_cohort()
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    for days in (3, 5):
        session = add_session(cohort, f"Plenary {days}", timezone.now() - timedelta(days=days))
    Attendance.objects.create(session=session, enrolment=enrolment, present=True)
    client.force_login(user)

    assert "Sessions attended: 1 of 2 so far" in client.get(URL).content.decode()


def test_waiting_and_pending_registrations_are_listed_with_their_status(client, user):
    EnrolmentFactory(user=user, status=Enrolment.Status.WAITLISTED, cohort__name={"en": "Autumn"})
    EnrolmentFactory(user=user, status=Enrolment.Status.PENDING_APPROVAL)
    EnrolmentFactory(user=user, status=Enrolment.Status.WITHDRAWN, cohort__name={"en": "Gone"})
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Autumn: On the waiting list" in page
    assert "Waiting for approval" in page
    assert "Gone" not in page


def test_another_persons_enrolment_is_not_shown(client, user, other_user):
    EnrolmentFactory(user=other_user, cohort__name={"en": "Theirs"})
    client.force_login(user)

    assert "Theirs" not in client.get(URL).content.decode()


def test_the_visit_is_remembered(client, user):
    enrolment = EnrolmentFactory(cohort=running_cohort(), user=user)
    client.force_login(user)
    before = timezone.now()

    client.get(URL)

    enrolment.refresh_from_db()
    assert enrolment.last_seen_at >= before


def test_changes_are_sessions_changed_after_the_last_visit():
    visit = timezone.now()
    old = SimpleNamespace(updated_at=visit - timedelta(hours=1))
    new = SimpleNamespace(updated_at=visit + timedelta(hours=1))

    assert changes_since([old, new], visit) == [new]
    assert changes_since([old, new], None) == []  # first visit: nothing is "new"


def test_the_page_lists_sessions_added_since_my_last_visit(client, user):
    cohort = running_cohort()
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    add_session(cohort, "Seen before", timezone.now() + timedelta(days=2))
    Enrolment.objects.filter(pk=enrolment.pk).update(last_seen_at=timezone.now())
    add_session(cohort, "Added since", timezone.now() + timedelta(days=3))
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "Added since:" in page
    assert "Seen before:" not in page


def test_the_page_links_to_my_calendar(client, user):
    enrolment = EnrolmentFactory(cohort=running_cohort(), user=user)
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert f'href="webcal://testserver/cohorts/calendar/{enrolment.calendar_token}.ics"' in page
    assert f'href="http://testserver/cohorts/calendar/{enrolment.calendar_token}.ics"' in page


def test_the_page_works_in_another_language(client, user):
    user.preferred_language = "fr"
    user.save()
    EnrolmentFactory(cohort=running_cohort(), user=user)
    client.force_login(user)

    response = client.get(URL)

    assert response.status_code == 200
    assert 'lang="fr"' in response.content.decode()


def build_learning(user, *, cohorts: int, activities: int, sessions: int) -> None:
    for _ in range(cohorts):
        cohort = running_cohort()
        stream = StreamFactory(cohort=cohort)
        unit = UnitFactory(module__level__programme=cohort.programme)
        for index in range(activities):
            activity = ActivityFactory(unit=unit)
            requirement = ["required", "optional", "hidden"][index % 3]
            StreamActivity.objects.create(stream=stream, activity=activity, requirement=requirement)
        current_week(cohort, unit)
        for index in range(sessions):
            add_session(cohort, f"Session {index}", timezone.now() + timedelta(days=index - 3))
        enrolment = EnrolmentFactory(cohort=cohort, user=user, stream=stream)
        enrolment.last_seen_at = timezone.now() - timedelta(days=1)
        enrolment.save()
    EnrolmentFactory(user=user, status=Enrolment.Status.WAITLISTED)


def test_queries_do_not_grow_with_the_data(client, user, django_assert_max_num_queries):
    client.force_login(user)
    build_learning(user, cohorts=1, activities=1, sessions=1)
    with CaptureQueriesContext(connection) as small:
        client.get(URL)

    build_learning(user, cohorts=6, activities=12, sessions=10)
    with django_assert_max_num_queries(len(small)):
        response = client.get(URL)

    assert response.status_code == 200
    assert response.content.decode().count('class="card my-cohort"') == 7
    assert len(small) <= 21  # of which 11 are the layout (its nav asks two), session, middleware


def test_progress_counts_required_activities_done_of_my_scope(client, user):
    cohort = running_cohort()
    stream = StreamFactory(cohort=cohort)
    unit = UnitFactory(module__level__programme=cohort.programme)
    for title in ("One", "Two", "Three"):
        activity = ActivityFactory(unit=unit, title={"en": title})
        StreamActivity.objects.create(stream=stream, activity=activity, requirement="required")
    hidden = ActivityFactory(unit=unit)
    StreamActivity.objects.create(stream=stream, activity=hidden, requirement="hidden")
    ActivityFactory(unit=unit)  # optional: no rule
    ActivityFactory()  # another programme's
    enrolment = EnrolmentFactory(cohort=cohort, user=user, stream=stream)
    enrolment.count_activity_done(required=True)
    enrolment.count_activity_done(required=False)
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "1 of 3 required activities done" in page
    assert f'<progress id="progress-{enrolment.pk}" max="3" value="1">' in page
    assert "2 activities done in all." in page
    assert f'href="/learn/{cohort.slug}/"' in page
    assert "Completed on" not in page


def test_a_share_rule_counts_every_activity_i_cover(client, user):
    cohort = running_cohort()
    stream = StreamFactory(cohort=cohort, completion="share", completion_share=50)
    unit = UnitFactory(module__level__programme=cohort.programme)
    ActivityFactory.create_batch(4, unit=unit)
    enrolment = EnrolmentFactory(cohort=cohort, user=user, stream=stream)
    enrolment.count_activity_done(required=False)
    client.force_login(user)

    page = client.get(URL).content.decode()

    assert "1 of 4 activities done (50% needed to complete)" in page


def test_without_a_stream_every_activity_of_my_modules_is_required(client, user):
    cohort = running_cohort()
    chosen = UnitFactory(module__level__programme=cohort.programme)
    ActivityFactory.create_batch(2, unit=chosen)
    ActivityFactory.create_batch(3, unit__module__level=chosen.module.level)  # not chosen
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    enrolment.modules.set([chosen.module])
    client.force_login(user)

    assert "0 of 2 required activities done" in client.get(URL).content.decode()


def test_a_completed_enrolment_says_when(client, user):
    cohort = running_cohort(time_zone="Pacific/Auckland")
    enrolment = EnrolmentFactory(cohort=cohort, user=user)
    enrolment.mark_completed(datetime(2026, 3, 4, 20, 0, tzinfo=UTC))  # 5 March in Auckland
    client.force_login(user)

    assert "Completed on March 5, 2026" in client.get(URL).content.decode()
