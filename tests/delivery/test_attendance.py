"""The attendance screen: facilitators of the cohort and its organisers take attendance."""

import datetime

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.delivery.models import Attendance, CohortStaff, Enrolment, ScheduledSession
from agora.learning.models import ActivityProgress
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganiserFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def staff_of(cohort, role="facilitator"):
    user = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=user, role=role)
    return user


def session_of(cohort, language=""):
    start = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    return ScheduledSession.objects.create(
        cohort=cohort, kind="live", title={"en": "Kick-off"}, language=language,
        starts_at=start, ends_at=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def cohort():
    return CohortFactory(languages=["en", "fr"])


@pytest.fixture
def session(cohort):
    return session_of(cohort)


def url(session):
    return reverse("delivery:manage_attendance", args=[session.cohort.slug, session.pk])


def test_anonymous_people_are_sent_to_log_in(client, session):
    response = client.get(url(session))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_learner_gets_404(client, session):
    client.force_login(EnrolmentFactory(cohort=session.cohort).user)
    assert client.get(url(session)).status_code == 404
    assert client.post(url(session), {"present": []}).status_code == 404


@pytest.mark.parametrize("role", ["facilitator", "mentor"])
def test_staff_of_another_cohort_get_404(client, session, role):
    client.force_login(staff_of(CohortFactory(), role))
    assert client.get(url(session)).status_code == 404


def test_an_organiser_of_another_organisation_gets_404(client, session):
    other = OrganiserFactory().user
    Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={})
    client.force_login(other)
    assert client.get(url(session)).status_code == 404


def test_a_session_of_another_cohort_is_404(client, cohort):
    client.force_login(staff_of(cohort))
    elsewhere = session_of(CohortFactory())
    address = reverse("delivery:manage_attendance", args=[cohort.slug, elsewhere.pk])
    assert client.get(address).status_code == 404


def test_the_screen_lists_confirmed_learners_in_the_sessions_language(client, cohort):
    session = session_of(cohort, language="fr")
    french = EnrolmentFactory(cohort=cohort, language="fr", user__full_name="Zoé")
    EnrolmentFactory(cohort=cohort, language="en")
    EnrolmentFactory(cohort=cohort, language="fr", status=Enrolment.Status.WAITLISTED)
    client.force_login(staff_of(cohort))
    response = client.get(url(session))
    assert response.status_code == 200
    assert [enrolment for enrolment, _ in response.context["rows"]] == [french]
    html = response.content.decode()
    assert f'<label for="present-{french.pk}">Zoé</label>' in html


def test_a_session_for_every_language_lists_everyone_confirmed(client, cohort, session):
    EnrolmentFactory(cohort=cohort, language="fr")
    EnrolmentFactory(cohort=cohort, language="en")
    client.force_login(staff_of(cohort))
    assert len(client.get(url(session)).context["rows"]) == 2


def test_a_facilitator_saves_attendance_in_one_go_and_can_correct_it(client, cohort, session):
    first, second = EnrolmentFactory.create_batch(2, cohort=cohort)
    facilitator = staff_of(cohort)
    client.force_login(facilitator)
    response = client.post(url(session), {"present": [str(first.pk)]})
    assert response.status_code == 302
    marks = dict(Attendance.objects.values_list("enrolment", "present"))
    assert marks == {first.pk: True, second.pk: False}
    assert set(Attendance.objects.values_list("recorded_by", flat=True)) == {facilitator.pk}

    client.post(url(session), {"present": [str(second.pk)]})
    marks = dict(Attendance.objects.values_list("enrolment", "present"))
    assert marks == {first.pk: False, second.pk: True}
    assert Attendance.objects.count() == 2
    rows = client.get(url(session)).context["rows"]
    assert {enrolment.pk: present for enrolment, present in rows} == marks


def test_an_organiser_takes_attendance_too(client, cohort, session):
    enrolment = EnrolmentFactory(cohort=cohort)
    organiser = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    client.post(url(session), {"present": [str(enrolment.pk)]})
    assert Attendance.objects.get().recorded_by == organiser


def test_a_mentor_of_the_cohort_may_not_take_attendance(client, cohort, session):
    client.force_login(staff_of(cohort, "mentor"))
    assert client.get(url(session)).status_code == 404


def test_ids_of_people_not_on_the_list_are_ignored(client, cohort, session):
    outsider = EnrolmentFactory()
    client.force_login(staff_of(cohort))
    client.post(url(session), {"present": [str(outsider.pk)]})
    assert not Attendance.objects.filter(enrolment=outsider).exists()


# --- Attendance counts toward completion ----------------------------------------------------------


def live_session_activity(cohort):
    """A unit of the cohort's programme with a reading and a live-session activity."""
    unit = UnitFactory(module__level__programme=cohort.programme)
    ActivityFactory(unit=unit, kind="reading")
    return unit, ActivityFactory(unit=unit, kind="live_session", title={"en": "Join the live"})


def test_being_marked_present_completes_the_units_live_session_activity(client, cohort):
    unit, activity = live_session_activity(cohort)
    session = session_of(cohort)
    session.unit = unit
    session.save()
    present, absent = EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(staff_of(cohort))
    client.post(url(session), {"present": [str(present.pk)]})
    done = ActivityProgress.objects.completed()
    assert list(done.values_list("enrolment_id", "activity_id")) == [(present.pk, activity.pk)]
    present.refresh_from_db()
    assert present.activities_done == 1


def test_saving_attendance_twice_completes_the_activity_once(client, cohort):
    unit, activity = live_session_activity(cohort)
    session = session_of(cohort)
    session.unit = unit
    session.save()
    enrolment = EnrolmentFactory(cohort=cohort)
    client.force_login(staff_of(cohort))
    client.post(url(session), {"present": [str(enrolment.pk)]})
    first = ActivityProgress.objects.get(enrolment=enrolment, activity=activity).completed_at
    client.post(url(session), {"present": [str(enrolment.pk)]})
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=activity)
    assert progress.completed_at == first
    enrolment.refresh_from_db()
    assert enrolment.activities_done == 1


def test_each_attendance_handler_is_called_with_the_session_and_those_present(
    client, cohort, session, monkeypatch
):
    calls = []
    monkeypatch.setattr(
        "agora.delivery.attendance.ATTENDANCE_HANDLERS", ["tests.delivery.test_attendance.spy"]
    )
    monkeypatch.setattr("tests.delivery.test_attendance.SPY_CALLS", calls)
    here, away = EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(staff_of(cohort))
    client.post(url(session), {"present": [str(here.pk)]})
    assert calls == [(session.pk, [here.pk])]


SPY_CALLS: list = []


def spy(session, present_enrolment_ids):
    SPY_CALLS.append((session.pk, list(present_enrolment_ids)))


def test_delivery_does_not_import_learning():
    import ast
    import pathlib

    import agora.delivery

    for path in pathlib.Path(agora.delivery.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith("agora.learning"), path
