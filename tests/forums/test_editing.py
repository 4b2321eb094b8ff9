"""Editing posts (authors their own, moderators any of their forums), hiding with a reason, the
earlier versions moderators read; the wrong person is refused and nothing changes."""

import pytest
from django.http import Http404
from django.urls import reverse

from agora.accounts.erasure import confirm_erasure, request_erasure
from agora.accounts.personal_data import export_records
from agora.forums import access, moderation, posting, search
from agora.forums.models import Post, PostRevision
from agora.learning.models import ActivityProgress
from tests.factories import UserFactory


@pytest.fixture
def lars_post(thread, lars):
    return posting.reply(thread, lars, body="Lars wrote teh draft")


def edit_url(post):
    return reverse("forums:edit", args=[post.pk])


def hide_url(post):
    return reverse("forums:hide", args=[post.pk])


def found_in_search(forum, query):
    posts = Post.objects.filter(thread__space__forum=forum, hidden=False, thread__hidden=False)
    return search.search_posts(posts, forum.pk, query)


# --- The rule: Post.editable_by and access.editable_post -----------------------------------------


def test_an_author_may_edit_their_shown_post(lars, lars_post):
    assert lars_post.editable_by(lars, moderator=False)


def test_another_member_may_not_edit_a_post(lena, lars_post):
    assert not lars_post.editable_by(lena, moderator=False)


def test_an_author_may_not_edit_a_hidden_post(lars, fiona, lars_post):
    moderation.hide_post(lars_post, fiona, "Off topic")
    assert not lars_post.editable_by(lars, moderator=False)


def test_an_author_may_not_edit_a_post_of_a_hidden_thread(lars, lars_post):
    lars_post.thread.hidden = True
    assert not lars_post.editable_by(lars, moderator=False)


def test_a_moderator_may_edit_any_post_hidden_or_not(fiona, lars_post):
    moderation.hide_post(lars_post, fiona, "Off topic")
    assert lars_post.editable_by(fiona, moderator=True)


def test_an_author_may_still_correct_a_post_in_a_locked_thread(lars, lars_post):
    lars_post.thread.locked = True
    assert lars_post.editable_by(lars, moderator=False)


def test_editable_post_reuses_the_moderation_rule(fiona, olga, mentor, lena, lars_post):
    assert access.editable_post(fiona, lars_post.pk) == lars_post
    assert access.editable_post(olga, lars_post.pk) == lars_post
    for refused in (mentor, lena):
        with pytest.raises(Http404):
            access.editable_post(refused, lars_post.pk)


def test_editable_post_refuses_another_cohorts_facilitator(frank, lars_post):
    with pytest.raises(Http404):
        access.editable_post(frank, lars_post.pk)


# --- The action: posting.edit_post ---------------------------------------------------------------


def test_an_edit_keeps_the_earlier_text_as_a_revision(lars, lars_post):
    posting.edit_post(lars_post, lars, "Lars wrote **the** draft")
    lars_post.refresh_from_db()
    assert lars_post.body == "Lars wrote **the** draft"
    assert lars_post.body_html == "<p>Lars wrote <strong>the</strong> draft</p>\n"
    assert lars_post.edited_at is not None
    revision = PostRevision.objects.get()
    assert (revision.post, revision.body, revision.edited_by) == (
        lars_post,
        "Lars wrote teh draft",
        lars,
    )


def test_an_edit_is_sanitised_as_at_posting(lars, lars_post):
    posting.edit_post(lars_post, lars, "<script>alert(1)</script> [js](javascript:alert(1))")
    lars_post.refresh_from_db()
    assert "<script" not in lars_post.body_html
    assert 'href="javascript' not in lars_post.body_html


def test_the_same_text_sent_twice_keeps_one_revision(lars, lars_post):
    posting.edit_post(lars_post, lars, "Lars wrote the draft")
    posting.edit_post(lars_post, lars, "Lars wrote the draft")
    assert PostRevision.objects.count() == 1
    assert Post.objects.count() == 2  # the thread's first post and this one, nothing new


def test_an_edit_replaces_the_posts_search_row(forum, lars, lars_post):
    posting.edit_post(lars_post, lars, "Lars wrote the zeppelin plan")
    assert found_in_search(forum, "zeppelin") == [lars_post.pk]
    assert found_in_search(forum, "teh") == []


def test_editing_a_threads_first_post_keeps_the_thread_findable_by_title(forum, lena, thread):
    first = thread.posts.first()
    posting.edit_post(first, lena, "Now about something else")
    assert found_in_search(forum, "interviews") == [first.pk]


def test_editing_a_result_keeps_the_forum_task_done(lena, cohort, task_activity, fiona):
    enrolment = lena.enrolments.get()
    post = posting.post_result(enrolment, task_activity, body="We heard 12 residnets.")
    posting.edit_post(post, lena, "We heard 12 residents.")
    progress = ActivityProgress.objects.get(enrolment=enrolment, activity=task_activity)
    assert progress.completed_at is not None
    moderation.hide_post(post, fiona, "Names of residents in it")
    progress.refresh_from_db()
    assert progress.completed_at is not None


