"""Starting threads, replying, quoting, mentions, attachments, reactions, limits."""

import uuid

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.forums import posting
from agora.forums.models import Follow, Post, Reaction, Thread
from agora.notifications.models import Notification
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def test_a_learner_starts_a_thread_and_follows_it(client, lena, space):
    client.force_login(lena)
    response = client.post(
        reverse("forums:new_thread", args=[space.pk]),
        {"title": "Interview notes", "body": "We met **five** residents."},
    )
    thread = Thread.objects.get(title="Interview notes")
    assert response.status_code == 302
    assert thread.posts.get().body_html == "<p>We met <strong>five</strong> residents.</p>\n"
    assert Follow.objects.filter(thread=thread, user=lena).exists()
    assert thread.post_count == 1


def test_posted_markdown_runs_no_script_and_links_get_nofollow(lena, thread):
    post = posting.reply(
        thread, lena,
        body='<script>alert(1)</script> [site](https://example.org) <img src=x onerror=alert(1)>'
        ' [js](javascript:alert(1))',
    )  # fmt: skip
    assert "<script" not in post.body_html
    assert "<img" not in post.body_html
    assert 'href="javascript' not in post.body_html
    assert 'rel="noopener noreferrer nofollow"' in post.body_html


def test_a_double_submitted_reply_counts_once(client, lena, thread):
    client.force_login(lena)
    data = {"body": "Same text", "key": str(uuid.uuid4())}
    client.post(reverse("forums:reply", args=[thread.pk]), data)
    client.post(reverse("forums:reply", args=[thread.pk]), data)
    assert thread.posts.filter(body="Same text").count() == 1
    thread.refresh_from_db()
    assert thread.post_count == 2


def test_an_empty_reply_is_refused_with_an_error_tied_to_the_field(client, lena, thread):
    client.force_login(lena)
    response = client.post(reverse("forums:reply", args=[thread.pk]), {"body": "   "})
    assert response.status_code == 400
    assert 'aria-describedby="id_body_error' in response.text or "id_body_error" in response.text
    assert thread.posts.count() == 1


def test_posting_too_fast_is_refused_and_keeps_the_text(client, lena, thread, monkeypatch):
    monkeypatch.setattr(posting, "RATE_LIMITS", [(60, 2)])
    client.force_login(lena)
    url = reverse("forums:reply", args=[thread.pk])
    client.post(url, {"body": "One"})
    client.post(url, {"body": "Two"})
    response = client.post(url, {"body": "Three, typed with care"})
    assert response.status_code == 429
    assert "You are posting too fast" in response.text
    assert "Three, typed with care" in response.text
    assert not thread.posts.filter(body__startswith="Three").exists()


def test_followers_are_notified_of_a_reply_but_not_the_author(lena, lars, thread):
    posting.reply(thread, lars, body="Interesting!")
    posting.reply(thread, lars, body="Again")
    assert Notification.objects.filter(recipient=lena, verb="forums.reply").count() == 2
    assert not Notification.objects.filter(recipient=lars).exists()
    assert Follow.objects.filter(thread=thread, user=lars).exists()


def test_a_follower_who_lost_access_is_not_notified(lena, lars, thread):
    lena.enrolments.update(status="withdrawn")
    posting.reply(thread, lars, body="Still there?")
    assert not Notification.objects.filter(recipient=lena).exists()


def test_a_mentioned_reader_is_notified_once(lena, lars, thread):
    posting.reply(thread, lena, body="What do you think, @[lars learner]? And @[Lars Learner]")
    notification = Notification.objects.get(recipient=lars)
    assert notification.verb == "forums.mention"
    assert notification.text("en") == "Lena Learner mentioned you in “Our first interviews”"


def test_a_mentioned_person_who_may_not_read_the_space_is_not_notified(lena, oscar, thread):
    posting.reply(thread, lena, body="Hello @[Oscar Other]")
    assert not Notification.objects.filter(recipient=oscar).exists()


def test_a_reply_quotes_another_post(client, lena, lars, thread):
    first = thread.posts.get()
    client.force_login(lars)
    page = client.get(reverse("forums:thread", args=[thread.pk]) + f"?quote={first.pk}")
    assert f'value="{first.pk}"' in page.text
    client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "Agreed", "quote_of": first.pk}
    )
    reply = thread.posts.get(body="Agreed")
    assert reply.quote_of == first
    shown = client.get(reverse("forums:thread", args=[thread.pk]))
    assert "Lena Learner wrote:" in shown.text


