"""Authoring for organisers (agora/catalogue/authoring.py, editing.py, forms.py).

People: Olga organises for Aarhus Municipality, which owns the programme; Oscar organises for
another organisation; Lena is a member (a learner) of Aarhus Municipality; Ada is a platform
admin.
"""

import re
import types

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from agora.accounts.models import Membership
from agora.catalogue import editing
from agora.catalogue.authoring_urls import urlpatterns
from agora.catalogue.models import (
    Activity,
    Level,
    Module,
    ModulePackage,
    Programme,
    Unit,
    source_digest,
)
from tests.factories import (
    ActivityFactory,
    LevelFactory,
    MembershipFactory,
    ModuleFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def with_totp(user):
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Aarhus Municipality")


@pytest.fixture
def organiser(organisation):
    return with_totp(OrganiserFactory(organisation=organisation, user__full_name="Olga").user)


@pytest.fixture
def outsider():
    return with_totp(OrganiserFactory(user__full_name="Oscar").user)


@pytest.fixture
def learner(organisation):
    return MembershipFactory(
        organisation=organisation, role=Membership.Role.MEMBER, user__full_name="Lena"
    ).user


@pytest.fixture
def admin():
    return with_totp(UserFactory(full_name="Ada", is_superuser=True, is_staff=True))


@pytest.fixture
def programme(organisation):
    return ProgrammeFactory(
        organisation=organisation,
        slug="listening",
        title={"en": "Listening to citizens"},
        summary={"en": "How to *listen*."},
        languages=["en", "fr"],
        status=Programme.Status.DRAFT,
    )


@pytest.fixture
def tree(programme):
    """A programme with one level, a package, two modules, a unit and two activities."""
    level = LevelFactory(programme=programme, slug="basic", title={"en": "Basic level"}, order=0)
    package = ModulePackage.objects.create(
        level=level, slug="electives", title={"en": "Electives"}, order=0
    )
    first = ModuleFactory(level=level, slug="first", title={"en": "First module"}, order=0)
    second = ModuleFactory(level=level, slug="second", title={"en": "Second module"}, order=1)
    unit = UnitFactory(module=first, slug="week-1", title={"en": "Week one"}, order=0)
    reading = ActivityFactory(unit=unit, slug="read", title={"en": "Read"}, order=0)
    video = ActivityFactory(unit=unit, slug="watch", kind="video", title={"en": "Watch"}, order=1)
    return types.SimpleNamespace(
        programme=programme, level=level, package=package, first=first, second=second,
        unit=unit, reading=reading, video=video,
    )


def url(name, *args):
    return reverse(f"authoring:{name}", args=args)


def titles(queryset):
    return [item.title.data["en"] for item in queryset]


# --- Who may do what ---------------------------------------------------------------------------


def every_view(tree):
    """Each authoring address, with the method that changes something where there is one."""
    slug = tree.programme.slug
    return [
        ("get", url("dashboard"), {}),
        ("post", url("programme_create"), {"title": "X", "slug": "x", "format": "online"}),
        ("get", url("programme", slug), {}),
        ("post", url("programme_edit", slug), {"title": "Changed", "format": "online"}),
        ("get", url("programme_preview", slug), {}),
        ("post", url("programme_translate", slug, "fr"),
         {f"programme-{tree.programme.pk}-title": "Volé"}),
        ("post", url("programme_status", slug, "archive"), {}),
        ("get", url("module", slug, tree.first.pk), {}),
        ("get", url("module_preview", slug, tree.first.pk), {}),
        ("post", url("module_translate", slug, tree.first.pk, "fr"),
         {f"module-{tree.first.pk}-title": "Volé"}),
        ("post", url("part_create", slug, "levels"), {"title": "Stolen", "kind": "course"}),
        ("post", url("part_create_in", slug, "modules", tree.level.pk), {"title": "Stolen"}),
        ("post", url("part_edit", slug, "modules", tree.first.pk), {"title": "Stolen"}),
        ("post", url("part_delete", slug, "activities", tree.reading.pk), {}),
        ("post", url("part_move", slug, "modules", tree.first.pk), {"direction": "down"}),
        ("post", url("part_reorder", slug, "levels"), {"ids": str(tree.level.pk)}),
        ("post", url("part_reorder_in", slug, "modules", tree.level.pk),
         {"ids": f"{tree.second.pk},{tree.first.pk}"}),
    ]


def test_the_authorization_list_covers_every_authoring_view(tree):
    listed = {resolve(address).url_name for _method, address, _data in every_view(tree)}
    assert listed == {pattern.name for pattern in urlpatterns}


def assert_nothing_changed(tree):
    programme = Programme.objects.get(pk=tree.programme.pk)
    assert programme.title.data == {"en": "Listening to citizens"}
    assert programme.status == Programme.Status.DRAFT
    assert list(Level.objects.filter(programme=programme)) == [tree.level]
    assert list(tree.level.modules.order_by("order")) == [tree.first, tree.second]
    assert Module.objects.get(pk=tree.first.pk).title.data == {"en": "First module"}
    assert Activity.objects.filter(pk=tree.reading.pk).exists()
    assert not Programme.objects.filter(slug="x").exists()


def test_anonymous_visitors_are_sent_to_log_in_everywhere(client, tree):
    for method, address, data in every_view(tree):
        response = getattr(client, method)(address, data)
        assert response.status_code == 302, address
        assert response["Location"].startswith(reverse("account_login")), address
    assert_nothing_changed(tree)


def test_a_learner_is_refused_everywhere(client, tree, learner):
    client.force_login(learner)
    for method, address, data in every_view(tree):
        response = getattr(client, method)(address, data)
        expected = 403 if address in (url("dashboard"), url("programme_create")) else 404
        assert response.status_code == expected, address
    assert_nothing_changed(tree)


def test_an_organiser_of_another_organisation_is_refused_everywhere(client, tree, outsider):
    client.force_login(outsider)
    for method, address, data in every_view(tree):
        if address == url("programme_create"):
            # Oscar may create programmes, but only for his own organisation.
            data = {**data, "organisation": tree.programme.organisation.pk}
            response = client.post(address, data)
            assert response.status_code == 200
            assert "Select a valid choice" in response.content.decode()
            continue
        response = getattr(client, method)(address, data)
        if address == url("dashboard"):
            assert response.status_code == 200
            assert "Listening to citizens" not in response.content.decode()
            continue
        assert response.status_code == 404, address
    assert_nothing_changed(tree)


def test_a_platform_admin_may_edit_every_programme(client, tree, admin):
    client.force_login(admin)
    assert client.get(url("programme", tree.programme.slug)).status_code == 200
    assert "Listening to citizens" in client.get(url("dashboard")).content.decode()


def test_a_part_of_another_programme_is_not_found_through_this_one(client, tree, organiser):
    client.force_login(organiser)
    elsewhere = ModuleFactory()  # another organisation's module
    own_slug = tree.programme.slug
    assert client.get(url("part_edit", own_slug, "modules", elsewhere.pk)).status_code == 404
    assert client.get(url("module", own_slug, elsewhere.pk)).status_code == 404
    response = client.post(url("part_move", own_slug, "modules", elsewhere.pk), {"direction": "up"})
    assert response.status_code == 404


def test_only_organisers_see_the_link_to_the_dashboard(client, organiser, learner):
    client.force_login(learner)
    assert url("dashboard") not in client.get("/").content.decode()
    client.force_login(organiser)
    assert url("dashboard") in client.get("/").content.decode()


# --- Dashboard ---------------------------------------------------------------------------------


def test_the_dashboard_lists_editable_programmes_with_status_and_translation_progress(
    client, tree, organiser
):
    programme = tree.programme
    programme.set_text("title", "fr", "Écouter les citoyens")
    programme.set_text("summary", "fr", "Comment écouter.")
    programme.save()
    programme.set_text("summary", "en", "How to listen, revised.")  # the French is now stale
    programme.save()
    ProgrammeFactory(title={"en": "Someone else’s"})  # another organisation's
    client.force_login(organiser)

    page = client.get(url("dashboard")).content.decode()

    assert "Listening to citizens" in page
    assert "Someone else’s" not in page
    assert "Draft" in page
    # 2 of the 10 French texts (programme 2, level 1, package 1, modules 2, unit 1, activities
    # 2 × 2 = 4 … counted below) are translated, one of them out of date.
    items = editing.programme_items(
        editing.prefetch_tree(Programme.objects.filter(pk=programme.pk)).get()
    )
    total = sum(
        1 for item in items for name in item.TRANSLATABLE_FIELDS
        if item.translation_state(name, "fr") != "source"
    )
    assert f"(2 of {total})" in page
    assert "1 out of date" in page
    assert url("programme_create") in page


def make_programme_tree(organisation, slug):
    programme = ProgrammeFactory(organisation=organisation, slug=slug, languages=["en", "de"])
    for level_index in range(2):
        level = LevelFactory(programme=programme)
        ModulePackage.objects.create(level=level, slug=f"p{level_index}", title={"en": "P"})
        for _ in range(2):
            module = ModuleFactory(level=level)
            unit = UnitFactory(module=module)
            ActivityFactory(unit=unit)
            ActivityFactory(unit=unit)


def dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url("dashboard")).status_code == 200
    return len(captured)


