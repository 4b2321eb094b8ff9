"""Writing in a group's space: posts, shared notes with optimistic concurrency, results."""

import pytest

from agora.groups import limits, space
from agora.groups.models import GroupPost
from agora.learning.models import ActivityProgress
from agora.notifications.models import Notification


def test_a_post_is_sanitised_and_notifies_the_other_members(group, lena, lars):
    post = space.post_message(group, lena, "Hi <script>alert(1)</script> **all**")
    assert "<script" not in post.body_html
    assert "<strong>all</strong>" in post.body_html
    assert Notification.objects.filter(recipient=lars).count() == 1
    assert not Notification.objects.filter(recipient=lena).exists()


def test_the_same_form_sent_twice_is_one_post(group, lena):
    import uuid

    key = uuid.uuid4()
    space.post_message(group, lena, "Once", key)
    space.post_message(group, lena, "Once", key)
    assert GroupPost.objects.count() == 1


def test_posting_too_fast_is_refused(group, lena, monkeypatch):
    monkeypatch.setattr(limits, "RATE_LIMITS", [(60, 2)])
    space.post_message(group, lena, "1")
    space.post_message(group, lena, "2")
    with pytest.raises(limits.PostingTooFast):
        space.post_message(group, lena, "3")
    assert GroupPost.objects.count() == 2


def test_notes_keep_their_last_editor(group, lena):
    space.save_notes(group, lena, "# Plan", based_on=0)
    group.refresh_from_db()
    assert (group.notes_version, group.notes_edited_by) == (1, lena)
    assert "<h1>Plan</h1>" in group.notes_html


def test_a_save_based_on_an_outdated_version_is_refused(group, lena, lars):
    space.save_notes(group, lena, "Lena's plan", based_on=0)
    with pytest.raises(space.NotesOutdated):
        space.save_notes(group, lars, "Lars's plan", based_on=0)
    group.refresh_from_db()
    assert group.notes == "Lena's plan"


def test_posting_the_result_completes_the_activity_for_every_member(
    group, lena, lars, otto, group_activity
):
    space.post_result(group, group_activity, lena, "Our map")
    done = set(ActivityProgress.objects.filter(
        activity=group_activity, completed_at__isnull=False
    ).values_list("enrolment__user", flat=True))  # fmt: skip
    assert done == {lena.pk, lars.pk}


def test_posting_the_result_again_replaces_it_and_counts_once(group, lena, group_activity):
    space.post_result(group, group_activity, lena, "Draft")
    space.post_result(group, group_activity, lena, "Final")
    assert group.results.get().body == "Final"
    enrolment = lena.enrolments.get()
    enrolment.refresh_from_db()
    assert enrolment.activities_done == 1
