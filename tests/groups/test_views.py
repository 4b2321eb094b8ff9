"""Group pages: who may open what, forming groups, the space, the group activity page."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.groups.models import Group
from agora.learning.models import ActivityProgress
from tests.factories import EnrolmentFactory, OrganiserFactory
from tests.factories_groups import MembershipFactory, StaffFactory


def space_url(group):
    return reverse("groups:space", args=[group.pk])


def task_url(cohort, activity):
    return reverse("groups:task", args=[cohort.slug, activity.pk])


# --- Who may open a group's space ----------------------------------------------------------------


def test_a_member_opens_their_groups_space(client, group, lena):
    client.force_login(lena)
    response = client.get(space_url(group))
    assert response.status_code == 200
    assert "Lena Learner" in response.text


@pytest.mark.parametrize("person", ["otto", "stranger", "foreign_mentor"])
def test_others_are_refused_a_groups_space(client, group, lena, person, request):
    client.force_login(request.getfixturevalue(person))
    assert client.get(space_url(group)).status_code == 404
    assert client.post(reverse("groups:post", args=[group.pk]), {"body": "x"}).status_code == 404


def test_a_mentor_of_the_same_cohort_is_refused_a_groups_space(client, group, lena):
    mentor = StaffFactory(cohort=group.cohort, role="mentor").user
    client.force_login(mentor)
    assert client.get(space_url(group)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, group):
    response = client.get(space_url(group))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_facilitator_opens_any_group_of_their_cohort(client, group, fiona):
    client.force_login(fiona)
    assert client.get(space_url(group)).status_code == 200


def test_a_withdrawn_member_is_refused(client, group, lena):
    lena.enrolments.update(status="withdrawn")
    client.force_login(lena)
    assert client.get(space_url(group)).status_code == 404


# --- Facilitators: overview and forming ----------------------------------------------------------


def test_the_overview_is_for_facilitators_and_organisers(client, cohort, fiona, lena):
    url = reverse("groups:overview", args=[cohort.slug])
    client.force_login(lena)
    assert client.get(url).status_code == 404
    client.force_login(fiona)
    assert client.get(url).status_code == 200
    organiser = OrganiserFactory(organisation=cohort.programme.organisation).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    client.force_login(organiser)
    assert client.get(url).status_code == 200


def test_a_facilitator_of_another_cohort_is_refused(client, cohort):
    other = StaffFactory().user
    client.force_login(other)
    assert client.get(reverse("groups:overview", args=[cohort.slug])).status_code == 404
    response = client.post(reverse("groups:form", args=[cohort.slug]),
                           {"method": "random", "count": 2})  # fmt: skip
    assert response.status_code == 404


def test_forming_groups_balanced_by_language(client, cohort, fiona):
    for language in ["en", "en", "fr", "fr"]:
        EnrolmentFactory(cohort=cohort, language=language)
    client.force_login(fiona)
    response = client.post(reverse("groups:form", args=[cohort.slug]),
                           {"method": "language", "count": 2, "seed": 5})  # fmt: skip
    assert response.status_code == 302
    for group in Group.objects.current().filter(cohort=cohort):
        languages = sorted(group.memberships.values_list("enrolment__language", flat=True))
        assert languages == ["en", "fr"]


def test_forming_needs_a_size_or_a_count_and_keeps_the_choice(client, cohort, fiona):
    client.force_login(fiona)
    response = client.post(reverse("groups:form", args=[cohort.slug]), {"method": "stream"})
    assert response.status_code == 400
    assert "Give either a group size or a number of groups." in response.text
    assert 'value="stream" selected' in response.text


def test_forming_by_hand(client, cohort, fiona):
    first, second = EnrolmentFactory(cohort=cohort), EnrolmentFactory(cohort=cohort)
    client.force_login(fiona)
    url = reverse("groups:by_hand", args=[cohort.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {f"learner-{first.pk}": 1, f"learner-{second.pk}": 2})
    assert response.status_code == 302
    assert Group.objects.current().filter(cohort=cohort).count() == 2


def test_the_overview_uses_a_bounded_number_of_queries(
    client, cohort, fiona, django_assert_max_num_queries
):
    from agora.groups import forming

    learners = [EnrolmentFactory(cohort=cohort) for _ in range(30)]
    forming.form_groups(cohort, [learners[n::6] for n in range(6)], "random")
    client.force_login(fiona)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("groups:overview", args=[cohort.slug]))
    assert response.text.count('scope="row"') == 6


# --- The space -----------------------------------------------------------------------------------


def test_posting_in_the_space(client, group, lena):
    client.force_login(lena)
    response = client.post(reverse("groups:post", args=[group.pk]), {"body": "Hello *group*"})
    assert response.status_code == 302
    assert "<em>group</em>" in client.get(space_url(group)).text


def test_an_outdated_notes_save_keeps_the_typed_text(client, group, lena, lars):
    client.force_login(lena)
    client.post(reverse("groups:notes", args=[group.pk]), {"notes": "Lena's", "version": 0})
    client.force_login(lars)
    response = client.post(reverse("groups:notes", args=[group.pk]),
                           {"notes": "Lars typed this", "version": 0})  # fmt: skip
    assert response.status_code == 409
    assert "Lars typed this" in response.text
    assert "Someone saved the notes" in response.text


def test_an_archived_group_is_read_only(client, group, lena):
    from django.utils import timezone

    Group.objects.filter(pk=group.pk).update(archived_at=timezone.now())
    client.force_login(lena)
    assert client.get(space_url(group)).status_code == 200
    assert client.post(reverse("groups:post", args=[group.pk]), {"body": "x"}).status_code == 404


# --- The group activity page ---------------------------------------------------------------------


def test_posting_the_result_on_the_task_page(client, cohort, group, lena, lars, group_activity):
    client.force_login(lena)
    page = client.get(task_url(cohort, group_activity))
    assert page.status_code == 200
    assert "Draw the map together." in page.text
    response = client.post(task_url(cohort, group_activity), {"body": "Our map"})
    assert response.status_code == 302
    assert ActivityProgress.objects.filter(
        enrolment__user=lars, activity=group_activity, completed_at__isnull=False
    ).exists()


def test_the_task_page_of_another_cohort_is_refused(client, cohort, stranger, group_activity):
    client.force_login(stranger)
    assert client.get(task_url(cohort, group_activity)).status_code == 404


def test_a_learner_without_a_group_cannot_post_a_result(client, cohort, group_activity):
    enrolment = EnrolmentFactory(cohort=cohort)
    client.force_login(enrolment.user)
    assert "not in a group yet" in client.get(task_url(cohort, group_activity)).text
    assert client.post(task_url(cohort, group_activity), {"body": "x"}).status_code == 404


def test_my_group_leads_to_the_learners_current_group(client, cohort, group, lena):
    client.force_login(lena)
    response = client.get(reverse("groups:mine", args=[cohort.slug]))
    assert response["Location"] == space_url(group)


def test_members_list_only_current_members(client, group, lena):
    MembershipFactory(group=group, current=False)
    client.force_login(lena)
    assert client.get(space_url(group)).text.count("<li>") >= 1


def test_posting_too_fast_keeps_the_text_with_an_error(client, group, lena, monkeypatch):
    from agora.groups import limits

    monkeypatch.setattr(limits, "RATE_LIMITS", [(60, 1)])
    client.force_login(lena)
    client.post(reverse("groups:post", args=[group.pk]), {"body": "First"})
    response = client.post(reverse("groups:post", args=[group.pk]), {"body": "Second, kept"})
    assert response.status_code == 429
    assert "You are posting too fast" in response.text
    assert "Second, kept" in response.text


# --- Links from the space and from notices open (found by scripts/crawl-demo) -------------------


def _hide_from_stream(user, cohort, activity):
    from agora.delivery.models import StreamActivity
    from tests.factories import StreamFactory

    stream = StreamFactory(cohort=cohort)
    StreamActivity.objects.create(
        stream=stream, activity=activity, requirement=StreamActivity.Requirement.HIDDEN
    )
    user.enrolments.filter(cohort=cohort).update(stream=stream)


def test_the_space_links_a_group_activity_only_for_those_who_may_open_it(
    client, cohort, group, lena, lars, fiona, group_activity
):
    _hide_from_stream(lars, cohort, group_activity)
    link = f'href="{task_url(cohort, group_activity)}"'
    for person, linked in [(lena, True), (lars, False), (fiona, False)]:
        client.force_login(person)
        page = client.get(space_url(group))
        assert "Map your stakeholders" in page.text
        assert (link in page.text) is linked, person
        if linked:
            assert client.get(task_url(cohort, group_activity)).status_code == 200


def test_the_result_notice_opens_for_a_member_whose_stream_hides_the_activity(
    client, cohort, group, lena, lars, group_activity
):
    from agora.groups import space
    from agora.notifications.models import Notification

    _hide_from_stream(lars, cohort, group_activity)
    space.post_result(group, group_activity, lena, "Our map")
    notice = Notification.objects.get(recipient=lars)
    client.force_login(lars)
    page = client.get(notice.url)
    assert page.status_code == 200
    assert "Our map" in page.text
