"""Organisers set a cohort up: settings, streams and their activity rules, schedule, venues,
staff. Who may do it, what is saved, and what bad input gets."""

import datetime
import zoneinfo

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.delivery.models import (
    Cohort,
    CohortStaff,
    ScheduledSession,
    Stream,
    StreamActivity,
    Venue,
)
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    LevelFactory,
    ModuleFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeFactory,
    StreamFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def organiser_of(organisation):
    user = OrganiserFactory(organisation=organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def programme():
    return ProgrammeFactory(languages=["en", "fr"], title={"en": "Citizen panels"})


@pytest.fixture
def cohort(programme):
    return CohortFactory(
        programme=programme, slug="autumn", languages=["en", "fr"], time_zone="Europe/Paris"
    )


@pytest.fixture
def organiser(programme):
    return organiser_of(programme.organisation)


@pytest.fixture
def stream(cohort):
    return StreamFactory(cohort=cohort, name={"en": "Managers"})


@pytest.fixture
def session(cohort):
    start = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=datetime.UTC)
    return ScheduledSession.objects.create(
        cohort=cohort, kind="day", title={"en": "Day 1"}, starts_at=start,
        ends_at=start + datetime.timedelta(hours=8),
    )  # fmt: skip


def pages(cohort, stream, session):
    slug = cohort.slug
    return [
        reverse("delivery:manage_cohort_edit", args=[slug]),
        reverse("delivery:manage_streams", args=[slug]),
        reverse("delivery:manage_stream_new", args=[slug]),
        reverse("delivery:manage_stream", args=[slug, stream.pk]),
        reverse("delivery:manage_stream_rules", args=[slug, stream.pk]),
        reverse("delivery:manage_schedule", args=[slug]),
        reverse("delivery:manage_session_new", args=[slug]),
        reverse("delivery:manage_session", args=[slug, session.pk]),
        reverse("delivery:manage_block_new", args=[slug, session.pk]),
        reverse("delivery:manage_staff", args=[slug]),
        reverse("delivery:manage_cohort_create", args=[cohort.programme_id]),
    ]


def posts(cohort, stream, session):
    slug = cohort.slug
    member = CohortStaff.objects.create(cohort=cohort, user=UserFactory(), role="mentor")
    return [
        reverse("delivery:manage_stream_delete", args=[slug, stream.pk]),
        reverse("delivery:manage_session_delete", args=[slug, session.pk]),
        reverse("delivery:manage_staff_remove", args=[slug, member.pk]),
    ]


