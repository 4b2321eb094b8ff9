"""An organiser edits a programme in the browser: a module's title, the order of modules (by
keyboard), a translation side by side, the learner's preview, and publishing it."""

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import expect

from agora.catalogue.models import Programme
from tests.factories import (
    ActivityFactory,
    LevelFactory,
    ModuleFactory,
    OrganisationFactory,
    OrganiserFactory,
    ProgrammeFactory,
    UnitFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def programme(transactional_db):
    organisation = OrganisationFactory(name="Aarhus Municipality")
    programme = ProgrammeFactory(
        organisation=organisation,
        slug="listening",
        title={"en": "Listening to citizens"},
        summary={"en": "How to *listen* to the people you serve."},
        languages=["en", "fr"],
        status=Programme.Status.DRAFT,
    )
    level = LevelFactory(programme=programme, slug="basic", title={"en": "Basic level"})
    first = ModuleFactory(level=level, slug="first", title={"en": "First module"}, order=0)
    ModuleFactory(level=level, slug="second", title={"en": "Second module"}, order=1)
    unit = UnitFactory(module=first, title={"en": "Week one"})
    ActivityFactory(unit=unit, title={"en": "Read the guide"}, body={"en": "Some **bold** advice."})
    return programme


@pytest.fixture
def organiser(programme):
    user = OrganiserFactory(organisation=programme.organisation, user__full_name="Olga").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def module_titles(programme):
    level = programme.levels.get()
    return [module.title.data["en"] for module in level.modules.order_by("order")]


def test_an_organiser_edits_reorders_translates_previews_and_publishes(
    visitor, client, live_server, programme, organiser
):
    page = visitor.page
    visitor.sign_in_as(organiser)

    # From the header to the dashboard, and on to the programme.
    visitor.visit("/")
    visitor.follow(page.get_by_role("navigation", name="Main").get_by_role("link", name="Organise"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Organise programmes")
    expect(page.get_by_role("row", name=re.compile("Listening to citizens"))).to_contain_text(
        "Draft"
    )
    visitor.follow(page.get_by_role("link", name="Listening to citizens"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Listening to citizens")

    # Edit the first module's title.
    visitor.follow(page.get_by_role("link", name="First module", exact=True))
    visitor.follow(page.get_by_role("link", name="Edit module"))
    page.get_by_label("Title").fill("Opening module")
    visitor.follow(page.get_by_role("button", name="Save"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Opening module")
    expect(page.get_by_role("status").first).to_contain_text("Your changes were saved.")

    # Move it below the second module, with the keyboard only.
    visitor.follow(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name="Listening to citizens"
        )
    )
    move_down = page.get_by_role("button", name="Move down: Opening module")
    move_down.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#authoring-status")).to_have_text(
        "“Opening module” is now at position 2 of 2."
    )
    # The keyboard stays with the module: on its other button, now that it is last.
    expect(page.get_by_role("button", name="Move up: Opening module")).to_be_focused()
    modules = page.locator("#structure ol.tree:not(.tree-level) > li .item-title a")
    expect(modules).to_have_text(["Second module", "Opening module"])
    visitor.check_accessibility()
    assert module_titles(programme) == ["Second module", "Opening module"]

    # Translate the programme's title into French, beside its English source.
    visitor.follow(page.get_by_role("link", name="Translate into français"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Translate into français")
    title_field = page.locator(f"#id_programme-{programme.pk}-title")
    expect(page.locator(f"#id_programme-{programme.pk}-title_state")).to_contain_text("Missing")
    expect(page.locator(f"#id_programme-{programme.pk}-title_source")).to_have_text(
        "Listening to citizens"
    )
    title_field.fill("Écouter les citoyens")
    visitor.follow(page.get_by_role("button", name="Save translations"))
    expect(page.locator(f"#id_programme-{programme.pk}-title_state")).to_contain_text("Up to date")
    programme.refresh_from_db()
    assert programme.translation_state("title", "fr") == "current"

    # Preview it as a learner, in French.
    visitor.follow(
        page.get_by_role("navigation", name="Breadcrumb").get_by_role(
            "link", name="Listening to citizens"
        )
    )
    visitor.follow(page.get_by_role("link", name="Preview as a learner"))
    expect(page.get_by_role("note")).to_contain_text("Preview")
    expect(page.get_by_role("heading", level=1)).to_have_text("Listening to citizens")
    expect(page.locator("article em")).to_have_text("listen")
    visitor.follow(page.get_by_role("note").get_by_role("link", name="français"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Écouter les citoyens")
    visitor.follow(page.get_by_role("link", name="Back to editing"))

    # Publish, after confirming.
    visitor.follow(page.get_by_role("link", name="Publish", exact=True))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish")
    visitor.follow(page.get_by_role("main").get_by_role("button", name="Publish"))
    expect(page.get_by_role("status").first).to_contain_text("The programme is published.")
    expect(page.locator("main .status")).to_have_text("Published")
    programme.refresh_from_db()
    assert programme.status == Programme.Status.PUBLISHED


def test_an_organiser_reorders_modules_by_dragging(
    visitor, client, live_server, programme, organiser
):
    page = visitor.page
    visitor.sign_in_as(organiser)
    visitor.visit(f"/organise/{programme.slug}/")
    level = programme.levels.get()
    second = level.modules.get(slug="second")

    handles = page.locator(f'[data-handle-for="modules-in-{level.pk}"]')
    expect(handles.first).to_be_visible()  # shown only when scripts run
    handles.nth(1).drag_to(handles.nth(0))

    expect(page.locator("#authoring-status")).to_have_text("The new order was saved.")
    assert module_titles(programme) == ["Second module", "First module"]
    expect(page.locator(f"#modules-{second.pk}")).to_be_visible()
    visitor.check_accessibility()