def test_hiding_twice_keeps_the_first_reason(fiona, olga, lars_post):
    moderation.hide_post(lars_post, fiona, "Off topic")
    moderation.hide_post(lars_post, olga, "Something else")
    lars_post.refresh_from_db()
    assert (lars_post.hidden_reason, lars_post.hidden_by) == ("Off topic", fiona)


def test_showing_a_post_again_clears_its_reason(fiona, lars_post):
    moderation.hide_post(lars_post, fiona, "Off topic")
    moderation.show_post(lars_post, fiona)
    lars_post.refresh_from_db()
    assert (lars_post.hidden, lars_post.hidden_reason) == (False, "")


# --- Personal data -------------------------------------------------------------------------------


def test_earlier_versions_are_exported_with_the_authors_data(lars, lars_post):
    posting.edit_post(lars_post, lars, "Corrected")
    exported = export_records(lars)
    rows = exported["forums.PostRevision"]["records"]
    assert [row["body"] for row in rows] == ["Lars wrote teh draft"]


def test_erasure_deletes_the_earlier_versions(lars, fiona, lars_post):
    posting.edit_post(lars_post, lars, "Corrected once")
    posting.edit_post(lars_post, fiona, "Corrected by the facilitator")
    confirm_erasure(request_erasure(lars), admin=UserFactory(is_superuser=True))
    assert not PostRevision.objects.exists()
    lars_post.refresh_from_db()
    assert (lars_post.author, lars_post.body) == (None, "")


# --- Pages: editing ------------------------------------------------------------------------------


def test_the_author_sees_an_edit_link_on_their_post_only(client, lars, thread, lars_post):
    client.force_login(lars)
    page = client.get(reverse("forums:thread", args=[thread.pk])).text
    assert edit_url(lars_post) in page
    assert edit_url(thread.posts.first()) not in page


def test_the_edit_form_holds_the_current_text(client, lars, lars_post):
    client.force_login(lars)
    response = client.get(edit_url(lars_post))
    assert response.status_code == 200
    assert "Lars wrote teh draft" in response.text


def test_an_author_edits_and_the_post_shows_edited_with_the_time(client, lars, thread, lars_post):
    client.force_login(lars)
    response = client.post(edit_url(lars_post), {"body": "Lars wrote *the* draft"})
    assert response.status_code == 302
    assert response["Location"] == reverse("forums:post", args=[lars_post.pk])
    page = client.get(reverse("forums:thread", args=[thread.pk])).text
    assert "<em>the</em>" in page
    assert '<span class="post-edited">edited <time datetime="' in page


def test_an_empty_edit_is_refused_with_a_message(client, lars, lars_post):
    client.force_login(lars)
    response = client.post(edit_url(lars_post), {"body": "   "})
    assert response.status_code == 400
    assert "Write a message." in response.text
    lars_post.refresh_from_db()
    assert lars_post.body == "Lars wrote teh draft"
    assert not PostRevision.objects.exists()


def test_a_refused_edit_keeps_what_was_typed(client, lars, lars_post):
    client.force_login(lars)
    typed = "Typed with care. " + "x" * 20_000
    response = client.post(edit_url(lars_post), {"body": typed})
    assert response.status_code == 400
    assert "Typed with care." in response.text
    lars_post.refresh_from_db()
    assert lars_post.body == "Lars wrote teh draft"


def test_a_double_submitted_edit_counts_once(client, lars, lars_post):
    client.force_login(lars)
    client.post(edit_url(lars_post), {"body": "Fixed"})
    client.post(edit_url(lars_post), {"body": "Fixed"})
    assert PostRevision.objects.count() == 1
    assert lars_post.thread.posts.count() == 2


@pytest.mark.parametrize("who", ["lena", "mentor", "oscar", "frank"])
def test_the_wrong_person_cannot_edit_a_post(client, lars_post, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(lars_post)).status_code == 404
    assert client.post(edit_url(lars_post), {"body": "Taken over"}).status_code == 404
    lars_post.refresh_from_db()
    assert lars_post.body == "Lars wrote teh draft"
    assert not PostRevision.objects.exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, lars_post):
    for url in (edit_url(lars_post), hide_url(lars_post)):
        response = client.post(url, {"body": "x", "reason": "x"})
        assert response.status_code == 302
        assert reverse("account_login") in response["Location"]
    lars_post.refresh_from_db()
    assert (lars_post.body, lars_post.hidden) == ("Lars wrote teh draft", False)


def test_an_author_cannot_edit_their_hidden_post(client, lars, fiona, thread, lars_post):
    moderation.hide_post(lars_post, fiona, "Off topic")
    client.force_login(lars)
    assert client.post(edit_url(lars_post), {"body": "Sneaky"}).status_code == 404
    assert edit_url(lars_post) not in client.get(reverse("forums:thread", args=[thread.pk])).text
    lars_post.refresh_from_db()
    assert lars_post.body == "Lars wrote teh draft"