def test_the_dashboard_needs_the_same_number_of_queries_for_many_programmes(
    client, organisation, organiser, django_assert_max_num_queries
):
    client.force_login(organiser)
    make_programme_tree(organisation, "one")
    client.get(url("dashboard"))  # warm the session
    with_one = dashboard_queries(client)
    for index in range(4):
        make_programme_tree(organisation, f"more-{index}")
    with_five = dashboard_queries(client)
    assert with_five == with_one
    with django_assert_max_num_queries(17):
        client.get(url("dashboard"))


# --- Creating and editing a programme ----------------------------------------------------------


def programme_data(organisation, **overrides):
    data = {
        "title": "Deliberation in practice",
        "slug": "deliberation",
        "organisation": organisation.pk,
        "source_language": "en",
        "languages": ["fr"],
        "format": "blended",
        "summary": "Citizens’ assemblies, step by step.",
        "description": "",
        "audiences": ["local", "trainers"],
        "audience_note": "",
        "objectives": "",
        "duration": "6 weeks",
        "effort": "3 hours a week",
        "hours_per_week": "3",
        "fee": "120.00",
        "currency": "EUR",
        "payment_terms": "Invoice after registration.",
        "certificate_offered": "on",
        "tags": "deliberation, assemblies, deliberation",
    }
    data.update(overrides)
    return data