# --- Who may do it --------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_log_in(client, cohort, stream, session):
    for url in [*pages(cohort, stream, session), reverse("delivery:manage_cohort_new")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/login/" in response["Location"]


@pytest.mark.parametrize("who", ["learner", "facilitator", "mentor", "other organiser"])
def test_the_wrong_people_get_404(client, cohort, stream, session, who):
    if who == "learner":
        user = EnrolmentFactory(cohort=cohort).user
    elif who == "other organiser":
        user = organiser_of(OrganisationFactory())
    else:
        user = UserFactory()
        CohortStaff.objects.create(cohort=cohort, user=user, role=who)
    client.force_login(user)
    for url in pages(cohort, stream, session):
        assert client.get(url).status_code == 404, url
    for url in posts(cohort, stream, session):
        assert client.post(url).status_code == 404, url
    assert Stream.objects.filter(pk=stream.pk).exists()
    assert ScheduledSession.objects.filter(pk=session.pk).exists()
    assert CohortStaff.objects.count() == 1 + (who in ("facilitator", "mentor"))


def test_the_organiser_sees_every_page(client, cohort, stream, session, organiser):
    client.force_login(organiser)
    for url in pages(cohort, stream, session):
        assert client.get(url).status_code == 200, url


def test_a_new_cohort_offers_only_my_organisations_programmes(client, programme, organiser):
    ProgrammeFactory(title={"en": "Somebody else's"})
    client.force_login(organiser)
    page = client.get(reverse("delivery:manage_cohort_new")).content.decode()
    assert "Citizen panels" in page
    assert "Somebody else" not in page


# --- Cohort settings ------------------------------------------------------------------------------


def cohort_data(**extra):
    return {
        "name_en": "Autumn 2027", "name_fr": "Automne 2027", "slug": "autumn-2027",
        "languages": ["en", "fr"], "starts_on": "2027-10-04", "ends_on": "2027-11-08",
        "time_zone": "America/New_York", "mode": "online", "capacity": "40", "fee": "0",
        "currency": "EUR", "payment_days": "14", "registration_opens_at": "2027-09-01T09:00",
        "registration_closes_at": "2027-10-01T17:00", "eligibility": "anyone",
        "admission": "instant", "offer_hours": "48", "status": "draft", **extra,
    }  # fmt: skip


def create_url(programme):
    return reverse("delivery:manage_cohort_create", args=[programme.pk])


def test_an_organiser_creates_a_cohort_in_two_languages(client, programme, organiser):
    level = LevelFactory(programme=programme)
    chosen, _other = ModuleFactory.create_batch(2, level=level)
    client.force_login(organiser)
    data = cohort_data(level=level.pk, modules=[chosen.pk])
    response = client.post(create_url(programme), data)
    assert response.status_code == 302
    cohort = Cohort.objects.get(slug="autumn-2027")
    assert response["Location"] == reverse("delivery:manage_cohort", args=[cohort.slug])
    assert cohort.programme == programme and cohort.level == level
    assert list(cohort.modules.all()) == [chosen]
    assert cohort.languages == ["en", "fr"]
    assert cohort.name.data == {"en": "Autumn 2027", "fr": "Automne 2027"}
    assert cohort.capacity == 40


def test_the_registration_window_is_typed_in_the_cohorts_time_zone(client, programme, organiser):
    client.force_login(organiser)
    client.post(create_url(programme), cohort_data())
    cohort = Cohort.objects.get(slug="autumn-2027")
    new_york = zoneinfo.ZoneInfo("America/New_York")
    assert cohort.registration_opens_at == datetime.datetime(2027, 9, 1, 9, 0, tzinfo=new_york)
    edit = client.get(reverse("delivery:manage_cohort_edit", args=[cohort.slug]))
    assert 'value="2027-09-01T09:00"' in edit.content.decode()


def test_bad_dates_are_refused_and_what_was_typed_stays(client, programme, organiser):
    client.force_login(organiser)
    response = client.post(create_url(programme), cohort_data(ends_on="2027-09-01"))
    assert response.status_code == 400
    assert response.context["form"].errors["ends_on"] == ["The cohort cannot end before it starts."]
    page = response.content.decode()
    assert 'value="Automne 2027"' in page
    assert 'aria-describedby="id_ends_on_error"' in page
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("slug", "new"),
        ("name_en", ""),
        ("languages", []),
        ("time_zone", "Mars/Olympus"),
        ("registration_closes_at", "2027-08-01T09:00"),
    ],
)
def test_invalid_settings_create_nothing(client, programme, organiser, field, value):
    client.force_login(organiser)
    response = client.post(create_url(programme), cohort_data(**{field: value}))
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not Cohort.objects.exists()


def test_members_of_listed_organisations_need_organisations(client, programme, organiser):
    client.force_login(organiser)
    response = client.post(create_url(programme), cohort_data(eligibility="organisations"))
    assert "eligible_organisations" in response.context["form"].errors


def test_modules_must_belong_to_the_chosen_level(client, programme, organiser):
    level = LevelFactory(programme=programme)
    elsewhere = ModuleFactory(level=LevelFactory(programme=programme))
    client.force_login(organiser)
    data = cohort_data(level=level.pk, modules=[elsewhere.pk])
    response = client.post(create_url(programme), data)
    assert response.context["form"].errors["modules"] == [
        "Choose modules of the chosen level only."
    ]


def test_a_cohort_address_in_use_is_refused(client, programme, organiser, cohort):
    client.force_login(organiser)
    response = client.post(create_url(programme), cohort_data(slug=cohort.slug))
    assert "slug" in response.context["form"].errors


def test_editing_keeps_seats_for_their_own_page(client, cohort, organiser):
    cohort.capacity = 10
    cohort.save()
    client.force_login(organiser)
    url = reverse("delivery:manage_cohort_edit", args=[cohort.slug])
    assert "capacity" not in client.get(url).context["form"].fields
    data = cohort_data(slug=cohort.slug, capacity="1", status="open")
    assert client.post(url, data).status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 10
    assert cohort.status == "open" and str(cohort.name) == "Autumn 2027"


# --- Streams --------------------------------------------------------------------------------------


