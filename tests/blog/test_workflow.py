"""The editorial workflow: submitted ⇄ changes requested → accepted → published, or rejected."""

import pytest

from agora.blog import workflow
from agora.blog.models import Comment, Post, Tag
from tests.blog.conftest import propose


def test_a_proposal_is_submitted_with_its_tags(proposal):
    assert proposal.status == Post.Status.SUBMITTED
    assert sorted(t.slug for t in proposal.tags.all()) == ["panels", "participation"]
    assert proposal.slug == "listening-first"


def test_two_posts_with_one_title_get_different_addresses(author):
    first, second = propose(author), propose(author)
    assert first.slug != second.slug


def test_tags_are_shared_and_not_duplicated(author):
    propose(author, tags="Participation, participation ,  panels")
    propose(author, tags="panels")
    assert Tag.objects.count() == 2


def test_an_editor_asks_for_changes_and_the_author_resubmits(proposal, editor, author):
    workflow.decide(proposal, editor, "request_changes", "Please shorten the intro.")
    proposal.refresh_from_db()
    assert proposal.status == Post.Status.CHANGES_REQUESTED
    revised = workflow.revise_post(
        proposal, author, title="Listening", summary="Shorter.", body="Short.", language="fr"
    )
    assert revised.status == Post.Status.SUBMITTED
    assert [c.new_status for c in revised.comments.all()] == ["changes_requested", "submitted"]
    assert revised.comments.first().body == "Please shorten the intro."


def test_accept_then_publish_sets_the_date_once(proposal, editor):
    workflow.decide(proposal, editor, "accept")
    post = workflow.decide(proposal, editor, "publish")
    assert post.status == Post.Status.PUBLISHED
    first = post.published_at
    workflow.decide(post, editor, "unpublish")
    again = workflow.decide(post, editor, "publish")
    assert again.published_at == first


def test_a_rejected_post_cannot_be_published(proposal, editor):
    workflow.decide(proposal, editor, "reject", "Off topic.")
    with pytest.raises(workflow.WorkflowError):
        workflow.decide(proposal, editor, "publish")


def test_an_author_cannot_decide(proposal, author):
    with pytest.raises(workflow.WorkflowError):
        workflow.decide(proposal, author, "publish")
    proposal.refresh_from_db()
    assert proposal.status == Post.Status.SUBMITTED


def test_an_author_cannot_revise_an_accepted_post(proposal, editor, author):
    workflow.decide(proposal, editor, "accept")
    with pytest.raises(workflow.WorkflowError):
        workflow.revise_post(proposal, author, title="x", summary="x", body="x", language="en")


def test_someone_else_cannot_comment(proposal, other_user):
    with pytest.raises(workflow.WorkflowError):
        workflow.comment_on(proposal, other_user, "Hello")
    assert not Comment.objects.exists()


def test_erasing_the_author_keeps_published_posts_without_a_name(published, proposal):
    published.anonymise()
    proposal.anonymise()
    published.refresh_from_db()
    assert published.author is None
    assert published.byline == "A former member"
    assert not Post.objects.filter(pk=proposal.pk).exists()