def test_an_organiser_creates_a_programme(client, organisation, organiser):
    client.force_login(organiser)
    form_page = client.get(url("programme_create")).content.decode()
    assert "Aarhus Municipality" in form_page

    response = client.post(url("programme_create"), programme_data(organisation))

    programme = Programme.objects.get(slug="deliberation")
    assert response.status_code == 302
    assert response["Location"] == url("programme", "deliberation")
    assert programme.organisation == organisation
    assert programme.status == Programme.Status.DRAFT
    assert programme.title.data == {"en": "Deliberation in practice"}
    assert programme.languages == ["en", "fr"]  # the source language is always one
    assert programme.audiences == ["local", "trainers"]
    assert programme.tags == ["deliberation", "assemblies"]
    assert programme.certificate_offered
    assert str(programme.fee) == "120.00"
    assert programme.text("duration", "en") == "6 weeks"


def test_an_address_is_made_from_the_title_when_left_empty(client, organisation, organiser):
    client.force_login(organiser)
    client.post(url("programme_create"), programme_data(organisation, slug=""))
    assert Programme.objects.filter(slug="deliberation-in-practice").exists()


def test_a_double_submitted_create_makes_one_programme(client, organisation, organiser):
    client.force_login(organiser)
    data = programme_data(organisation, slug="")
    first = client.post(url("programme_create"), data)
    second = client.post(url("programme_create"), data)
    assert first.status_code == 302
    assert second.status_code == 200
    assert "already uses the address" in second.content.decode()
    assert Programme.objects.count() == 1


