"""JSON API /api/v1/: the programme list, one programme's curriculum, languages, who may read
drafts, the OpenAPI document, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agora.catalogue import search
from agora.catalogue.models import Programme
from tests.catalogue.test_public import build_programme, editor_of
from tests.factories import ActivityFactory, OrganisationFactory, ProgrammeFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/programmes"


def detail(slug: str) -> str:
    return f"/api/v1/programmes/{slug}"


@pytest.fixture
def bilingual(db):
    programme = build_programme(
        slug="listening",
        modules=1,
        units=1,
        activities=1,
        languages=["en", "fr"],
        title={"en": "Listening to citizens", "fr": "Écouter les citoyens"},
        summary={"en": "Consultations people trust."},
        format=Programme.Format.BLENDED,
    )
    module = programme.levels.get().modules.get()
    module.title = {"en": "Surveys", "fr": "Enquêtes"}
    module.save()
    activity = module.units.get().activities.get()
    activity.title = {"en": "Read the guide", "fr": "Lire le guide"}
    activity.kind = "reading"
    activity.estimated_minutes = 20
    activity.save()
    return programme


def test_the_list_has_published_programmes_only(client, bilingual):
    ProgrammeFactory(slug="draft", status=Programme.Status.DRAFT)

    response = client.get(LIST)

    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "items": [
            {
                "slug": "listening",
                "title": "Listening to citizens",
                "summary": "Consultations people trust.",
                "languages": ["en", "fr"],
                "format": "blended",
                "url": "http://testserver/programmes/listening/",
            }
        ],
    }


def test_the_list_leaves_drafts_out_even_for_their_editors(client):
    draft = ProgrammeFactory(slug="draft", status=Programme.Status.DRAFT)
    client.force_login(editor_of(draft.organisation))

    assert client.get(LIST).json()["count"] == 0


def test_the_list_pages_with_limit_and_offset(client):
    for number in range(5):
        ProgrammeFactory(slug=f"p{number}")

    body = client.get(LIST + "?limit=2&offset=2").json()

    assert body["count"] == 5
    assert [item["slug"] for item in body["items"]] == ["p2", "p3"]
    assert client.get(LIST + "?limit=0").status_code == 422
    assert client.get(LIST + "?limit=101").status_code == 422


def test_the_list_searches(client, bilingual):
    build_programme(slug="other", title={"en": "Something else"})

    body = client.get(LIST + "?q=citoyens").json()

    assert [item["slug"] for item in body["items"]] == ["listening"]


def test_the_programme_has_levels_modules_units_and_activities(client, bilingual):
    response = client.get(detail("listening"))

    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "listening"
    assert body["title"] == "Listening to citizens"
    assert body["languages"] == ["en", "fr"]
    assert body["format"] == "blended"
    assert body["url"] == "http://testserver/programmes/listening/"
    [level] = body["levels"]
    assert level["slug"] == "basic"
    assert level["kind"] == "basic"
    [module] = level["modules"]
    assert module["title"] == "Surveys"
    assert module["url"] == "http://testserver/programmes/listening/basic/" + module["slug"] + "/"
    assert module["minutes"] == 20
    [unit] = module["units"]
    assert set(unit) == {"slug", "kind", "title", "activities"}
    [activity] = unit["activities"]
    assert activity == {
        "slug": activity["slug"],
        "type": "reading",
        "title": "Read the guide",
        "minutes": 20,
    }


def test_texts_come_in_the_language_of_lang(client, bilingual):
    response = client.get(detail("listening") + "?lang=fr")

    body = response.json()
    assert response.headers["Content-Language"] == "fr"
    assert body["language"] == "fr"
    assert body["title"] == "Écouter les citoyens"
    assert body["levels"][0]["modules"][0]["title"] == "Enquêtes"
    assert body["levels"][0]["modules"][0]["units"][0]["activities"][0]["title"] == "Lire le guide"
    # No French summary: the source language's.
    assert body["summary"] == "Consultations people trust."


def test_texts_come_in_the_language_of_accept_language(client, bilingual):
    french = client.get(detail("listening"), headers={"Accept-Language": "de;q=0.2, fr-BE"})
    listed = client.get(LIST, headers={"Accept-Language": "fr"})

    assert french.json()["title"] == "Écouter les citoyens"
    assert listed.json()["items"][0]["title"] == "Écouter les citoyens"


def test_lang_wins_over_accept_language_and_content_languages_beyond_the_ui_work(client):
    build_programme(slug="german", languages=["en", "de"],
                    title={"en": "Civic tech", "de": "Bürgertechnologie"})

    body = client.get(detail("german") + "?lang=de", headers={"Accept-Language": "fr"}).json()

    assert body["title"] == "Bürgertechnologie"


def test_an_unknown_language_falls_back_to_the_source_language(client, bilingual):
    body = client.get(detail("listening") + "?lang=xx", headers={"Accept-Language": "tlh"}).json()

    assert body["title"] == "Listening to citizens"
    assert body["language"] == "en"


def test_a_draft_is_404_for_anonymous_callers(client):
    build_programme(slug="draft", status=Programme.Status.DRAFT)

    response = client.get(detail("draft"))

    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_a_draft_is_404_for_organisers_of_another_organisation_and_for_members(client):
    draft = build_programme(slug="draft", status=Programme.Status.DRAFT)
    client.force_login(editor_of(OrganisationFactory()))
    assert client.get(detail("draft")).status_code == 404

    member = UserFactory()
    draft.organisation.memberships.create(user=member, role="member")
    client.force_login(member)
    assert client.get(detail("draft")).status_code == 404


def test_a_draft_is_readable_by_its_editors_with_their_session(client):
    draft = build_programme(slug="draft", status=Programme.Status.DRAFT)
    client.force_login(editor_of(draft.organisation))

    response = client.get(detail("draft"))

    assert response.status_code == 200
    assert response.json()["status"] == "draft"


def test_an_unknown_programme_is_404(client):
    assert client.get(detail("nothing")).status_code == 404


def test_the_openapi_document_describes_both_endpoints(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Agora API"
    assert set(document["paths"]) >= {"/api/v1/programmes", "/api/v1/programmes/{slug}"}
    schemas = document["components"]["schemas"]
    assert {"ProgrammeSummary", "ProgrammeDetail", "LevelOut", "ModuleOut", "UnitOut",
            "ActivityOut"} <= set(schemas)
    assert set(schemas["ActivityOut"]["properties"]) == {"slug", "type", "title", "minutes"}


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    for _ in range(2):
        ProgrammeFactory()
    search.reindex_all()
    few = count(client, LIST + "?q=programme")
    for _ in range(30):
        ProgrammeFactory()
    search.reindex_all()

    with django_assert_max_num_queries(few):
        assert len(client.get(LIST + "?q=programme").json()["items"]) == 32


def test_the_programme_query_count_does_not_grow(client, django_assert_max_num_queries):
    small = build_programme(slug="small", modules=1, units=1, activities=1)
    big = build_programme(slug="big", modules=12, units=3, activities=4)
    ActivityFactory(unit=big.levels.get().modules.first().units.first())
    few = count(client, detail(small.slug))

    with django_assert_max_num_queries(few):
        client.get(detail(big.slug))


def test_the_api_documentation_is_served_from_local_files(client, db):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "cdn." not in page.content.decode()