def stream_data(**extra):
    return {
        "name_en": "Supporters", "name_fr": "Soutiens", "slug": "supporters",
        "weekly_minutes": "60", "completion": "share", "completion_share": "75", "order": "1",
        **extra,
    }  # fmt: skip


def test_a_new_stream_leads_to_its_activities(client, cohort, organiser):
    client.force_login(organiser)
    response = client.post(reverse("delivery:manage_stream_new", args=[cohort.slug]), stream_data())
    stream = cohort.streams.get()
    assert response["Location"] == reverse(
        "delivery:manage_stream_rules", args=[cohort.slug, stream.pk]
    )
    assert stream.name.data == {"en": "Supporters", "fr": "Soutiens"}
    assert (stream.weekly_minutes, stream.completion, stream.completion_share) == (
        60, "share", 75,
    )  # fmt: skip


def test_two_streams_cannot_share_an_address(client, cohort, organiser, stream):
    client.force_login(organiser)
    url = reverse("delivery:manage_stream_new", args=[cohort.slug])
    response = client.post(url, stream_data(slug=stream.slug))
    assert response.status_code == 400
    assert "slug" in response.context["form"].errors


def test_a_share_over_100_is_refused(client, cohort, organiser):
    client.force_login(organiser)
    url = reverse("delivery:manage_stream_new", args=[cohort.slug])
    response = client.post(url, stream_data(completion_share="150"))
    assert "completion_share" in response.context["form"].errors


def test_a_stream_with_learners_is_not_deleted(client, cohort, organiser, stream):
    EnrolmentFactory(cohort=cohort, stream=stream)
    client.force_login(organiser)
    client.post(reverse("delivery:manage_stream_delete", args=[cohort.slug, stream.pk]))
    assert Stream.objects.filter(pk=stream.pk).exists()


def test_an_empty_stream_is_deleted(client, cohort, organiser, stream):
    client.force_login(organiser)
    client.post(reverse("delivery:manage_stream_delete", args=[cohort.slug, stream.pk]))
    assert not Stream.objects.filter(pk=stream.pk).exists()


def cohort_activities(cohort, units=1, per_unit=3):
    activities = []
    module = ModuleFactory(level__programme=cohort.programme)
    for _ in range(units):
        unit = UnitFactory(module=module)
        activities += ActivityFactory.create_batch(per_unit, unit=unit)
    return activities


def rules_url(stream):
    return reverse("delivery:manage_stream_rules", args=[stream.cohort.slug, stream.pk])


def test_one_screen_sets_each_activity_required_optional_or_hidden(
    client, cohort, organiser, stream
):
    first, second, third = cohort_activities(cohort)
    StreamActivity.objects.create(stream=stream, activity=second, requirement="required")
    client.force_login(organiser)
    data = {f"rule-{first.pk}": "required", f"rule-{second.pk}": "hidden",
            f"rule-{third.pk}": "optional"}  # fmt: skip
    response = client.post(rules_url(stream), data)
    assert response.status_code == 302
    assert dict(stream.activity_rules.values_list("activity_id", "requirement")) == {
        first.pk: "required", second.pk: "hidden", third.pk: "optional",
    }  # fmt: skip


def test_the_rules_screen_shows_the_current_choice_as_labelled_radios(
    client, cohort, organiser, stream
):
    activity = cohort_activities(cohort, per_unit=1)[0]
    StreamActivity.objects.create(stream=stream, activity=activity, requirement="hidden")
    client.force_login(organiser)
    page = client.get(rules_url(stream)).content.decode()
    unit = activity.unit_id
    assert (
        f'<input type="radio" name="rule-{activity.pk}" value="hidden" '
        f'id="rule-{activity.pk}-hidden" '
        f'aria-labelledby="col-hidden-{unit} activity-{activity.pk}" checked>'
    ) in page


def test_an_unknown_choice_saves_nothing_and_keeps_the_others(client, cohort, organiser, stream):
    first, second, _third = cohort_activities(cohort)
    client.force_login(organiser)
    data = {f"rule-{first.pk}": "required", f"rule-{second.pk}": "mandatory"}
    response = client.post(rules_url(stream), data)
    assert response.status_code == 400
    assert not StreamActivity.objects.exists()
    assert f'value="required" id="rule-{first.pk}-required"' in response.content.decode()


