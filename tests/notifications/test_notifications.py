"""The notifications page, the unread count, e-mails at once or in a daily digest."""

from datetime import timedelta

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from agora.notifications import sending
from agora.notifications.models import Notification, Preference
from tests.factories import UserFactory
from tests.factories_forums import NotificationFactory

pytestmark = pytest.mark.django_db

# A message Django itself translates, so the test does not wait for our French catalogue.
TRANSLATED = "This field is required."


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_the_page_shows_my_notifications_only(client, user, other_user):
    NotificationFactory(recipient=user, params={"actor": "Ada", "thread": "Mine"})
    NotificationFactory(recipient=other_user, params={"actor": "Bob", "thread": "Theirs"})
    client.force_login(user)
    response = client.get(reverse("notifications:index"))
    assert "Ada replied in “Mine”" in response.text
    assert "Theirs" not in response.text


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("notifications:index"))
    assert response["Location"].startswith(reverse("account_login"))


def test_opening_a_notification_marks_it_read_and_goes_there(client, user):
    notification = NotificationFactory(recipient=user, url="/forums/posts/3/")
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/forums/posts/3/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_someone_elses_notification_is_refused(client, user, other_user):
    notification = NotificationFactory(recipient=other_user)
    client.force_login(user)
    assert client.get(reverse("notifications:open", args=[notification.pk])).status_code == 404


def test_a_link_off_the_site_is_never_followed(client, user):
    notification = NotificationFactory(recipient=user, url="https://evil.example/")
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response["Location"] == "/"


def test_mark_all_read(client, user):
    NotificationFactory.create_batch(3, recipient=user)
    client.force_login(user)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.unread().exists()


def test_the_text_is_rendered_in_the_readers_language():
    notification = Notification(message=TRANSLATED, params={})
    assert notification.text("fr") == "Ce champ est obligatoire."
    assert notification.text("en") == TRANSLATED


def render_link(user) -> str:
    request = RequestFactory().get("/")
    request.user = user
    request.resolver_match = None
    template = Template("{% load notifications %}{% unread_notifications_link %}")
    return template.render(Context({"request": request}))


def test_the_unread_count_counts_unread_and_shown_only(user):
    NotificationFactory.create_batch(2, recipient=user)
    NotificationFactory(recipient=user, read_at=timezone.now())
    NotificationFactory(recipient=user, hidden=True)
    assert "2 unread" in render_link(user)


def test_the_unread_count_is_capped(user):
    Notification.objects.bulk_create(
        Notification(recipient=user, verb="x", message="m", url="/") for _ in range(101)
    )
    assert "99+ unread" in render_link(user)


def test_a_person_chooses_how_to_be_emailed(client, user):
    client.force_login(user)
    client.post(reverse("notifications:preferences"), {"email": "immediate"})
    assert Preference.objects.get(user=user).email == "immediate"


def test_an_unknown_choice_is_refused(client, user):
    client.force_login(user)
    response = client.post(reverse("notifications:preferences"), {"email": "hourly"})
    assert response.status_code == 200
    assert not Preference.objects.filter(user=user, email="hourly").exists()


def test_immediate_emails_go_at_once_in_the_readers_language(user, immediate_tasks,
                                                             django_capture_on_commit_callbacks):
    user.preferred_language = "fr"
    user.save()
    Preference.objects.create(user=user, email=Preference.Email.IMMEDIATE)
    with django_capture_on_commit_callbacks(execute=True):
        sending.notify([user], verb="t", message=TRANSLATED, params={}, url="/forums/")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Ce champ est obligatoire."
    assert Notification.objects.get().emailed_at is not None


def test_digest_readers_get_no_immediate_email(user, immediate_tasks,
                                               django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sending.notify([user], verb="t", message=TRANSLATED, params={}, url="/forums/")
    assert mail.outbox == []


def test_the_daily_digest_gathers_everything_once(user, other_user):
    NotificationFactory.create_batch(2, recipient=user, message=TRANSLATED, params={})
    user.preferred_language = "fr"
    user.save()
    assert sending.send_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("Ce champ est obligatoire.") == 2
    assert sending.send_digests() == 0
    NotificationFactory(recipient=user)
    assert sending.send_digests() == 0  # not a day yet
    assert sending.send_digests(timezone.now() + timedelta(days=1)) == 1


def test_the_digest_leaves_out_hidden_and_read_notifications(user):
    NotificationFactory(recipient=user, hidden=True)
    NotificationFactory(recipient=user, read_at=timezone.now())
    assert sending.send_digests() == 0
    assert mail.outbox == []


def test_no_email_for_those_who_want_none(user):
    Preference.objects.create(user=user, email=Preference.Email.NONE)
    NotificationFactory(recipient=user)
    assert sending.send_digests() == 0


def test_an_immediate_email_is_sent_once(user):
    notification = NotificationFactory(recipient=user)
    assert sending.send_immediate_emails([notification.pk, notification.pk]) == 1


def test_an_inactive_person_is_not_notified(db):
    gone = UserFactory(is_active=False)
    assert sending.notify([gone], verb="t", message="m", params={}, url="/") == []


def test_the_digest_task_sends_nothing_when_nothing_waits():
    from agora.notifications.tasks import send_daily_digests

    assert send_daily_digests.call() == 0


def test_notifications_read_long_ago_are_deleted(user):
    old = NotificationFactory(recipient=user, read_at=timezone.now() - timedelta(days=91))
    unread = NotificationFactory(recipient=user, created_at=timezone.now() - timedelta(days=200))
    assert sending.purge_old() == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [unread.pk]
    assert not Notification.objects.filter(pk=old.pk).exists()
