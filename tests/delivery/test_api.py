"""JSON API for cohorts: the list, one cohort with streams and sessions, one's own enrolments,
drafts hidden, languages, the OpenAPI document, constant query counts."""

from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.catalogue.models import Programme
from agora.delivery.models import Cohort, ScheduledSession
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ProgrammeFactory,
    StreamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
LIST = "/api/v1/cohorts"
MINE = "/api/v1/me/enrolments"


def detail(cohort: Cohort) -> str:
    return f"/api/v1/cohorts/{cohort.pk}"


def add_session(cohort: Cohort, language: str = "", **values) -> ScheduledSession:
    starts_at = datetime(2027, 3, 2, 17, 0, tzinfo=cohort.zone)  # 17:00 local
    return ScheduledSession.objects.create(
        cohort=cohort,
        kind=values.pop("kind", ScheduledSession.Kind.LIVE),
        title=values.pop("title", {"en": "Live session", "fr": "Séance en direct"}),
        language=language,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=1),
        **values,
    )


@pytest.fixture
def bilingual(db):
    programme = ProgrammeFactory(slug="engagement", languages=["en", "fr"])
    cohort = CohortFactory(
        programme=programme,
        slug="engagement-2027",
        name={"en": "Spring 2027", "fr": "Printemps 2027"},
        languages=["en", "fr"],
        time_zone="America/Toronto",
        status=Cohort.Status.RUNNING,
    )
    StreamFactory(
        cohort=cohort, slug="managers", name={"en": "Managers", "fr": "Gestionnaires"},
        weekly_minutes=15,
    )
    add_session(cohort, "en", title={"en": "Week 1 live session"})
    add_session(cohort, "fr", title={"en": "Week 1 live session", "fr": "Séance, semaine 1"})
    return cohort


def test_the_list_has_listed_cohorts_only(client, bilingual):
    CohortFactory(slug="draft", status=Cohort.Status.DRAFT)
    CohortFactory(slug="finished", status=Cohort.Status.FINISHED)
    CohortFactory(
        slug="of-a-draft-programme",
        programme=ProgrammeFactory(status=Programme.Status.DRAFT),
    )
    open_cohort = CohortFactory(slug="open")

    body = client.get(LIST).json()

    assert body["count"] == 2
    assert {item["slug"] for item in body["items"]} == {"engagement-2027", "open"}
    item = next(item for item in body["items"] if item["slug"] == "engagement-2027")
    assert item == {
        "id": bilingual.pk,
        "slug": "engagement-2027",
        "programme": "engagement",
        "name": "Spring 2027",
        "starts_on": bilingual.starts_on.isoformat(),
        "ends_on": bilingual.ends_on.isoformat(),
        "languages": ["en", "fr"],
        "mode": "online",
        "status": "running",
    }
    assert open_cohort.slug in {item["slug"] for item in body["items"]}


def test_the_list_filters_by_programme_and_pages(client, bilingual):
    for _ in range(3):
        CohortFactory()

    assert client.get(LIST + "?programme=engagement").json()["count"] == 1
    page = client.get(LIST + "?limit=2&offset=2").json()
    assert page["count"] == 4
    assert len(page["items"]) == 2


def test_the_cohort_has_streams_and_sessions_in_its_time_zone(client, bilingual):
    body = client.get(detail(bilingual)).json()

    assert body["languages"] == ["en", "fr"]
    assert body["time_zone"] == "America/Toronto"
    assert body["streams"] == [{"slug": "managers", "name": "Managers", "weekly_minutes": 15}]
    assert [(s["language"], s["kind"], s["title"]) for s in body["sessions"]] == [
        ("en", "live", "Week 1 live session"),
        ("fr", "live", "Week 1 live session"),
    ]
    session = body["sessions"][0]
    assert session["starts_at"] == "2027-03-02T17:00:00-05:00"
    assert session["ends_at"] == "2027-03-02T18:00:00-05:00"
    assert datetime.fromisoformat(session["starts_at"]).utcoffset() == timedelta(hours=-5)


def test_a_day_lists_its_blocks_with_their_parent(client, bilingual):
    day = add_session(bilingual, kind=ScheduledSession.Kind.DAY, title={"en": "Day 1"})
    add_session(bilingual, kind=ScheduledSession.Kind.BLOCK, title={"en": "Morning"}, parent=day)

    sessions = client.get(detail(bilingual)).json()["sessions"]

    block = next(session for session in sessions if session["kind"] == "block")
    assert block["parent"] == day.pk


