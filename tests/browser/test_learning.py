"""Learning in a real browser: a captioned video played to the end, the course outline, the
progress page and the facilitators' gradebook, with axe-core on every page."""

from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from agora.delivery.models import CohortStaff, StreamActivity
from agora.learning.models import ActivityProgress
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    StreamFactory,
    UnitFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser
CLIP = Path(__file__).resolve().parent.parent / "learning" / "clip.webm"


@pytest.fixture
def course(transactional_db):
    cohort = CohortFactory(languages=["en", "fr"])
    stream = StreamFactory(cohort=cohort, weekly_minutes=120)
    unit = UnitFactory(module__level__programme=cohort.programme, title={"en": "Week 1"})
    slug = cohort.programme.slug
    default_storage.save(f"programmes/{slug}/media/clip.webm", ContentFile(CLIP.read_bytes()))
    default_storage.save(
        f"programmes/{slug}/media/clip.en.vtt",
        ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nA decision comes first.\n"),
    )
    video = ActivityFactory(
        unit=unit, kind="video", title={"en": "Why engage?"}, order=1,
        media={"video": "media/clip.webm", "captions": {"en": "media/clip.en.vtt"}},
    )  # fmt: skip
    reading = ActivityFactory(unit=unit, kind="reading", title={"en": "Key ideas"}, order=2)
    for activity in (video, reading):
        StreamActivity.objects.create(stream=stream, activity=activity, requirement="required")
    learner = EnrolmentFactory(
        cohort=cohort, stream=stream, user=UserFactory(full_name="Lena Learner")
    )
    return cohort, learner, video


def test_a_learner_watches_a_captioned_video_to_the_end(visitor, client, live_server, course):
    cohort, learner, video = course
    visitor.sign_in_as(learner.user)
    page = visitor.page

    visitor.visit(f"/learn/{cohort.slug}/")
    expect(page.get_by_text("0 of 2 required activities done")).to_be_visible()
    visitor.follow(page.get_by_role("link", name="Continue: Why engage?"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Why engage?")
    expect(page.locator("track[kind=captions][srclang=en]")).to_have_count(1)
    expect(page.get_by_text("A decision comes first.")).to_be_visible()  # the transcript
    player = page.locator("video")
    with page.expect_navigation():  # the page reloads once the video has ended
        player.evaluate("video => { video.muted = true; return video.play(); }")
    visitor.check_accessibility()
    expect(page.locator("#activity-status")).to_contain_text("Done")
    assert ActivityProgress.objects.get(activity=video).completed_at is not None

    visitor.follow(page.get_by_role("link", name="Next activity"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Key ideas")
    visitor.follow(page.get_by_role("link", name="Course outline"))
    expect(page.get_by_text("2 of 2 required activities done")).to_be_visible()
    expect(page.get_by_text("Completed on")).to_be_visible()
    visitor.follow(page.get_by_role("link", name="My progress in detail"))
    expect(page.get_by_role("heading", name="Time spent per week")).to_be_visible()


def test_a_facilitator_reads_the_gradebook(visitor, client, live_server, course):
    cohort, learner, _video = course
    facilitator = UserFactory()
    Authenticator.objects.create(user=facilitator, type=Authenticator.Type.TOTP, data={})
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role=CohortStaff.Role.FACILITATOR)
    visitor.sign_in_as(facilitator)

    visitor.visit(f"/learn/{cohort.slug}/gradebook/")
    page = visitor.page
    expect(page.get_by_role("row", name="Lena Learner")).to_be_visible()
    page.get_by_label("Name or e-mail").fill("nobody-matches")
    visitor.follow(page.get_by_role("button", name="Filter"))
    expect(page.get_by_text("No learner matches.")).to_be_visible()
