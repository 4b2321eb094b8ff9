"""Hiding, locking, pinning and moving; reports and the moderation queue."""

from django.urls import reverse

from agora.forums import posting
from agora.forums.models import Report, Space
from agora.notifications.models import Notification
from tests.factories_forums import PostFactory


def test_a_hidden_post_disappears_for_members_and_stays_for_moderators(
    client, lena, lars, fiona, thread
):
    post = posting.reply(thread, lars, body="Something rude")
    client.force_login(fiona)
    client.post(reverse("forums:hide", args=[post.pk]), {"reason": "Off topic"})
    client.force_login(lena)
    page = client.get(reverse("forums:thread", args=[thread.pk]))
    assert "Something rude" not in page.text
    assert "Hidden by a moderator." in page.text
    assert client.get(reverse("forums:post", args=[post.pk])).status_code == 404
    client.force_login(fiona)
    page = client.get(reverse("forums:thread", args=[thread.pk]))
    assert "Something rude" in page.text
    assert "Hidden from members" in page.text


def test_a_hidden_post_stays_hidden_in_notifications(client, lena, lars, fiona, thread):
    post = posting.reply(thread, lars, body="Rude @[Lena Learner]")
    assert Notification.objects.filter(recipient=lena).count() == 1
    client.force_login(fiona)
    client.post(reverse("forums:hide", args=[post.pk]), {"reason": "Off topic"})
    client.force_login(lena)
    page = client.get(reverse("notifications:index"))
    assert "Lars Learner" not in page.text
    assert not Notification.objects.shown_to(lena).exists()


def test_showing_a_post_again_brings_back_its_notifications(client, lena, lars, fiona, thread):
    post = posting.reply(thread, lars, body="Fine after all")
    client.force_login(fiona)
    client.post(reverse("forums:hide", args=[post.pk]), {"reason": "Off topic"})
    client.post(reverse("forums:hide", args=[post.pk]), {"hidden": "0"})
    post.refresh_from_db()
    assert not post.hidden
    assert Notification.objects.shown_to(lena).count() == 1


def test_hiding_the_first_post_hides_the_thread(client, lena, fiona, thread):
    client.force_login(fiona)
    client.post(reverse("forums:hide", args=[thread.posts.first().pk]), {"reason": "Spam"})
    client.force_login(lena)
    assert client.get(reverse("forums:thread", args=[thread.pk])).status_code == 404
    listing = client.get(reverse("forums:space", args=[thread.space.pk]))
    assert thread.title not in listing.text


def test_a_facilitator_locks_and_pins_a_thread(client, fiona, thread):
    client.force_login(fiona)
    url = reverse("forums:moderate_thread", args=[thread.pk])
    client.post(url, {"action": "lock"})
    client.post(url, {"action": "pin"})
    thread.refresh_from_db()
    assert thread.locked and thread.pinned


def test_pinned_threads_come_first(lena, space):
    old = posting.start_thread(space, lena, title="Old but pinned", body="x")
    posting.start_thread(space, lena, title="New", body="y")
    old.pinned = True
    old.save()
    assert [t.title for t in space.threads.listed()] == ["Old but pinned", "New"]


def test_a_facilitator_moves_a_thread_within_the_forum(client, fiona, forum, thread):
    general = forum.spaces.get(slug="general")
    client.force_login(fiona)
    response = client.post(reverse("forums:move", args=[thread.pk]), {"space": general.pk})
    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.space == general


def test_a_thread_cannot_be_moved_to_another_forum(client, fiona, thread, other_cohort):
    elsewhere = posting.cohort_forum(other_cohort).spaces.first()
    client.force_login(fiona)
    response = client.post(reverse("forums:move", args=[thread.pk]), {"space": elsewhere.pk})
    assert response.status_code == 400
    thread.refresh_from_db()
    assert thread.space != elsewhere
    assert Space.objects.filter(pk=elsewhere.pk).exists()


def test_reports_reach_the_moderation_queue_of_that_forum_only(
    client, lars, fiona, frank, thread, other_cohort
):
    post = thread.posts.first()
    client.force_login(lars)
    client.post(reverse("forums:report", args=[post.pk]), {"reason": "Personal data in it"})
    client.force_login(fiona)
    assert "Personal data in it" in client.get(reverse("forums:queue")).text
    client.force_login(frank)
    assert "Personal data in it" not in client.get(reverse("forums:queue")).text
    report = Report.objects.get()
    assert client.post(reverse("forums:dismiss", args=[report.pk])).status_code == 404


def test_hiding_a_reported_post_resolves_its_reports(client, lars, fiona, thread):
    post = thread.posts.first()
    client.force_login(lars)
    client.post(reverse("forums:report", args=[post.pk]), {"reason": "Spam"})
    client.force_login(fiona)
    client.post(reverse("forums:hide", args=[post.pk]), {"next": "queue", "reason": "Spam"})
    assert not Report.objects.open().exists()
    assert "Spam" not in client.get(reverse("forums:queue")).text


def test_a_moderator_dismisses_a_report(client, lars, fiona, thread):
    client.force_login(lars)
    client.post(reverse("forums:report", args=[thread.posts.first().pk]), {"reason": "Hmm"})
    client.force_login(fiona)
    client.post(reverse("forums:dismiss", args=[Report.objects.get().pk]))
    assert Report.objects.get().resolved_by == fiona


def test_an_empty_report_is_refused(client, lars, thread):
    client.force_login(lars)
    response = client.post(reverse("forums:report", args=[thread.posts.first().pk]), {"reason": ""})
    assert response.status_code == 400
    assert not Report.objects.exists()


def test_a_hidden_attachment_is_refused_to_members(client, lena, fiona, thread, settings):
    from django.core.files.base import ContentFile

    from agora.forums.models import Attachment

    post = PostFactory(thread=thread, author=lena)
    attachment = Attachment(post=post, name="a.pdf", content_type="application/pdf", size=5)
    attachment.file.save("a.pdf", ContentFile(b"%PDF-"), save=True)
    post.hidden = True
    post.save()
    client.force_login(lena)
    assert client.get(reverse("forums:attachment", args=[attachment.pk])).status_code == 404
    client.force_login(fiona)
    assert client.get(reverse("forums:attachment", args=[attachment.pk])).status_code == 200


def test_the_queue_link_shows_for_facilitators_only(client, lena, fiona, forum):
    client.force_login(fiona)
    assert reverse("forums:queue") in client.get(reverse("forums:index")).text
    client.force_login(lena)
    assert reverse("forums:queue") not in client.get(reverse("forums:index")).text
