"""A P5 learner's course, end to end in a real browser, on the demo programme and cohort.

In the practitioners' stream of the running bilingual P5 cohort, a learner watches a captioned
video, takes the week-1 quiz (fails, retries, passes), hands in the engagement plan, which
completes the course; the facilitator sends feedback; the learner reads it, downloads the PDF
certificate and the Open Badges credential; the credential verifies, an organiser revokes it,
and it then reports revoked. axe-core checks every page.

What the learner did before this afternoon (the other required activities of the stream) is
recorded in the set-up, through the same ``complete_activity`` the pages call.
"""

import json
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from playwright.sync_api import expect

from agora.accounts import demo as accounts_demo
from agora.accounts.models import Membership, User
from agora.assignments import demo as assignments_demo
from agora.catalogue import demo as catalogue_demo
from agora.catalogue.models import Activity
from agora.delivery import demo as delivery_demo
from agora.delivery.models import Enrolment, Stream, StreamActivity
from agora.learning import scope
from agora.learning.progress import complete_activity
from agora.quizzes.models import Attempt, Question
from tests.factories import UserFactory

pytestmark = pytest.mark.browser
CLIP = Path(__file__).resolve().parent.parent / "learning" / "clip.webm"
P5_PROGRAMME = "public-engagement-mooc"
WEEK_1 = "week-1-why-engage"
WEEK_2 = "week-2-strategy-and-planning"


def activity(module: str, slug: str) -> Activity:
    return Activity.objects.get(
        unit__module__level__programme__slug=P5_PROGRAMME, unit__module__slug=module, slug=slug
    )