def test_activities_outside_the_cohort_are_ignored(client, cohort, organiser, stream):
    outside = ActivityFactory()
    client.force_login(organiser)
    client.post(rules_url(stream), {f"rule-{outside.pk}": "required"})
    assert not StreamActivity.objects.exists()


def test_the_rules_screen_does_not_grow_in_queries(
    client, cohort, organiser, stream, django_assert_max_num_queries
):
    cohort_activities(cohort, units=1, per_unit=1)
    client.force_login(organiser)
    with CaptureQueriesContext(connection) as small:
        client.get(rules_url(stream))
    cohort_activities(cohort, units=4, per_unit=6)
    with django_assert_max_num_queries(len(small)):
        response = client.get(rules_url(stream))
    assert response.content.decode().count('type="radio"') == 25 * 3


# --- Schedule -------------------------------------------------------------------------------------


def session_data(**extra):
    return {
        "kind": "live", "title_en": "Week 1 live", "title_fr": "Direct semaine 1",
        "language": "fr", "starts_at": "2027-03-30T18:00", "ends_at": "2027-03-30T19:30",
        "meeting_url": "https://meet.example.org/w1", "guest_speaker": "Dr Vega",
        **extra,
    }  # fmt: skip


def test_a_live_session_in_french_is_typed_in_the_cohorts_time(client, cohort, organiser):
    unit = UnitFactory(module__level__programme=cohort.programme)
    client.force_login(organiser)
    url = reverse("delivery:manage_session_new", args=[cohort.slug])
    response = client.post(url, session_data(unit=unit.pk))
    assert response.status_code == 302
    session = cohort.sessions.get()
    paris = zoneinfo.ZoneInfo("Europe/Paris")
    assert session.starts_at == datetime.datetime(2027, 3, 30, 18, 0, tzinfo=paris)
    assert session.starts_at.astimezone(datetime.UTC).hour == 16  # summer time in Paris
    assert (session.language, session.unit, session.guest_speaker) == ("fr", unit, "Dr Vega")
    assert session.title.data == {"en": "Week 1 live", "fr": "Direct semaine 1"}


def test_the_recording_link_is_added_afterwards(client, cohort, organiser):
    client.force_login(organiser)
    client.post(reverse("delivery:manage_session_new", args=[cohort.slug]), session_data())
    session = cohort.sessions.get()
    url = reverse("delivery:manage_session", args=[cohort.slug, session.pk])
    assert 'value="2027-03-30T18:00"' in client.get(url).content.decode()
    client.post(url, session_data(recording_url="https://video.example.org/w1"))
    session.refresh_from_db()
    assert session.recording_url == "https://video.example.org/w1"


def test_a_session_cannot_end_before_it_starts(client, cohort, organiser):
    client.force_login(organiser)
    url = reverse("delivery:manage_session_new", args=[cohort.slug])
    response = client.post(url, session_data(ends_at="2027-03-30T17:00"))
    assert response.status_code == 400
    assert 'value="Direct semaine 1"' in response.content.decode()
    assert not cohort.sessions.exists()


def test_a_unit_of_another_programme_is_refused(client, cohort, organiser):
    client.force_login(organiser)
    url = reverse("delivery:manage_session_new", args=[cohort.slug])
    response = client.post(url, session_data(unit=UnitFactory().pk))
    assert "unit" in response.context["form"].errors