@pytest.mark.parametrize("who", ["fiona", "olga"])
def test_a_moderator_edits_a_members_post(client, lars_post, who, request):
    moderator = request.getfixturevalue(who)
    client.force_login(moderator)
    page = client.get(edit_url(lars_post))
    assert "as a moderator" in page.text
    assert client.post(edit_url(lars_post), {"body": "[removed phone number]"}).status_code == 302
    lars_post.refresh_from_db()
    assert lars_post.body == "[removed phone number]"
    assert PostRevision.objects.get().edited_by == moderator


def test_moderators_read_the_earlier_versions_and_members_do_not(
    client, lars, lena, fiona, lars_post
):
    posting.edit_post(lars_post, lars, "Lars wrote the draft")
    url = reverse("forums:history", args=[lars_post.pk])
    client.force_login(fiona)
    page = client.get(url)
    assert page.status_code == 200
    assert "Lars wrote teh draft" in page.text
    assert url in client.get(reverse("forums:thread", args=[lars_post.thread_id])).text
    for member in (lars, lena):
        client.force_login(member)
        assert client.get(url).status_code == 404


def test_the_forum_task_page_offers_the_author_an_edit(client, lena, cohort, task_activity):
    post = posting.post_result(lena.enrolments.get(), task_activity, body="Result")
    client.force_login(lena)
    page = client.get(reverse("forums:task", args=[cohort.slug, task_activity.pk]))
    assert edit_url(post) in page.text


# --- Pages: hiding with a reason -----------------------------------------------------------------


def test_a_facilitator_hides_a_post_with_a_reason(client, fiona, lars_post):
    client.force_login(fiona)
    assert client.get(hide_url(lars_post)).status_code == 200
    response = client.post(hide_url(lars_post), {"reason": "Personal data of a resident"})
    assert response.status_code == 302
    lars_post.refresh_from_db()
    assert lars_post.hidden
    assert lars_post.hidden_reason == "Personal data of a resident"


def test_hiding_without_a_reason_is_refused(client, fiona, lars_post):
    client.force_login(fiona)
    response = client.post(hide_url(lars_post), {"reason": " "})
    assert response.status_code == 400
    assert "Say why the post is hidden." in response.text
    lars_post.refresh_from_db()
    assert not lars_post.hidden


@pytest.mark.parametrize("who", ["lena", "lars", "mentor", "oscar"])
def test_the_wrong_person_cannot_hide_a_post(client, lars_post, who, request):
    client.force_login(request.getfixturevalue(who))
    assert client.get(hide_url(lars_post)).status_code == 404
    assert client.post(hide_url(lars_post), {"reason": "Mine now"}).status_code == 404
    lars_post.refresh_from_db()
    assert not lars_post.hidden


def test_members_see_that_a_post_is_hidden_and_only_its_author_sees_why(
    client, lena, lars, fiona, thread, lars_post
):
    moderation.hide_post(lars_post, fiona, "Names of residents")
    url = reverse("forums:thread", args=[thread.pk])
    client.force_login(lena)
    page = client.get(url).text
    assert "Hidden by a moderator." in page
    assert "teh draft" not in page
    assert "Names of residents" not in page
    client.force_login(lars)
    page = client.get(url).text
    assert "Hidden by a moderator." in page
    assert "Names of residents" in page
    assert "teh draft" not in page
    client.force_login(fiona)
    page = client.get(url).text
    assert "teh draft" in page
    assert "Names of residents" in page
    assert "Hidden from members" in page


def test_the_queue_hides_through_the_reason_form_and_returns(client, lena, fiona, lars_post):
    posting.report_post(lars_post, lena, "Spam")
    client.force_login(fiona)
    queue = client.get(reverse("forums:queue")).text
    assert f"{hide_url(lars_post)}?next=queue" in queue
    form = client.get(f"{hide_url(lars_post)}?next=queue").text
    assert 'name="next" value="queue"' in form
    response = client.post(hide_url(lars_post), {"reason": "Spam", "next": "queue"})
    assert response["Location"] == reverse("forums:queue")


def test_edited_and_hidden_posts_add_no_queries_to_a_thread_page(client, lena, fiona, thread):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("forums:thread", args=[thread.pk])
    client.force_login(lena)
    client.get(url)
    with CaptureQueriesContext(connection) as plain:
        client.get(url)
    for number in range(6):
        post = posting.reply(thread, lena, body=f"Reply {number}")
        posting.edit_post(post, lena, f"Reply {number}, corrected")
        if number % 2:
            moderation.hide_post(post, fiona, "Off topic")
    with CaptureQueriesContext(connection) as busy:
        response = client.get(url)
    assert response.text.count("Hidden by a moderator.") == 3
    assert response.text.count('class="post-edited"') == 3
    assert len(busy.captured_queries) == len(plain.captured_queries)