def test_a_duplicate_address_is_refused_and_what_was_typed_is_kept(
    client, organisation, organiser, programme
):
    client.force_login(organiser)
    response = client.post(
        url("programme_create"), programme_data(organisation, slug=programme.slug)
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Another programme already uses the address" in page
    assert 'value="Deliberation in practice"' in page
    assert "Citizens’ assemblies, step by step." in page
    assert 'aria-invalid="true"' in page
    assert Programme.objects.count() == 1


def test_the_address_new_is_reserved(client, organisation, organiser):
    client.force_login(organiser)
    response = client.post(url("programme_create"), programme_data(organisation, slug="new"))
    assert response.status_code == 200
    assert not Programme.objects.exists()


def test_field_errors_are_shown_in_the_interface_language(client, organisation, organiser):
    client.force_login(organiser)
    data = programme_data(organisation, title="", slug="", currency="euro", fee="-1")
    response = client.post(url("programme_create"), data, HTTP_ACCEPT_LANGUAGE="fr")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Ce champ est obligatoire." in page
    assert 'id="id_title_error"' in page
    assert 'id="id_currency_error"' in page
    assert 'id="id_fee_error"' in page
    assert not Programme.objects.exists()


def test_editing_a_programme_changes_its_source_text_and_makes_translations_stale(
    client, organiser, programme
):
    programme.set_text("title", "fr", "Écouter les citoyens")
    programme.save()
    client.force_login(organiser)
    form_page = client.get(url("programme_edit", programme.slug)).content.decode()
    assert 'value="Listening to citizens"' in form_page

    data = programme_data(
        programme.organisation, title="Listening well", slug=programme.slug,
        source_language="fr",  # fixed once the programme exists: ignored
        languages=["fr"],
    )
    response = client.post(url("programme_edit", programme.slug), data)

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.source_language == "en"
    assert programme.title.data == {"en": "Listening well", "fr": "Écouter les citoyens"}
    assert programme.translation_state("title", "fr") == "stale"


def test_changing_the_address_leads_to_the_new_one(client, organiser, programme):
    client.force_login(organiser)
    data = programme_data(programme.organisation, slug="listening-well")
    response = client.post(url("programme_edit", programme.slug), data)
    assert response["Location"] == url("programme", "listening-well")


def test_a_programme_cannot_be_moved_to_an_organisation_the_organiser_is_not_in(
    client, organiser, programme
):
    client.force_login(organiser)
    other = OrganisationFactory()
    data = programme_data(other, slug=programme.slug)
    response = client.post(url("programme_edit", programme.slug), data)
    assert response.status_code == 200
    programme.refresh_from_db()
    assert programme.organisation != other


def test_writes_call_the_search_index(client, organiser, programme, monkeypatch):
    calls = []
    monkeypatch.setattr(editing, "reindex_programme", lambda changed: calls.append(changed.pk))
    client.force_login(organiser)

    client.post(url("programme_edit", programme.slug), programme_data(
        programme.organisation, slug=programme.slug
    ))
    client.post(url("part_create", programme.slug, "levels"), {"title": "Basic", "kind": "basic"})
    client.post(url("programme_translate", programme.slug, "fr"), {
        f"programme-{programme.pk}-title": "Écouter",
    })

    assert calls == [programme.pk] * 3


# --- Parts -------------------------------------------------------------------------------------


def test_the_programme_page_shows_the_curriculum(client, tree, organiser):
    client.force_login(organiser)
    page = client.get(url("programme", tree.programme.slug)).content.decode()
    assert page.index("First module") < page.index("Second module")
    assert "Electives" in page
    assert 'role="status"' in page
    assert "Move down" in page
    assert url("part_move", tree.programme.slug, "modules", tree.first.pk) in page


@pytest.mark.parametrize(
    ("segment", "parent", "data", "model"),
    [
        ("levels", None, {"title": "Advanced level", "kind": "advanced"}, Level),
        ("packages", "level", {"title": "Optional modules"}, ModulePackage),
        ("modules", "level", {"title": "Third module", "required": "on"}, Module),
        ("units", "first", {"title": "Week two", "kind": "week"}, Unit),
        ("activities", "unit",
         {"title": "Quiz", "kind": "quiz", "estimated_minutes": "10", "body": "**Go**"}, Activity),
    ],
)
def test_an_organiser_adds_each_kind_of_part_at_the_end_of_its_list(
    client, tree, organiser, segment, parent, data, model
):
    client.force_login(organiser)
    slug = tree.programme.slug
    address = (
        url("part_create", slug, segment) if parent is None
        else url("part_create_in", slug, segment, getattr(tree, parent).pk)
    )
    assert client.get(address).status_code == 200

    response = client.post(address, data)

    assert response.status_code == 302
    created = model.objects.get(title__contains=data["title"])
    assert created.title.data == {"en": data["title"]}
    assert created.slug  # made from the title
    siblings = model.objects.exclude(pk=created.pk)
    assert all(created.order > other.order for other in siblings if other.order is not None)


def test_a_module_is_edited(client, tree, organiser):
    client.force_login(organiser)
    address = url("part_edit", tree.programme.slug, "modules", tree.first.pk)
    assert 'value="First module"' in client.get(address).content.decode()

    response = client.post(address, {
        "title": "Opening module", "slug": "first", "package": tree.package.pk,
        "objectives": "You can *listen*.",
    })

    assert response["Location"] == url("module", tree.programme.slug, tree.first.pk)
    tree.first.refresh_from_db()
    assert tree.first.title.data == {"en": "Opening module"}
    assert tree.first.package == tree.package
    assert tree.first.text("objectives", "en") == "You can *listen*."


def test_a_duplicate_address_within_a_list_is_refused(client, tree, organiser):
    client.force_login(organiser)
    slug = tree.programme.slug
    response = client.post(
        url("part_create_in", slug, "modules", tree.level.pk), {"title": "Another", "slug": "first"}
    )
    assert response.status_code == 200
    assert "is already used here" in response.content.decode()
    assert 'value="Another"' in response.content.decode()
    other_level = LevelFactory(programme=tree.programme, slug="advanced")
    response = client.post(
        url("part_create_in", slug, "modules", other_level.pk),
        {"title": "Another", "slug": "first"},
    )
    assert response.status_code == 302


def test_a_double_submitted_part_is_created_once(client, tree, organiser):
    client.force_login(organiser)
    address = url("part_create_in", tree.programme.slug, "units", tree.first.pk)
    client.post(address, {"title": "Week two", "kind": "week"})
    client.post(address, {"title": "Week two", "kind": "week"})
    assert tree.first.units.filter(slug="week-two").count() == 1


def test_an_activity_needs_a_known_type_and_a_title(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(
        url("part_create_in", tree.programme.slug, "activities", tree.unit.pk),
        {"title": "", "kind": "telepathy", "estimated_minutes": "-5"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_title_error"' in page
    assert 'id="id_kind_error"' in page
    assert 'id="id_estimated_minutes_error"' in page
    assert tree.unit.activities.count() == 2


def test_a_module_cannot_join_a_package_of_another_level(client, tree, organiser):
    client.force_login(organiser)
    other_level = LevelFactory(programme=tree.programme, slug="advanced")
    foreign = ModulePackage.objects.create(level=other_level, slug="x", title={"en": "X"})
    response = client.post(
        url("part_edit", tree.programme.slug, "modules", tree.first.pk),
        {"title": "First module", "slug": "first", "package": foreign.pk},
    )
    assert response.status_code == 200
    tree.first.refresh_from_db()
    assert tree.first.package is None


def test_a_part_is_deleted_after_confirmation(client, tree, organiser):
    client.force_login(organiser)
    address = url("part_delete", tree.programme.slug, "units", tree.unit.pk)
    page = client.get(address).content.decode()
    assert "Delete “Week one”?" in page
    assert Unit.objects.filter(pk=tree.unit.pk).exists()

    response = client.post(address)

    assert response["Location"] == url("module", tree.programme.slug, tree.first.pk)
    assert not Unit.objects.filter(pk=tree.unit.pk).exists()
    assert not Activity.objects.filter(pk=tree.reading.pk).exists()


def button(page: str, dom_id: str) -> str:
    """The opening tag of the button with ``id=dom_id`` in ``page``."""
    found = re.search(rf'<button[^>]*\bid="{dom_id}"[^>]*>', page)
    assert found, f"no button #{dom_id}"
    return found.group(0)


# --- Order -------------------------------------------------------------------------------------


def test_moving_a_module_down_with_its_button(client, tree, organiser):
    client.force_login(organiser)
    slug = tree.programme.slug

    response = client.post(url("part_move", slug, "modules", tree.first.pk), {"direction": "down"})

    assert list(tree.level.modules.order_by("order")) == [tree.second, tree.first]
    assert response.status_code == 302
    # Back to the list, the keyboard on the button pressed (or the other one at an end).
    assert response["Location"] == (
        f"{url('programme', slug)}?focus=move-up-modules-{tree.first.pk}#modules-{tree.first.pk}"
    )
    page = client.get(response["Location"]).content.decode()
    assert "“First module” is now at position 2 of 2." in page
    assert "autofocus" in button(page, f"move-up-modules-{tree.first.pk}")


def test_moving_an_activity_up_with_htmx_answers_with_the_list_and_a_status(
    client, tree, organiser
):
    client.force_login(organiser)
    response = client.post(
        url("part_move", tree.programme.slug, "activities", tree.video.pk),
        {"direction": "up"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert list(tree.unit.activities.order_by("order")) == [tree.video, tree.reading]
    assert page.startswith('<section id="structure"')
    assert 'id="authoring-status" hx-swap-oob="innerHTML"' in page
    assert "“Watch” is now at position 1 of 2." in page
    assert "autofocus" in button(page, f"move-down-activities-{tree.video.pk}")
    assert "autofocus" not in button(page, f"move-up-activities-{tree.reading.pk}")


def test_moving_the_first_item_up_keeps_it_first(client, tree, organiser):
    client.force_login(organiser)
    address = url("part_move", tree.programme.slug, "modules", tree.first.pk)
    client.post(address, {"direction": "up"})
    assert list(tree.level.modules.order_by("order")) == [tree.first, tree.second]


def test_a_move_needs_a_direction(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(url("part_move", tree.programme.slug, "modules", tree.first.pk))
    assert response.status_code == 400


def test_moving_is_post_only(client, tree, organiser):
    client.force_login(organiser)
    response = client.get(url("part_move", tree.programme.slug, "modules", tree.first.pk))
    assert response.status_code == 405


def test_units_and_levels_move_too(client, tree, organiser):
    client.force_login(organiser)
    slug = tree.programme.slug
    second_unit = UnitFactory(module=tree.first, slug="week-2", order=1)
    second_level = LevelFactory(programme=tree.programme, slug="advanced", order=1)
    client.post(url("part_move", slug, "units", second_unit.pk), {"direction": "up"})
    client.post(url("part_move", slug, "levels", second_level.pk), {"direction": "up"})
    assert list(tree.first.units.order_by("order")) == [second_unit, tree.unit]
    assert list(tree.programme.levels.order_by("order")) == [second_level, tree.level]


def test_dragging_posts_the_new_order_of_a_list(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(
        url("part_reorder_in", tree.programme.slug, "activities", tree.unit.pk),
        {"ids": f"{tree.video.pk},{tree.reading.pk}"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "The new order was saved." in response.content.decode()
    assert list(tree.unit.activities.order_by("order")) == [tree.video, tree.reading]


def test_a_new_order_sent_without_htmx_leads_back_to_the_list(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(
        url("part_reorder_in", tree.programme.slug, "modules", tree.level.pk),
        {"ids": [str(tree.second.pk), str(tree.first.pk)]},
    )
    assert response.status_code == 302
    back = url("programme", tree.programme.slug)
    assert response["Location"] == f"{back}#modules-in-{tree.level.pk}"
    assert list(tree.level.modules.order_by("order")) == [tree.second, tree.first]


def test_dragging_refuses_items_of_another_list(client, tree, organiser):
    client.force_login(organiser)
    stranger = ModuleFactory(level=LevelFactory(programme=tree.programme, slug="advanced"))
    response = client.post(
        url("part_reorder_in", tree.programme.slug, "modules", tree.level.pk),
        {"ids": f"{stranger.pk},{tree.second.pk},{tree.first.pk}"},
    )
    assert response.status_code == 400
    assert list(tree.level.modules.order_by("order")) == [tree.first, tree.second]


def test_dragging_refuses_what_is_not_a_list_of_ids(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(
        url("part_reorder_in", tree.programme.slug, "modules", tree.level.pk), {"ids": "1,x"}
    )
    assert response.status_code == 400


def test_reorder_puts_siblings_in_the_given_order(tree):
    third = ModuleFactory(level=tree.level, order=2)
    editing.reorder(tree.level.modules.all(), [third.pk, tree.first.pk, tree.second.pk])
    assert list(tree.level.modules.order_by("order")) == [third, tree.first, tree.second]


def test_reorder_keeps_unnamed_siblings_after_the_named_ones(tree):
    third = ModuleFactory(level=tree.level, order=2)
    editing.reorder(tree.level.modules.all(), [third.pk])
    assert list(tree.level.modules.order_by("order")) == [third, tree.first, tree.second]


@pytest.mark.parametrize("bad", ["stranger", "duplicate"])
def test_reorder_refuses_ids_that_are_not_siblings_once_each(tree, bad):
    stranger = ModuleFactory()
    ids = [stranger.pk, tree.first.pk] if bad == "stranger" else [tree.first.pk, tree.first.pk]
    with pytest.raises(editing.NotSiblings):
        editing.reorder(tree.level.modules.all(), ids)
    assert list(tree.level.modules.order_by("order")) == [tree.first, tree.second]


# --- Translations side by side -----------------------------------------------------------------


def test_the_translation_page_shows_each_source_text_beside_its_translation(
    client, tree, organiser
):
    programme = tree.programme
    programme.set_text("summary", "fr", "Comment écouter.")
    programme.save()
    programme.set_text("summary", "en", "How to listen well.")
    programme.save()
    client.force_login(organiser)

    page = client.get(url("programme_translate", programme.slug, "fr")).content.decode()

    assert "Listening to citizens" in page  # source, read-only
    assert "Missing" in page  # the title has no French yet
    assert "Out of date: the source changed" in page  # the summary's source changed
    assert f'name="programme-{programme.pk}-summary-confirm"' in page
    assert "Basic level" in page and "Electives" in page
    assert url("module_translate", programme.slug, tree.first.pk, "fr") in page
    assert 'lang="fr"' in page


def test_saving_a_translation_records_its_source(client, tree, organiser):
    programme = tree.programme
    client.force_login(organiser)

    response = client.post(url("programme_translate", programme.slug, "fr"), {
        f"programme-{programme.pk}-title": "Écouter les citoyens",
        f"level-{tree.level.pk}-title": "Niveau de base",
    })

    assert response.status_code == 302
    programme.refresh_from_db()
    tree.level.refresh_from_db()
    assert programme.text("title", "fr") == "Écouter les citoyens"
    assert programme.translation_digests["title"]["fr"] == source_digest("Listening to citizens")
    assert programme.translation_state("title", "fr") == "current"
    assert tree.level.translation_state("title", "fr") == "current"
    assert programme.title.data["en"] == "Listening to citizens"
    page = client.get(response["Location"]).content.decode()
    assert "Up to date" in page


def test_a_stale_translation_can_be_confirmed_unchanged(client, tree, organiser):
    programme = tree.programme
    programme.set_text("summary", "fr", "Comment écouter.")
    programme.save()
    programme.set_text("summary", "en", "How to listen well.")
    programme.save()
    client.force_login(organiser)
    address = url("programme_translate", programme.slug, "fr")
    key = f"programme-{programme.pk}-summary"

    client.post(address, {key: "Comment écouter."})  # unchanged, not confirmed: still stale
    programme.refresh_from_db()
    assert programme.translation_state("summary", "fr") == "stale"

    client.post(address, {key: "Comment écouter.", f"{key}-confirm": "on"})
    programme.refresh_from_db()
    assert programme.translation_state("summary", "fr") == "current"


def test_emptying_a_translation_removes_it(client, tree, organiser):
    programme = tree.programme
    programme.set_text("title", "fr", "Écouter")
    programme.save()
    client.force_login(organiser)
    client.post(url("programme_translate", programme.slug, "fr"), {
        f"programme-{programme.pk}-title": "",
    })
    programme.refresh_from_db()
    assert programme.translation_state("title", "fr") == "missing"


def test_texts_missing_from_the_sent_form_are_left_alone(client, tree, organiser):
    programme = tree.programme
    programme.set_text("title", "fr", "Écouter")
    programme.save()
    client.force_login(organiser)
    client.post(url("programme_translate", programme.slug, "fr"), {
        f"level-{tree.level.pk}-title": "Niveau de base",
    })
    programme.refresh_from_db()
    assert programme.text("title", "fr") == "Écouter"


def test_a_module_is_translated_on_its_own_page(client, tree, organiser):
    client.force_login(organiser)
    address = url("module_translate", tree.programme.slug, tree.first.pk, "fr")
    page = client.get(address).content.decode()
    assert "Week one" in page and "Read" in page and "Some **Markdown**." in page

    client.post(address, {
        f"module-{tree.first.pk}-title": "Premier module",
        f"activity-{tree.reading.pk}-body": "Du **Markdown**.",
    })

    tree.first.refresh_from_db()
    tree.reading.refresh_from_db()
    assert tree.first.text("title", "fr") == "Premier module"
    assert tree.reading.translation_state("body", "fr") == "current"
    assert tree.reading.translation_state("title", "fr") == "missing"


@pytest.mark.parametrize("language", ["en", "de", "xx"])
def test_only_the_programmes_other_languages_can_be_translated(
    client, tree, organiser, language
):
    client.force_login(organiser)
    response = client.get(url("programme_translate", tree.programme.slug, language))
    assert response.status_code == 404


# --- Preview -----------------------------------------------------------------------------------


def test_the_preview_shows_a_draft_as_learners_will_see_it(client, tree, organiser):
    programme = tree.programme
    programme.set_text("description", "en", "Read **this**.\n\n<script>alert(1)</script>")
    programme.save()
    client.force_login(organiser)

    page = client.get(url("programme_preview", programme.slug)).content.decode()

    assert "preview-banner" in page and "Preview" in page
    assert "Learners cannot see it until it is published." in page
    assert "<em>listen</em>" in page  # Markdown rendered
    assert "<strong>this</strong>" in page
    assert "<script>alert" not in page
    assert "First module" in page and "Basic level" in page
    assert url("module_preview", programme.slug, tree.first.pk) in page


def test_the_preview_can_show_a_translation(client, tree, organiser):
    programme = tree.programme
    programme.set_text("title", "fr", "Écouter les citoyens")
    programme.save()
    client.force_login(organiser)
    page = client.get(url("programme_preview", programme.slug) + "?language=fr").content.decode()
    assert '<h1 lang="fr">Écouter les citoyens</h1>' in page
    # The summary has no French: it falls back to English, marked as such.
    assert 'lang="en"><p>How to <em>listen</em>.</p>' in page


def test_the_module_preview_renders_its_activities(client, tree, organiser):
    tree.reading.set_text("body", "en", "A [link](javascript:alert(1)) and *emphasis*.")
    tree.reading.save()
    client.force_login(organiser)
    page = client.get(url("module_preview", tree.programme.slug, tree.first.pk)).content.decode()
    assert "preview-banner" in page
    assert "Week one" in page and "Watch" in page
    assert "<em>emphasis</em>" in page
    assert 'href="javascript:' not in page
    assert "15 minutes" in page


# --- Publishing --------------------------------------------------------------------------------


def test_publishing_asks_for_confirmation_then_publishes(client, tree, organiser):
    client.force_login(organiser)
    address = url("programme_status", tree.programme.slug, "publish")
    page = client.get(address).content.decode()
    assert "Everyone will see it in the catalogue." in page
    tree.programme.refresh_from_db()
    assert tree.programme.status == Programme.Status.DRAFT

    response = client.post(address)

    assert response["Location"] == url("programme", tree.programme.slug)
    tree.programme.refresh_from_db()
    assert tree.programme.status == Programme.Status.PUBLISHED
    assert tree.programme.published_at is not None


def test_publishing_needs_a_level_with_a_module(client, programme, organiser):
    LevelFactory(programme=programme)  # a level, but no module
    client.force_login(organiser)
    address = url("programme_status", programme.slug, "publish")
    assert "at least one level with at least one module" in client.get(address).content.decode()

    response = client.post(address)

    assert response.status_code == 400
    assert "The programme cannot be published yet" in response.content.decode()
    programme.refresh_from_db()
    assert programme.status == Programme.Status.DRAFT


def test_publishing_needs_a_title(tree):
    Programme.objects.filter(pk=tree.programme.pk).update(title={"en": ""})
    with pytest.raises(editing.NotPublishable) as refused:
        editing.publish(tree.programme)
    assert [str(problem) for problem in refused.value.problems] == [
        "The programme needs a title."
    ]


def test_unpublishing_and_archiving(client, tree, organiser):
    client.force_login(organiser)
    slug = tree.programme.slug
    client.post(url("programme_status", slug, "publish"))
    client.post(url("programme_status", slug, "unpublish"))
    tree.programme.refresh_from_db()
    assert tree.programme.status == Programme.Status.DRAFT
    client.post(url("programme_status", slug, "archive"))
    tree.programme.refresh_from_db()
    assert tree.programme.status == Programme.Status.ARCHIVED


def test_a_status_that_is_already_there_changes_nothing(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(url("programme_status", tree.programme.slug, "unpublish"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "The programme is already Draft." in page


def test_an_unknown_status_action_is_not_found(client, tree, organiser):
    client.force_login(organiser)
    response = client.post(url("programme_status", tree.programme.slug, "explode"))
    assert response.status_code == 404
