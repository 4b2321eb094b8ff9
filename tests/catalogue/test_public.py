"""The public catalogue: /programmes/ (filters, search, htmx), a programme's page, a module's
page and the learning path of a competence. Who sees what, and constant query counts."""

import json
import re
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agora.catalogue import search
from agora.catalogue.models import Competence, Level, ModulePackage, Programme
from tests.factories import (
    ActivityFactory,
    LevelFactory,
    ModuleFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
CATALOGUE = "/programmes/"


# --- Helpers (also used by test_api.py) ---------------------------------------------------------


def build_programme(modules=2, units=1, activities=2, kind=Level.Kind.BASIC, **fields):
    """A programme with one level of ``modules`` modules, each with units and activities."""
    programme = ProgrammeFactory(**fields)
    level = LevelFactory(programme=programme, kind=kind, slug="basic")
    for _ in range(modules):
        module = ModuleFactory(level=level)
        for _ in range(units):
            ActivityFactory.create_batch(activities, unit=UnitFactory(module=module))
    search.reindex_programme(programme)
    return programme


def editor_of(organisation):
    """An organiser of ``organisation`` with two-factor set up (else they are sent to set it)."""
    user = OrganiserFactory(organisation=organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def slugs_listed(response) -> list[str]:
    return re.findall(r'href="/programmes/([\w-]+)/"', response.content.decode())


def listed(client, query: str = "") -> list[str]:
    response = client.get(CATALOGUE + query)
    assert response.status_code == 200
    return sorted(set(slugs_listed(response)))


# --- The catalogue --------------------------------------------------------------------------


def test_the_catalogue_lists_published_programmes_with_their_facts(client):
    ProgrammeFactory(
        slug="listening",
        title={"en": "Listening to citizens"},
        summary={"en": "How to run a consultation people trust."},
        languages=["en", "da"],
        format=Programme.Format.BLENDED,
        duration={"en": "Six weeks"},
        fee=Decimal("250.00"),
        certificate_offered=True,
    )
    LevelFactory(programme=Programme.objects.get(slug="listening"), kind=Level.Kind.ADVANCED)

    response = client.get(CATALOGUE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Listening to citizens" in page
    assert "How to run a consultation people trust." in page
    assert "Blended" in page
    assert '<span lang="da">dansk</span>' in page
    assert "Six weeks" in page
    assert "250.00 EUR" in page
    assert "Yes, on completion" in page
    assert "Advanced" in page
    assert "1 programme found." in page


def test_the_catalogue_hides_drafts_from_the_public_and_shows_them_to_their_editors(client):
    ProgrammeFactory(slug="public")
    draft = ProgrammeFactory(slug="secret", status=Programme.Status.DRAFT)
    ProgrammeFactory(slug="archived", status=Programme.Status.ARCHIVED)

    assert listed(client) == ["public"]

    client.force_login(editor_of(OrganisationFactory()))
    assert listed(client) == ["public"]

    client.force_login(editor_of(draft.organisation))
    assert listed(client) == ["public", "secret"]
    assert "Draft" in client.get(CATALOGUE).content.decode()


def test_filter_by_language(client):
    ProgrammeFactory(slug="french", languages=["en", "fr"])
    ProgrammeFactory(slug="english", languages=["en"])

    assert listed(client, "?language=fr") == ["french"]
    assert listed(client, "?language=en") == ["english", "french"]


def test_filter_by_format(client):
    ProgrammeFactory(slug="online", format=Programme.Format.ONLINE)
    ProgrammeFactory(slug="in-person", format=Programme.Format.IN_PERSON)

    assert listed(client, "?format=in_person") == ["in-person"]


def test_filter_by_level_kind(client):
    LevelFactory(programme=ProgrammeFactory(slug="trainers"), kind=Level.Kind.TRAIN_THE_TRAINER)
    LevelFactory(programme=ProgrammeFactory(slug="basics"), kind=Level.Kind.BASIC)

    assert listed(client, "?level=train_the_trainer") == ["trainers"]


def test_filter_by_audience(client):
    ProgrammeFactory(slug="local", audiences=["local", "regional"])
    ProgrammeFactory(slug="eu", audiences=["european"])

    assert listed(client, "?audience=regional") == ["local"]


def test_filter_free_or_paid(client):
    ProgrammeFactory(slug="free", fee=Decimal(0))
    ProgrammeFactory(slug="paid", fee=Decimal("90.00"))

    assert listed(client, "?fee=free") == ["free"]
    assert listed(client, "?fee=paid") == ["paid"]


def test_filter_by_competence_of_the_programme_or_of_a_module(client):
    competence = Competence.objects.get(code="digital-tools")
    ProgrammeFactory(slug="whole").competences.add(competence)
    module = ModuleFactory(level=LevelFactory(programme=ProgrammeFactory(slug="part")))
    module.competences.add(competence)
    ProgrammeFactory(slug="neither")

    assert listed(client, "?competence=digital-tools") == ["part", "whole"]


def test_filter_by_tag(client):
    ProgrammeFactory(slug="tagged", tags=["deliberation", "panels"])
    ProgrammeFactory(slug="other", tags=["deliberation-lab"])

    assert listed(client, "?tag=deliberation") == ["tagged"]


def test_filters_combine(client):
    ProgrammeFactory(slug="match", languages=["fr"], fee=Decimal(0), format="online")
    ProgrammeFactory(slug="paid", languages=["fr"], fee=Decimal(10), format="online")
    ProgrammeFactory(slug="english", languages=["en"], fee=Decimal(0), format="online")

    assert listed(client, "?language=fr&fee=free&format=online") == ["match"]


def test_an_unknown_filter_value_is_ignored(client):
    ProgrammeFactory(slug="one")

    assert listed(client, "?format=by-pigeon&language=xx") == ["one"]


def test_search_from_the_catalogue(client):
    build_programme(slug="panels", title={"en": "Citizen panels"})
    build_programme(slug="budgets", title={"en": "Participatory budgets"})

    assert listed(client, "?q=panel") == ["panels"]
    assert listed(client, "?q=budgets&format=online") == ["budgets"]


def test_every_filter_has_a_label(client):
    ProgrammeFactory(languages=["en"], tags=["x"])

    page = client.get(CATALOGUE).content.decode()

    for name in ["q", "language", "format", "level", "audience", "fee", "competence", "tag"]:
        assert f'<label for="id_{name}">' in page, name
        assert f'id="id_{name}"' in page, name
    assert 'role="search"' in page


def test_the_filters_offer_the_languages_and_tags_in_use(client):
    ProgrammeFactory(languages=["pl", "en"], tags=["co-creation"])
    ProgrammeFactory(languages=["de"], tags=["hidden-tag"], status=Programme.Status.DRAFT)

    page = client.get(CATALOGUE).content.decode()

    assert '<option value="pl" lang="pl">polski</option>' in page
    assert '<option value="co-creation">co-creation</option>' in page
    assert 'value="de"' not in page
    assert "hidden-tag" not in page


def test_empty_results_say_so_and_how_to_widen_the_search(client):
    ProgrammeFactory(slug="one", format=Programme.Format.ONLINE)

    response = client.get(CATALOGUE + "?q=nothing-like-this&format=online")

    page = response.content.decode()
    assert "0 programmes found." in page
    assert "No programme matches your search." in page
    assert "Remove a filter" in page
    assert f'href="{CATALOGUE}?format=online"' in page  # removes the search, keeps the rest
    assert f'href="{CATALOGUE}?q=nothing-like-this"' in page
    assert "Show all programmes" in page


def test_an_empty_catalogue_says_nothing_is_published_yet(client):
    assert "No programmes are published yet." in client.get(CATALOGUE).content.decode()


def test_the_catalogue_is_paginated(client):
    for number in range(25):
        ProgrammeFactory(slug=f"p{number:02d}")

    first = client.get(CATALOGUE)
    second = client.get(CATALOGUE + "?page=2")

    assert len(set(slugs_listed(first))) == 20
    assert len(set(slugs_listed(second))) == 5
    assert "25 programmes found." in first.content.decode()
    assert 'href="/programmes/?page=2" rel="next"' in first.content.decode()


def test_htmx_gets_only_the_results_and_the_new_count(client):
    ProgrammeFactory(slug="one", title={"en": "Deliberation"})
    search.reindex_all()

    response = client.get(CATALOGUE + "?q=deliberation", headers={"HX-Request": "true"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page
    assert 'id="catalogue-results"' in page
    assert 'id="result-count" hx-swap-oob="innerHTML"' in page
    assert "1 programme found." in page
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get(
        CATALOGUE, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    )

    assert "<html" in response.content.decode()


def test_the_filter_form_works_without_javascript_and_updates_with_htmx(client):
    page = client.get(CATALOGUE).content.decode()

    form = re.search(r'<form id="catalogue-filters"[^>]*>', page, re.S).group()
    assert 'method="get"' in form
    assert f'action="{CATALOGUE}"' in form
    assert f'hx-get="{CATALOGUE}"' in form
    assert 'hx-push-url="true"' in form
    assert 'hx-target="#catalogue-results"' in form


@pytest.mark.parametrize("query", ["", "?q=programme", "?language=en&fee=free&level=basic&tag=t"])
def test_the_catalogue_query_count_does_not_grow_with_programmes(
    client, django_assert_max_num_queries, query
):
    for _ in range(2):
        build_programme(modules=1, tags=["t"])
    few = count_queries(client, CATALOGUE + query)

    for _ in range(18):
        build_programme(modules=1, tags=["t"])
    with django_assert_max_num_queries(few):
        response = client.get(CATALOGUE + query)
    assert len(set(slugs_listed(response))) == 20


def test_the_catalogue_query_count_does_not_grow_for_an_editor(
    client, django_assert_max_num_queries
):
    organisation = OrganisationFactory()
    client.force_login(editor_of(organisation))
    for _ in range(2):
        build_programme(organisation=organisation, status=Programme.Status.DRAFT)
    few = count_queries(client, CATALOGUE)

    for _ in range(18):
        build_programme(organisation=organisation, status=Programme.Status.DRAFT)
    with django_assert_max_num_queries(few):
        client.get(CATALOGUE)


def test_the_catalogue_links_to_learning_paths(client):
    page = client.get(CATALOGUE).content.decode()

    assert reverse("catalogue:path", kwargs={"code": "digital-tools"}) in page


# --- A programme ------------------------------------------------------------------------------


@pytest.fixture
def full_programme(db):
    organisation = OrganisationFactory(name="Civic Academy")
    programme = ProgrammeFactory(
        organisation=organisation,
        slug="co-creation",
        languages=["en", "fr", "pl"],
        title={"en": "Co-creation in practice", "fr": "La co-création en pratique"},
        summary={"en": "Design services with the people who use them."},
        description={"en": "A programme in **three** parts."},
        objectives={"en": "- run a co-creation workshop\n- report back to participants"},
        audiences=["local", "trainers"],
        audience_note={"en": "Officials who design public services."},
        duration={"en": "Ten weeks"},
        effort={"en": "About three hours a week"},
        hours_per_week=Decimal("3.0"),
        fee=Decimal("120.00"),
        payment_terms={"en": "Invoiced to your employer after enrolment."},
        certificate_offered=True,
        tags=["co-creation"],
        format=Programme.Format.BLENDED,
    )
    programme.competences.add(Competence.objects.get(code="methods-and-facilitation"))
    basic = LevelFactory(programme=programme, slug="basic", kind=Level.Kind.BASIC,
                         title={"en": "Foundations"}, order=1)
    advanced = LevelFactory(programme=programme, slug="advanced", kind=Level.Kind.ADVANCED,
                            title={"en": "Going further"}, order=2)
    methods = ModulePackage.objects.create(
        level=advanced, slug="methods", title={"en": "Methods package"}
    )
    intro = ModuleFactory(level=basic, slug="intro", title={"en": "Why co-create"},
                          required=True, objectives={"en": "Explain when co-creation helps."})
    UnitFactory(module=intro, title={"en": "Week 1: the case for it"})
    UnitFactory(module=intro, title={"en": "Week 2: limits"})
    ModuleFactory(level=advanced, slug="core", title={"en": "Core of the advanced level"},
                  required=True)
    ModuleFactory(level=advanced, package=methods, slug="journeys",
                  title={"en": "Journey mapping"})
    return programme


def test_the_programme_page_shows_the_curriculum(client, full_programme):
    response = client.get(full_programme.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Co-creation in practice", "Design services with the people who use them.",
        "Foundations", "Going further", "Methods package", "Modules outside the packages",
        "Why co-create", "Journey mapping", "Core of the advanced level",
        "Week 1: the case for it", "Week 2: limits", "Explain when co-creation helps.",
        "<strong>three</strong>", "<li>run a co-creation workshop</li>",
    ]:  # fmt: skip
        assert text in page, text
    assert page.count('class="badge">Required<') == 2
    assert page.index("Foundations") < page.index("Going further")
    assert page.index("Core of the advanced level") < page.index("Methods package")
    assert reverse(
        "catalogue:module", kwargs={"slug": "co-creation", "level": "basic", "module": "intro"}
    ) in page


def test_the_programme_page_shows_the_practical_facts(client, full_programme):
    page = client.get(full_programme.get_absolute_url()).content.decode()

    for text in [
        "Civic Academy", "Blended", "Ten weeks", "About three hours a week",
        "120.00 EUR", "Invoiced to your employer after enrolment.", "Yes, on completion",
        "Local government officials", "Trainers", "Officials who design public services.",
        '<span lang="fr">français</span>', '<span lang="pl">polski</span>',
        "Methods and facilitation",
        reverse("catalogue:path", kwargs={"code": "methods-and-facilitation"}),
    ]:  # fmt: skip
        assert text in page, text


def test_a_free_programme_says_free_and_shows_no_payment_terms(client):
    programme = ProgrammeFactory(fee=Decimal(0), payment_terms={"en": "Pay by card."})

    page = client.get(programme.get_absolute_url()).content.decode()

    assert "<dd>Free</dd>" in page
    assert "Pay by card." not in page


def test_the_programme_page_has_a_cohorts_section(client, full_programme):
    page = client.get(full_programme.get_absolute_url()).content.decode()

    assert "Upcoming cohorts" in page
    assert "No cohorts are scheduled yet." in page


def test_the_programme_page_follows_the_interface_language(client, full_programme):
    url = full_programme.get_absolute_url()

    french = client.get(url, headers={"Accept-Language": "fr"}).content.decode()
    danish = client.get(url, headers={"Accept-Language": "da"}).content.decode()

    assert '<h1 id="programme-title">La co-création en pratique</h1>' in french
    # No Danish text: the source language's, marked as such for screen readers.
    assert '<h1 id="programme-title" lang="en">Co-creation in practice</h1>' in danish


def json_ld(response) -> dict:
    page = response.content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


def test_the_programme_page_describes_the_course_in_json_ld(client, full_programme):
    data = json_ld(client.get(full_programme.get_absolute_url()))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Course"
    assert data["name"] == "Co-creation in practice"
    assert data["description"] == "Design services with the people who use them."
    assert data["url"] == "http://testserver/programmes/co-creation/"
    assert data["inLanguage"] == ["en", "fr", "pl"]
    assert data["provider"] == {"@type": "Organization", "name": "Civic Academy"} | (
        {"url": data["provider"]["url"]} if "url" in data["provider"] else {}
    )
    assert data["offers"]["price"] == "120.00"
    assert data["offers"]["priceCurrency"] == "EUR"
    assert data["isAccessibleForFree"] is False
    assert data["courseMode"] == "blended"
    assert data["teaches"] == ["Methods and facilitation"]


def test_the_json_ld_cannot_break_out_of_its_script_element(client):
    programme = ProgrammeFactory(title={"en": "</script><script>alert(1)</script> & co"})

    response = client.get(programme.get_absolute_url())

    page = response.content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json_ld(response)["name"] == "</script><script>alert(1)</script> & co"


def test_the_json_ld_is_not_an_inline_script_that_csp_would_run(client, full_programme):
    response = client.get(full_programme.get_absolute_url())

    scripts = re.findall(r"<script\b[^>]*>", response.content.decode())
    assert all("src=" in tag or 'type="application/ld+json"' in tag for tag in scripts)
    assert "unsafe-inline" not in response.headers["Content-Security-Policy"]


def test_the_programme_page_query_count_does_not_grow_with_modules(
    client, django_assert_max_num_queries
):
    small = build_programme(slug="small", modules=2, units=1, activities=1)
    big = build_programme(slug="big", modules=20, units=4, activities=5)
    for programme in (small, big):
        package = ModulePackage.objects.create(level=programme.levels.get(), slug="pkg")
        programme.levels.get().modules.update(package=package)
        for module in programme.levels.get().modules.all():
            module.competences.add(Competence.objects.first())
    few = count_queries(client, small.get_absolute_url())

    with django_assert_max_num_queries(few):
        client.get(big.get_absolute_url())


def test_a_draft_programme_is_hidden_from_the_public(client):
    draft = build_programme(status=Programme.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_programme_is_hidden_from_an_organiser_of_another_organisation(client):
    draft = build_programme(status=Programme.Status.DRAFT)
    client.force_login(editor_of(OrganisationFactory()))

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_programme_is_hidden_from_a_member_of_its_organisation(client):
    draft = build_programme(status=Programme.Status.DRAFT)
    member = UserFactory()
    draft.organisation.memberships.create(user=member, role="member")
    client.force_login(member)

    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_draft_programme_is_shown_to_its_editors(client):
    draft = build_programme(status=Programme.Status.DRAFT)
    client.force_login(editor_of(draft.organisation))

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 200
    assert "only the programme's editors see this page" in response.content.decode()


def test_an_unknown_programme_is_404(client):
    assert client.get("/programmes/no-such-thing/").status_code == 404


# --- A module ---------------------------------------------------------------------------------


def test_the_module_page_lists_units_and_activities_with_totals(client, full_programme):
    intro = full_programme.levels.get(slug="basic").modules.get(slug="intro")
    week1, week2 = intro.units.order_by("pk")
    ActivityFactory(unit=week1, title={"en": "Watch the talk"}, kind="video", estimated_minutes=25)
    ActivityFactory(unit=week1, title={"en": "Quick check"}, kind="quiz", estimated_minutes=10)
    ActivityFactory(unit=week2, title={"en": "Write a memo"}, kind="assignment",
                    estimated_minutes=60)

    response = client.get(intro.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Why co-create", "Week 1: the case for it", "Watch the talk", "Video", "25 min",
        "Quick check", "Quiz", "10 min", "Write a memo", "Assignment", "1 h",
        "35 min",  # week 1 total
        "1 h 35 min",  # module total
        "<dd>3</dd>",  # activities
        '<th scope="col">Activity</th>',
    ]:  # fmt: skip
        assert text in page, text


def test_the_module_page_query_count_does_not_grow_with_activities(
    client, django_assert_max_num_queries
):
    small = build_programme(slug="small", modules=1, units=1, activities=1)
    big = build_programme(slug="big", modules=1, units=6, activities=12)
    small_module = small.levels.get().modules.get()
    big_module = big.levels.get().modules.get()
    few = count_queries(client, small_module.get_absolute_url())

    with django_assert_max_num_queries(few):
        client.get(big_module.get_absolute_url())


def test_a_module_of_a_draft_is_hidden_from_the_public_and_other_organisers(client):
    draft = build_programme(status=Programme.Status.DRAFT, modules=1)
    url = draft.levels.get().modules.get().get_absolute_url()

    assert client.get(url).status_code == 404
    client.force_login(editor_of(OrganisationFactory()))
    assert client.get(url).status_code == 404
    client.force_login(editor_of(draft.organisation))
    assert client.get(url).status_code == 200


def test_a_module_address_must_match_its_programme_and_level(client):
    one = build_programme(slug="one", modules=1)
    build_programme(slug="two", modules=1)
    module = one.levels.get().modules.get()

    url = reverse("catalogue:module", kwargs={"slug": "two", "level": "basic",
                                              "module": module.slug})
    assert client.get(url).status_code == 404


# --- A learning path --------------------------------------------------------------------------


def test_the_learning_path_lists_the_modules_teaching_a_competence(client):
    competence = Competence.objects.get(code="recruitment-and-inclusion")
    first = build_programme(slug="first", title={"en": "First programme"}, modules=2)
    second = build_programme(slug="second", title={"en": "Second programme"}, modules=1)
    draft = build_programme(slug="draft", status=Programme.Status.DRAFT, modules=1)
    teaching = [
        *first.levels.get().modules.order_by("order"),
        second.levels.get().modules.get(),
        draft.levels.get().modules.get(),
    ]
    for module in teaching:
        module.competences.add(competence)
    first_titles = [module.tr.title for module in teaching[:2]]

    response = client.get(reverse("catalogue:path", kwargs={"code": competence.code}))

    page = response.content.decode()
    assert response.status_code == 200
    assert "Learning path: Recruitment and inclusion" in page
    assert "3 modules take you towards this competence" in page
    assert page.index("First programme") < page.index(first_titles[0])
    assert page.index(first_titles[0]) < page.index(first_titles[1])
    assert page.index(first_titles[1]) < page.index("Second programme")
    assert teaching[3].tr.title not in page  # the draft's module
    assert "30 min" in page  # 2 activities of 15 minutes per module


def test_the_learning_path_route_comes_before_programme_addresses(client):
    response = client.get("/programmes/competences/digital-tools/")

    assert response.status_code == 200
    assert response.resolver_match.url_name == "path"


def test_an_unknown_competence_is_404(client):
    assert client.get("/programmes/competences/no-such-competence/").status_code == 404


def test_a_learning_path_without_modules_says_so(client):
    page = client.get("/programmes/competences/digital-tools/").content.decode()

    assert "No published module teaches this competence yet." in page


def test_the_learning_path_query_count_does_not_grow(client, django_assert_max_num_queries):
    competence = Competence.objects.get(code="digital-tools")
    url = reverse("catalogue:path", kwargs={"code": competence.code})
    for module in build_programme(modules=2).levels.get().modules.all():
        module.competences.add(competence)
    few = count_queries(client, url)

    for _ in range(5):
        for module in build_programme(modules=4).levels.get().modules.all():
            module.competences.add(competence)
    with django_assert_max_num_queries(few):
        client.get(url)


def test_a_long_learning_path_is_paginated(client):
    competence = Competence.objects.get(code="digital-tools")
    for module in build_programme(modules=55, units=0).levels.get().modules.all():
        module.competences.add(competence)
    url = reverse("catalogue:path", kwargs={"code": competence.code})

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()

    assert "55 modules take you towards this competence" in first
    assert first.count('class="module-item"') == 50
    assert second.count('class="module-item"') == 5
    assert f'href="{url}?page=2" rel="next"' in first


def test_an_editor_finds_their_draft_by_searching(client):
    draft = build_programme(slug="draft", title={"en": "Sortition"}, status=Programme.Status.DRAFT)
    build_programme(slug="public", title={"en": "Sortition for all"})
    build_programme(slug="other-draft", title={"en": "Sortition"}, status=Programme.Status.DRAFT)
    client.force_login(editor_of(draft.organisation))

    assert listed(client, "?q=sortition") == ["draft", "public"]
