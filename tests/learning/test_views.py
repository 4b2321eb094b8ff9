"""The learner's pages: who may open them, what the players show, what they record."""

from datetime import UTC, datetime, timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from agora.delivery.models import CohortStaff, Enrolment, ScheduledSession, StreamActivity
from agora.learning.models import ActivityProgress, WeeklyTime
from tests.factories import ActivityFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def url(course, activity, suffix=""):
    return f"/learn/{course.cohort.slug}/activities/{activity.pk}/{suffix}"


@pytest.fixture
def learner_client(client, course):
    client.force_login(course.enrolment.user)
    return client


def test_anonymous_visitors_are_sent_to_log_in(client, course):
    response = client.get(url(course, course.reading))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_another_cohort_s_learner_is_refused(client, course):
    stranger = EnrolmentFactory()  # enrolled elsewhere
    client.force_login(stranger.user)
    assert client.get(url(course, course.reading)).status_code == 404
    assert client.get(f"/learn/{course.cohort.slug}/").status_code == 404


def test_a_withdrawn_learner_is_refused(client, course):
    Enrolment.objects.filter(pk=course.enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    client.force_login(course.enrolment.user)
    assert client.get(url(course, course.reading)).status_code == 404


def test_an_activity_hidden_in_the_stream_is_not_there(learner_client, course):
    course.rule(course.video, StreamActivity.Requirement.HIDDEN)
    assert learner_client.get(url(course, course.video)).status_code == 404


def test_an_activity_of_another_programme_is_not_there(learner_client, course):
    elsewhere = ActivityFactory()
    assert learner_client.get(url(course, elsewhere)).status_code == 404


def test_opening_a_reading_shows_it_and_completes_it(learner_client, course):
    response = learner_client.get(url(course, course.reading))
    assert response.status_code == 200
    assert "<strong>Markdown</strong>" in response.content.decode()
    assert ActivityProgress.objects.get(activity=course.reading).completed_at is not None


def test_a_quiz_is_played_by_the_quizzes_app(learner_client, course):
    response = learner_client.get(url(course, course.quiz))
    assert response.status_code == 302
    assert response["Location"] == f"/quizzes/{course.cohort.slug}/{course.quiz.pk}/"


def test_a_video_shows_captions_and_a_transcript_and_completes_when_watched(
    learner_client, course
):
    slug = course.cohort.programme.slug
    default_storage.save(
        f"programmes/{slug}/media/clip.en.vtt",
        ContentFile(b"WEBVTT\n\n00:00.000 --> 00:02.000\nEngagement starts with a decision.\n"),
    )
    course.video.media = {"video": "media/clip.webm", "captions": {"en": "media/clip.en.vtt"}}
    course.video.save()
    page = learner_client.get(url(course, course.video)).content.decode()
    assert '<track kind="captions"' in page
    assert "Engagement starts with a decision." in page
    assert not ActivityProgress.objects.get(activity=course.video).completed_at
    captions = learner_client.get(url(course, course.video, "captions/en.vtt"))
    assert captions["Content-Type"].startswith("text/vtt")
    learner_client.post(url(course, course.video, "done/"))
    assert ActivityProgress.objects.get(activity=course.video).completed_at is not None


def test_media_of_a_cohort_are_refused_to_others(client, course):
    course.video.media = {"captions": {"en": "media/clip.en.vtt"}}
    course.video.save()
    client.force_login(UserFactory())
    assert client.get(url(course, course.video, "captions/en.vtt")).status_code == 404


def test_only_videos_are_marked_done_by_the_learner(learner_client, course):
    assert learner_client.post(url(course, course.quiz, "done/")).status_code == 404
    assert not ActivityProgress.objects.filter(activity=course.quiz).exists()


def test_an_external_tool_opens_after_recording(learner_client, course):
    tool = ActivityFactory(
        unit=course.unit_one, kind="external_tool", media={"url": "https://tool.example.org/x"}
    )
    page = learner_client.get(url(course, tool)).content.decode()
    assert "tool.example.org" in page and 'target="_blank"' in page
    response = learner_client.post(url(course, tool, "open/"))
    assert response["Location"] == "https://tool.example.org/x"
    assert ActivityProgress.objects.get(activity=tool).completed_at is not None


def test_time_reports_are_recorded(learner_client, course):
    learner_client.post(url(course, course.quiz, "time/"), {"seconds": "60"})
    learner_client.post(url(course, course.quiz, "time/"), {"seconds": "nonsense"})
    assert WeeklyTime.objects.get().seconds == 60


def test_a_live_session_activity_lists_the_sessions_in_my_language(learner_client, course):
    start = datetime.now(UTC) + timedelta(days=2)
    for language, title in (("en", "Kick-off"), ("fr", "Lancement")):
        ScheduledSession.objects.create(
            cohort=course.cohort, unit=course.unit_two, kind=ScheduledSession.Kind.LIVE,
            language=language, title={"en": title}, starts_at=start,
            ends_at=start + timedelta(hours=1), meeting_url="https://meet.example.org/a",
        )
    page = learner_client.get(url(course, course.live)).content.decode()
    assert "Kick-off" in page and "Lancement" not in page


def test_the_course_outline_shows_states(learner_client, course):
    course.rule(course.reading, StreamActivity.Requirement.REQUIRED)
    learner_client.get(url(course, course.reading))
    page = learner_client.get(f"/learn/{course.cohort.slug}/").content.decode()
    assert "1 of 1 required activities done" in page


def test_the_progress_page_is_the_learner_s_own(client, learner_client, course):
    assert learner_client.get(f"/learn/{course.cohort.slug}/progress/").status_code == 200
    client.force_login(EnrolmentFactory().user)
    assert client.get(f"/learn/{course.cohort.slug}/progress/").status_code == 404


def test_pages_of_the_course_run_a_bounded_number_of_queries(
    learner_client, course, django_assert_max_num_queries
):
    for _ in range(30):
        ActivityFactory(unit=course.unit_two, kind="reading")
    with django_assert_max_num_queries(20):
        learner_client.get(f"/learn/{course.cohort.slug}/")
    with django_assert_max_num_queries(25):
        learner_client.get(f"/learn/{course.cohort.slug}/progress/")


# The gradebook


def admin_with_two_factor():
    admin = UserFactory(is_superuser=True)
    Authenticator.objects.create(user=admin, type=Authenticator.Type.TOTP, data={})
    return admin


def gradebook(course):
    return f"/learn/{course.cohort.slug}/gradebook/"


def test_the_gradebook_is_for_facilitators_and_organisers(client, course):
    facilitator = UserFactory()
    CohortStaff.objects.create(
        cohort=course.cohort, user=facilitator, role=CohortStaff.Role.FACILITATOR
    )
    client.force_login(facilitator)
    assert client.get(gradebook(course)).status_code == 200


@pytest.mark.parametrize("who", ["learner", "mentor", "other_facilitator", "anonymous"])
def test_the_gradebook_refuses_everyone_else(client, course, who):
    if who == "learner":
        client.force_login(course.enrolment.user)
    elif who == "mentor":
        mentor = UserFactory()
        CohortStaff.objects.create(cohort=course.cohort, user=mentor, role=CohortStaff.Role.MENTOR)
        client.force_login(mentor)
    elif who == "other_facilitator":
        other = EnrolmentFactory().cohort
        facilitator = UserFactory()
        CohortStaff.objects.create(
            cohort=other, user=facilitator, role=CohortStaff.Role.FACILITATOR
        )
        client.force_login(facilitator)
    response = client.get(gradebook(course))
    assert response.status_code in (302, 404)
    assert client.get(gradebook(course).replace("/", "", 0) + "x").status_code in (302, 404)


def test_the_gradebook_shows_done_and_scores_and_exports_csv(client, course):
    from agora.learning.progress import complete_activity

    course.enrolment.user.full_name = "Ana Ferreira"
    course.enrolment.user.save()
    complete_activity(course.enrolment, course.reading)
    complete_activity(course.enrolment, course.quiz, score=85)
    client.force_login(admin_with_two_factor())
    page = client.get(gradebook(course)).content.decode()
    assert "Ana Ferreira" in page and "85%" in page and "✓" in page
    export = b"".join(client.get(f"/learn/{course.cohort.slug}/gradebook.csv").streaming_content)
    lines = export.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,E-mail,Stream")
    assert lines[1].startswith("Ana Ferreira,") and ",85," in lines[1] + ","


def test_the_gradebook_csv_streams_under_asgi(async_client, course):
    """Under ASGI a plain iterator would be read whole before sending (delivery.exports)."""
    from asgiref.sync import async_to_sync

    async_client.force_login(admin_with_two_factor())

    async def download():
        response = await async_client.get(f"/learn/{course.cohort.slug}/gradebook.csv")
        return response, [chunk async for chunk in response.streaming_content]

    response, chunks = async_to_sync(download)()
    assert response.is_async
    assert response["Content-Disposition"] == (
        f'attachment; filename="gradebook-{course.cohort.slug}.csv"'
    )
    lines = b"".join(chunks).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Name,E-mail,Stream") and len(lines) == 2


def test_the_gradebook_filters_by_stream(client, course):
    other = EnrolmentFactory(cohort=course.cohort, stream=None)
    client.force_login(admin_with_two_factor())
    page = client.get(gradebook(course), {"stream": course.stream.pk}).content.decode()
    assert course.enrolment.user.email in page or course.enrolment.user.full_name in page
    assert other.user.email not in page


def test_a_gradebook_page_is_bounded_in_queries(client, course, django_assert_max_num_queries):
    for _ in range(40):
        EnrolmentFactory(cohort=course.cohort, stream=course.stream)
    client.force_login(admin_with_two_factor())
    with django_assert_max_num_queries(22):  # the same with 4 learners or 4,000
        client.get(gradebook(course))


def test_finished_modules_count_toward_learning_paths(learner_client, course):
    from agora.catalogue.models import Competence
    from agora.learning.progress import complete_activity

    competence = Competence.objects.create(code="listening", name={"en": "Listening"})
    course.unit_one.module.competences.add(competence)
    course.unit_two.module.competences.add(competence)
    assert "Finish a module" in learner_client.get("/learn/paths/").content.decode()
    complete_activity(course.enrolment, course.reading)
    complete_activity(course.enrolment, course.quiz)
    page = learner_client.get("/learn/paths/").content.decode()
    assert "Listening" in page and "1 of 2 modules finished" in page


def test_learning_paths_need_an_account(client):
    assert client.get("/learn/paths/").status_code == 302


def test_the_gradebook_filters_by_group(client, course):
    from agora.groups.models import Group, Membership

    in_group = course.enrolment
    elsewhere = EnrolmentFactory(cohort=course.cohort, stream=course.stream)
    group = Group.objects.create(cohort=course.cohort, number=1, method=Group.Method.HAND)
    Membership.objects.create(group=group, enrolment=in_group)
    client.force_login(admin_with_two_factor())
    page = client.get(gradebook(course), {"group": group.pk}).content.decode()
    assert "Group 1" in page  # the filter is offered
    assert in_group.user.full_name in page and elsewhere.user.full_name not in page
