"""Erasing a person's data: their posts lose text, files and author but keep their place;
their reactions, follows, reports and notifications go; search no longer finds them."""

from django.core.files.uploadedfile import SimpleUploadedFile

from agora.accounts.erasure import confirm_erasure, request_erasure
from agora.forums import posting
from agora.forums.models import Attachment, Follow, Post, Reaction
from agora.forums.posting import Upload
from agora.notifications.models import Notification
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n%%EOF\n"


def test_erasure_empties_posts_and_deletes_files(lena, lars, forum, thread):
    upload = SimpleUploadedFile("mine.pdf", PDF, "application/pdf")
    post = posting.reply(
        thread, lars, body="Lars wrote MARKER-42", uploads=[Upload(upload, "application/pdf")]
    )
    stored = post.attachments.get().file.name
    storage = post.attachments.get().file.storage
    Reaction.objects.create(post=thread.posts.first(), user=lars, kind="like")
    posting.reply(thread, lena, body="@[Lars Learner] thanks")

    confirm_erasure(request_erasure(lars), admin=UserFactory(is_superuser=True))

    post = Post.objects.get(pk=post.pk)
    assert (post.author, post.body, post.body_html) == (None, "", "")
    assert not Attachment.objects.exists()
    assert not storage.exists(stored)
    assert not Reaction.objects.filter(user_id=lars.pk).exists()
    assert not Follow.objects.filter(user_id=lars.pk).exists()
    assert not Notification.objects.filter(recipient_id=lars.pk).exists()
    from agora.forums import search

    findable = Post.objects.filter(thread__space__forum=forum)
    assert search.search_posts(findable, forum.pk, "marker") == []