def test_texts_come_in_the_language_of_lang(client, bilingual):
    response = client.get(detail(bilingual) + "?lang=fr")
    body = response.json()

    assert response["Content-Language"] == "fr"
    assert body["name"] == "Printemps 2027"
    assert body["streams"][0]["name"] == "Gestionnaires"
    assert body["sessions"][1]["title"] == "Séance, semaine 1"
    assert client.get(LIST + "?lang=fr").json()["items"][0]["name"] == "Printemps 2027"


def test_texts_come_in_the_language_of_accept_language(client, bilingual):
    body = client.get(detail(bilingual), headers={"accept-language": "fr-CA,fr;q=0.9"}).json()
    assert body["name"] == "Printemps 2027"


def test_an_unknown_language_falls_back_to_the_programme_source_language(client, bilingual):
    assert client.get(detail(bilingual) + "?lang=fi").json()["name"] == "Spring 2027"


def test_a_draft_cohort_is_404(client, user):
    draft = CohortFactory(status=Cohort.Status.DRAFT)
    client.force_login(user)

    response = client.get(detail(draft))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_an_unknown_cohort_is_404(client, db):
    assert client.get("/api/v1/cohorts/999999").status_code == 404


def test_my_enrolments_need_a_signed_in_person(client, bilingual):
    EnrolmentFactory(cohort=bilingual)
    assert client.get(MINE).status_code == 401


def test_my_enrolments_are_my_own(client, bilingual, user, other_user):
    stream = bilingual.streams.get()
    EnrolmentFactory(cohort=bilingual, user=user, stream=stream, language="fr")
    EnrolmentFactory(cohort=bilingual, user=other_user)
    EnrolmentFactory(user=other_user)
    client.force_login(user)

    body = client.get(MINE + "?lang=fr").json()

    assert body == [
        {
            "cohort": bilingual.pk,
            "cohort_slug": "engagement-2027",
            "cohort_name": "Printemps 2027",
            "programme": "engagement",
            "status": "confirmed",
            "stream": "managers",
            "language": "fr",
        }
    ]


def test_the_openapi_document_describes_the_cohort_endpoints(client, db):
    document = client.get("/api/v1/openapi.json").json()

    assert set(document["paths"]) >= {
        "/api/v1/programmes",
        "/api/v1/cohorts",
        "/api/v1/cohorts/{id}",
        "/api/v1/me/enrolments",
    }
    schemas = document["components"]["schemas"]
    assert {"CohortSummary", "CohortDetail", "StreamOut", "SessionOut", "EnrolmentOut"} <= set(
        schemas
    )
    assert {"language", "starts_at", "ends_at", "kind", "title"} <= set(
        schemas["SessionOut"]["properties"]
    )


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    CohortFactory()
    few = count(client, LIST)
    for _ in range(20):
        CohortFactory(programme=ProgrammeFactory())

    with django_assert_max_num_queries(few):
        assert len(client.get(LIST).json()["items"]) == 21


def test_the_cohort_query_count_does_not_grow(client, bilingual, django_assert_max_num_queries):
    small = CohortFactory()
    few = count(client, detail(small))
    for number in range(3):
        StreamFactory(cohort=bilingual, slug=f"stream-{number}")
    for _ in range(10):
        day = add_session(bilingual, kind=ScheduledSession.Kind.DAY)
        add_session(bilingual, kind=ScheduledSession.Kind.BLOCK, parent=day)

    with django_assert_max_num_queries(few):
        assert len(client.get(detail(bilingual)).json()["sessions"]) == 22


def test_my_enrolments_query_count_does_not_grow(client, user, django_assert_max_num_queries):
    EnrolmentFactory(user=user)
    client.force_login(user)
    few = count(client, MINE)
    for _ in range(10):
        cohort = CohortFactory()
        EnrolmentFactory(user=user, cohort=cohort, stream=StreamFactory(cohort=cohort))

    with django_assert_max_num_queries(few):
        assert len(client.get(MINE).json()) == 11


def test_anonymous_callers_get_no_one_elses_enrolments(client, db):
    EnrolmentFactory(user=UserFactory())
    assert "cohort" not in client.get(MINE).content.decode()