@pytest.fixture
def journey(transactional_db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    assignments_demo.load()
    video = activity(WEEK_1, "managers-briefing")
    default_storage.save(
        f"programmes/{P5_PROGRAMME}/media/briefing.webm", ContentFile(CLIP.read_bytes())
    )
    video.media = {**video.media, "video": "media/briefing.webm"}
    video.save()
    quiz, plan = activity(WEEK_1, "quiz"), activity(WEEK_2, "engagement-plan")
    # One question type this test does not drive (ordering) leaves the bank it draws from.
    Question.objects.filter(module=quiz.unit.module, kind="ordering").delete()

    stream = Stream.objects.get(cohort__slug=delivery_demo.P5_SLUG, slug="practitioners")
    StreamActivity.objects.update_or_create(
        stream=stream, activity=plan, defaults={"requirement": "required"}
    )
    learner = UserFactory(full_name="Paulo Practitioner", preferred_language="en")
    enrolment = Enrolment.objects.create(
        cohort=stream.cohort, user=learner, stream=stream, language="en",
        status=Enrolment.Status.CONFIRMED,
    )  # fmt: skip
    enrolment = Enrolment.objects.select_related("cohort", "stream").get(pk=enrolment.pk)
    for earlier in scope.required_activities(enrolment).exclude(pk__in=[quiz.pk, plan.pk]):
        complete_activity(enrolment, earlier)
    return enrolment, video, quiz, plan


def staff_member(email: str) -> User:
    """A demo staff account, in English for this test (the demo facilitator reads French)."""
    user = User.objects.get(email=email)
    user.remember_language("en")
    Authenticator.objects.get_or_create(
        user=user, type=Authenticator.Type.TOTP, defaults={"data": {}}
    )
    return user


def answer_quiz(visitor, enrolment, quiz, *, right: bool) -> None:
    """Answer every drawn question of the attempt under way, rightly or wrongly."""
    page = visitor.page
    attempt = Attempt.objects.get(enrolment=enrolment, quiz__activity=quiz, submitted_at=None)
    for number, drawn in enumerate(attempt.drawn, start=1):
        question = Question.objects.get(pk=drawn["question"])
        version = question.version("en", "en")
        fieldset = page.locator(f"#question-{number}")
        if question.kind == "true_false":
            label = "True" if version["answer"] is right else "False"
        else:
            weights = [100] if right else [0]
            label = next(o["text"] for o in version["options"] if o["weight"] in weights)
        fieldset.get_by_label(label, exact=True).check()
        expect(page.locator(f"#question-{number}-status")).to_have_text("Answer saved.")
    visitor.check_accessibility()


def download(page, link) -> bytes:
    with page.expect_download() as info:
        link.click()
    return Path(info.value.path()).read_bytes()


def test_a_practitioner_completes_p5_and_the_certificate_is_verified_then_revoked(
    open_visitor, live_server, journey
):
    enrolment, video, quiz, plan = journey
    cohort = enrolment.cohort
    paulo = open_visitor().sign_in_as(enrolment.user)
    page = paulo.page

    # Watch the captioned video to the end.
    paulo.visit(f"/learn/{cohort.slug}/activities/{video.pk}/")
    expect(page.locator("track[kind=captions][srclang=fr]")).to_have_count(1)
    expect(page.locator("track[kind=captions][srclang=en][default]")).to_have_count(1)
    with page.expect_navigation():
        page.locator("video").evaluate("video => { video.muted = true; return video.play(); }")
    paulo.check_accessibility()
    expect(page.locator("#activity-status")).to_have_text("Done")

    # The quiz: fail, retry, pass.
    paulo.visit(f"/learn/{cohort.slug}/activities/{quiz.pk}/")
    paulo.follow(page.get_by_role("button", name="Start the quiz"))
    answer_quiz(paulo, enrolment, quiz, right=False)
    paulo.follow(page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_text("You did not pass this time.")).to_be_visible()
    paulo.follow(page.get_by_role("button", name="Try again"))
    answer_quiz(paulo, enrolment, quiz, right=True)
    paulo.follow(page.get_by_role("button", name="Submit my answers"))
    expect(page.get_by_text("You passed: this activity is done.")).to_be_visible()

    # Hand in the engagement plan: the last required activity, so the course is complete.
    paulo.visit(f"/learn/{cohort.slug}/activities/{plan.pk}/")
    page.get_by_label("Your answer").fill(
        "Decision: the council's 2028 mobility plan. We will **involve** residents of the "
        "three affected districts in two workshops, with childcare and interpretation."
    )
    paulo.follow(page.get_by_role("button", name="Submit"))
    expect(page.get_by_text("Your work was handed in.")).to_be_visible()
    paulo.visit(f"/learn/{cohort.slug}/")
    expect(page.get_by_text("Completed on")).to_be_visible()

    # The facilitator grades it with the rubric and writes feedback.
    felix = open_visitor().sign_in_as(staff_member("facilitator@agora.example"))
    felix.visit(f"/assignments/{cohort.slug}/grading/")
    grader = felix.page
    felix.follow(grader.get_by_role("link", name="Paulo Practitioner"))
    for criterion, level in (
        ("Purpose and audience", "Precise and justified (4)"),
        ("Inclusion of those affected", "Thorough (4)"),
        ("Feasibility", "Plausible (1)"),
    ):
        grader.get_by_role("group", name=criterion).get_by_label(level).check()
    grader.get_by_label("Feedback").fill("A clear promise. Add *dates* for the workshops.")
    felix.follow(grader.get_by_role("button", name="Save the grade"))
    expect(grader.get_by_text("The grade was saved and the learner was told.")).to_be_visible()

    # The learner reads the feedback, then takes the certificate and the credential.
    paulo.visit(f"/learn/{cohort.slug}/activities/{plan.pk}/")
    expect(page.locator("section.feedback")).to_contain_text("9 of 10 points")
    expect(page.locator("section.feedback em")).to_have_text("dates")
    paulo.visit("/certificates/")
    pdf = download(page, page.get_by_role("link", name="Download the certificate (PDF)"))
    assert pdf.startswith(b"%PDF-")
    credential = json.loads(
        download(page, page.get_by_role("link", name="Open Badges credential (JSON)"))
    )
    assert "OpenBadgeCredential" in credential["type"]
    assert credential["credentialSubject"]["achievement"]["name"]
    paulo.follow(page.get_by_role("link", name="See the public verification page"))
    expect(page.get_by_role("status")).to_contain_text("Valid")
    expect(page.get_by_text("Paulo Practitioner")).to_be_visible()
    verify_url = page.url

    # An organiser revokes it; the public page and the API then say revoked.
    organiser = staff_member("organiser@agora.example")
    Membership.objects.create(  # the demo organiser works for P1's school; here for P5's too
        user=organiser,
        organisation=cohort.programme.organisation,
        role=Membership.Role.ORGANISER,
    )
    olga = open_visitor().sign_in_as(organiser)
    olga.visit(f"/certificates/manage/cohorts/{cohort.slug}/")
    olga.follow(olga.page.get_by_role(
        "link", name="Revoke the certificate of Paulo Practitioner"
    ))  # fmt: skip
    olga.page.get_by_label("Reason").fill("Handed in someone else's plan")
    olga.follow(olga.page.get_by_role("button", name="Revoke the certificate"))
    paulo.visit(verify_url)
    expect(page.get_by_role("status")).to_contain_text("Revoked")
    public_id = verify_url.rstrip("/").rsplit("/", 1)[-1]
    answer = page.request.get(f"{live_server.url}/api/v1/credentials/{public_id}/verify")
    assert answer.json()["status"] == "revoked"