def test_a_pdf_is_attached_and_served_to_readers_only(client, lena, oscar, thread):
    client.force_login(lena)
    upload = SimpleUploadedFile("notes.pdf", PDF, content_type="application/pdf")
    client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "See file", "attachments": upload}
    )
    attachment = Post.objects.get(body="See file").attachments.get()
    assert attachment.content_type == "application/pdf"
    url = reverse("forums:attachment", args=[attachment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "sandbox" in response["Content-Security-Policy"]
    client.force_login(oscar)
    assert client.get(url).status_code == 404


def test_a_file_whose_content_is_not_what_its_name_says_is_refused(client, lena, thread):
    client.force_login(lena)
    fake = SimpleUploadedFile("notes.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "Kept text", "attachments": fake}
    )
    assert response.status_code == 400
    assert "notes.pdf is not a PDF, PNG, JPEG, GIF or WebP file." in response.text
    assert "Kept text" in response.text
    assert thread.posts.count() == 1


def test_a_file_over_the_size_limit_is_refused(client, lena, thread, monkeypatch):
    from agora.forums import forms

    monkeypatch.setattr(forms, "ATTACHMENT_MAX_BYTES", 10)
    client.force_login(lena)
    big = SimpleUploadedFile("notes.pdf", PDF, "application/pdf")
    response = client.post(
        reverse("forums:reply", args=[thread.pk]), {"body": "Big", "attachments": big}
    )
    assert response.status_code == 400
    assert "larger than 5 MB" in response.text


def test_a_reaction_toggles_with_htmx(client, lena, lars, thread):
    post = thread.posts.get()
    client.force_login(lars)
    url = reverse("forums:react", args=[post.pk])
    response = client.post(url, {"kind": "thanks"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert Reaction.objects.filter(post=post, user=lars, kind="thanks").count() == 1
    client.post(url, {"kind": "thanks"}, headers={"HX-Request": "true"})
    assert not Reaction.objects.filter(post=post, user=lars).exists()


def test_an_unknown_reaction_is_refused(client, lars, thread):
    client.force_login(lars)
    post = thread.posts.get()
    response = client.post(reverse("forums:react", args=[post.pk]), {"kind": "angry"})
    assert response.status_code == 400


def test_a_locked_thread_takes_replies_from_moderators_only(client, lars, fiona, thread):
    thread.locked = True
    thread.save()
    client.force_login(lars)
    client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Learner"})
    client.force_login(fiona)
    client.post(reverse("forums:reply", args=[thread.pk]), {"body": "Facilitator"})
    assert list(thread.posts.values_list("body", flat=True)[1:]) == ["Facilitator"]


def test_a_post_address_leads_to_its_page(client, lena, thread):
    posts = [posting.reply(thread, lena, body=f"Reply {n}") for n in range(25)]
    client.force_login(lena)
    response = client.get(reverse("forums:post", args=[posts[-1].pk]))
    assert response["Location"].endswith(f"?page=2#post-{posts[-1].pk}")


def test_unfollowing_stops_notifications(client, lena, lars, thread):
    client.force_login(lena)
    client.post(reverse("forums:follow", args=[thread.pk]), {"follow": "0"})
    posting.reply(thread, lars, body="Anyone?")
    assert not Notification.objects.filter(recipient=lena).exists()


def test_a_thread_title_is_required(client, lena, space):
    client.force_login(lena)
    response = client.post(
        reverse("forums:new_thread", args=[space.pk]), {"title": "", "body": "Body kept"}
    )
    assert response.status_code == 400
    assert "Body kept" in response.text
    assert not Thread.objects.exists()


def test_the_community_forum_takes_threads_from_members(client, lena, db):
    forum = posting.community_forum()
    client.force_login(lena)
    space = forum.spaces.get(slug="methods")
    client.post(
        reverse("forums:new_thread", args=[space.pk]), {"title": "Sortition", "body": "How?"}
    )
    assert Thread.objects.get(title="Sortition").space == space


def test_reporting_a_post_twice_keeps_one_report(client, lars, thread):
    post = thread.posts.get()
    client.force_login(lars)
    url = reverse("forums:report", args=[post.pk])
    client.post(url, {"reason": "Off topic"})
    client.post(url, {"reason": "Off topic, and rude"})
    assert post.reports.get().reason == "Off topic, and rude"


def test_another_person_with_the_same_name_outside_the_cohort_is_not_notified(lena, thread):
    namesake = UserFactory(full_name="Lars Learner")
    posting.reply(thread, lena, body="@[Lars Learner]")
    assert not Notification.objects.filter(recipient=namesake).exists()


def test_the_thread_page_shows_the_post_as_sanitised_html(client, lena, thread):
    posting.reply(thread, lena, body="**Bold** and <b>raw</b>")
    client.force_login(lena)
    page = client.get(reverse("forums:thread", args=[thread.pk]))
    assert "<em>five</em>" in page.text
    assert "<strong>Bold</strong> and &lt;b&gt;raw&lt;/b&gt;" in page.text