def test_an_in_person_day_gets_blocks_with_their_lead_and_partner_case(
    client, cohort, organiser, session
):
    client.force_login(organiser)
    url = reverse("delivery:manage_block_new", args=[cohort.slug, session.pk])
    data = {"title_en": "Morning deep dive", "starts_at": "2027-03-01T09:00",
            "ends_at": "2027-03-01T12:30", "lead": "Ana Ruiz",
            "partner_case_en": "The city of Ghent's panel"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    block = session.blocks.get()
    assert (block.kind, block.lead, block.cohort) == ("block", "Ana Ruiz", cohort)
    assert block.partner_case.data == {"en": "The city of Ghent's panel"}
    page = client.get(reverse("delivery:manage_schedule", args=[cohort.slug])).content.decode()
    assert "Morning deep dive" in page
    edit = client.get(reverse("delivery:manage_session", args=[cohort.slug, block.pk]))
    assert "kind" not in edit.context["form"].fields


def test_blocks_are_added_to_days_only(client, cohort, organiser):
    client.force_login(organiser)
    client.post(reverse("delivery:manage_session_new", args=[cohort.slug]), session_data())
    live = cohort.sessions.get()
    url = reverse("delivery:manage_block_new", args=[cohort.slug, live.pk])
    assert client.get(url).status_code == 404


def test_a_session_is_deleted_with_its_blocks(client, cohort, organiser, session):
    ScheduledSession.objects.create(
        cohort=cohort, parent=session, kind="block", title={"en": "Morning"},
        starts_at=session.starts_at, ends_at=session.starts_at,
    )  # fmt: skip
    client.force_login(organiser)
    client.post(reverse("delivery:manage_session_delete", args=[cohort.slug, session.pk]))
    assert not cohort.sessions.exists()


# --- Venues ---------------------------------------------------------------------------------------


def venue_data(organisation, **extra):
    return {
        "organisation": organisation.pk, "name": "Maison de la Participation",
        "address": "Rue Haute 1", "city": "Brussels", "country": "be",
        "access_en": "Tram 92, stop Louise.", "accessibility_en": "Step-free entrance.",
        **extra,
    }  # fmt: skip


def test_an_organiser_adds_a_venue_for_their_organisation(client, programme, organiser):
    client.force_login(organiser)
    data = venue_data(programme.organisation)
    assert client.post(reverse("delivery:manage_venue_new"), data).status_code == 302
    venue = Venue.objects.get()
    assert venue.country == "BE"
    assert venue.accessibility.data["en"] == "Step-free entrance."
    assert (
        "Maison de la Participation"
        in client.get(reverse("delivery:manage_venues")).content.decode()
    )


def test_a_venue_of_another_organisation_is_out_of_reach(client, organiser):
    elsewhere = Venue.objects.create(
        organisation=OrganisationFactory(), name="Elsewhere", address="x", city="y", country="FR"
    )
    client.force_login(organiser)
    assert client.get(reverse("delivery:manage_venue", args=[elsewhere.pk])).status_code == 404
    assert "Elsewhere" not in client.get(reverse("delivery:manage_venues")).content.decode()
    response = client.post(reverse("delivery:manage_venue_new"), venue_data(elsewhere.organisation))
    assert "organisation" in response.context["form"].errors


# --- Staff ----------------------------------------------------------------------------------------


def staff_url(cohort):
    return reverse("delivery:manage_staff", args=[cohort.slug])


def test_an_organiser_assigns_a_facilitator_by_email(client, cohort, organiser):
    facilitator = UserFactory(email="lea@example.org")
    client.force_login(organiser)
    client.post(staff_url(cohort), {"email": "LEA@example.org", "role": "facilitator"})
    client.post(staff_url(cohort), {"email": "lea@example.org", "role": "facilitator"})
    assert list(cohort.staff.values_list("user", "role")) == [(facilitator.pk, "facilitator")]


def test_an_address_without_an_account_is_refused(client, cohort, organiser):
    client.force_login(organiser)
    response = client.post(staff_url(cohort), {"email": "nobody@example.org", "role": "mentor"})
    assert response.status_code == 400
    assert response.context["form"].errors["email"] == [
        "No account uses nobody@example.org. Ask them to sign up first."
    ]
    assert 'value="nobody@example.org"' in response.content.decode()
    assert not cohort.staff.exists()


def test_an_organiser_removes_a_mentor(client, cohort, organiser):
    member = CohortStaff.objects.create(cohort=cohort, user=UserFactory(), role="mentor")
    client.force_login(organiser)
    client.post(reverse("delivery:manage_staff_remove", args=[cohort.slug, member.pk]))
    assert not cohort.staff.exists()


def test_anonymous_visitors_are_sent_to_log_in_from_venues(client):
    for name in ("delivery:manage_venues", "delivery:manage_venue_new"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/login/" in response["Location"]


@pytest.mark.parametrize(
    "name", ["delivery:manage_venues", "delivery:manage_venue_new", "delivery:manage_cohort_new"]
)
def test_someone_who_organises_nothing_gets_404(client, cohort, name):
    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    assert client.get(reverse(name)).status_code == 404
    assert client.post(reverse(name)).status_code in (404, 405)


def test_a_cohort_in_french_only_needs_a_french_name(client, programme, organiser):
    client.force_login(organiser)
    data = cohort_data(name_en="", languages=["fr"])
    assert client.post(create_url(programme), data).status_code == 302
    assert Cohort.objects.get().name.data == {"fr": "Automne 2027"}
