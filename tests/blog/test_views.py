"""Proposing, discussing and deciding through the pages, and who may do what."""

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.blog.models import Post
from tests.factories import OrganiserFactory


def test_anonymous_visitors_are_asked_to_log_in_to_propose(client, db):
    response = client.get(reverse("blog:propose"))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_member_proposes_a_post(client, author):
    client.force_login(author)
    response = client.post(
        reverse("blog:propose"),
        {
            "title": "Des jurys citoyens",
            "language": "fr",
            "summary": "Ce que nous avons appris.",
            "body": "Un *texte*.",
            "tags": "jurys, budgets",
        },
    )
    post = Post.objects.get()
    assert response["Location"] == reverse("blog:proposal", args=[post.pk])
    assert (post.author, post.language, post.status) == (author, "fr", Post.Status.SUBMITTED)


def test_a_proposal_with_missing_fields_keeps_what_was_typed(client, author):
    client.force_login(author)
    response = client.post(
        reverse("blog:propose"), {"title": "Half done", "language": "en", "body": ""}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Half done"' in page
    assert 'aria-describedby="id_summary_helptext id_summary_error"' in page
    assert not Post.objects.exists()


def test_an_unknown_language_is_refused(client, author):
    client.force_login(author)
    client.post(
        reverse("blog:propose"),
        {"title": "T", "language": "xx", "summary": "S", "body": "B"},
    )
    assert not Post.objects.exists()


def test_more_than_ten_tags_are_refused(client, author):
    client.force_login(author)
    response = client.post(
        reverse("blog:propose"),
        {
            "title": "T",
            "language": "en",
            "summary": "S",
            "body": "B",
            "tags": ",".join(f"t{n}" for n in range(11)),
        },
    )
    assert "at most ten tags" in response.content.decode()


def test_another_member_cannot_read_a_proposal(client, proposal, other_user):
    client.force_login(other_user)
    assert client.get(reverse("blog:proposal", args=[proposal.pk])).status_code == 404
    response = client.post(reverse("blog:comment", args=[proposal.pk]), {"body": "Hi"})
    assert response.status_code == 404


def test_another_member_cannot_edit_a_proposal(client, proposal, other_user):
    client.force_login(other_user)
    response = client.post(
        reverse("blog:edit", args=[proposal.pk]),
        {"title": "Hijacked", "language": "en", "summary": "S", "body": "B"},
    )
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.title == "Listening first"


def test_an_editor_cannot_edit_the_authors_text(client, proposal, editor):
    client.force_login(editor)
    assert client.get(reverse("blog:edit", args=[proposal.pk])).status_code == 404


def test_the_author_and_the_editor_talk_on_the_proposal(client, proposal, author, editor):
    client.force_login(editor)
    client.post(
        reverse("blog:decide", args=[proposal.pk]),
        {"step": "request_changes", "message": "Add a photo credit."},
    )
    client.force_login(author)
    page = client.get(reverse("blog:proposal", args=[proposal.pk])).content.decode()
    assert "Add a photo credit." in page
    assert "Changes requested" in page
    client.post(reverse("blog:comment", args=[proposal.pk]), {"body": "Done, thanks."})
    client.force_login(editor)
    assert (
        "Done, thanks." in client.get(reverse("blog:proposal", args=[proposal.pk])).content.decode()
    )


def test_a_member_cannot_decide(client, proposal, author):
    client.force_login(author)
    response = client.post(reverse("blog:decide", args=[proposal.pk]), {"step": "publish"})
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == Post.Status.SUBMITTED


def test_a_step_not_possible_now_is_refused(client, proposal, editor):
    client.force_login(editor)
    response = client.post(reverse("blog:decide", args=[proposal.pk]), {"step": "unpublish"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == Post.Status.SUBMITTED


def test_an_organiser_of_any_organisation_edits_the_blog(client, proposal, db):
    other = OrganiserFactory().user
    Authenticator.objects.create(user=other, type=Authenticator.Type.TOTP, data={})
    client.force_login(other)
    client.post(reverse("blog:decide", args=[proposal.pk]), {"step": "publish"})
    proposal.refresh_from_db()
    assert proposal.status == Post.Status.PUBLISHED


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_editorial_queue_is_for_editors_only(client, proposal, other_user, who):
    if who == "member":
        client.force_login(other_user)
    response = client.get(reverse("blog:editorial"))
    assert response.status_code == (302 if who == "anonymous" else 404)


def test_the_editorial_queue_lists_waiting_proposals(
    client, proposal, published, editor, django_assert_max_num_queries
):
    client.force_login(editor)
    with django_assert_max_num_queries(13):
        page = client.get(reverse("blog:editorial")).content.decode()
    assert "Listening first" in page
    assert "Published story" not in page


def test_my_proposals_lists_only_mine(client, proposal, other_user, author):
    client.force_login(other_user)
    assert "Listening first" not in client.get(reverse("blog:mine")).content.decode()
    client.force_login(author)
    assert "Listening first" in client.get(reverse("blog:mine")).content.decode()
