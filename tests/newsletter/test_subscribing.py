"""Double opt-in, expiry of unconfirmed sign-ups, and unsubscribing (also in one click)."""

import re
from datetime import timedelta
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from agora.newsletter import subscribing
from agora.newsletter.models import Subscription
from agora.newsletter.subscribing import SIGNUPS_PER_HOUR
from tests.newsletter.conftest import subscriber

SUBSCRIBE = reverse("newsletter:subscribe")


def link_in(message) -> str:
    return re.search(r"http://\S+", message.body).group(0)


def test_signing_up_sends_a_confirmation_link_and_subscribes_nobody_yet(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "Ana@Example.org", "language": "fr"})
    assert response["Location"] == reverse("newsletter:check_inbox")
    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.language) == ("ana@example.org", "fr")
    assert not subscription.is_confirmed
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/newsletter/confirm/" in link_in(mail.outbox[0])


def test_the_link_shows_a_button_and_confirms_on_post(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        subscribing.subscribe("ana@example.org", "en")
    path = link_in(mail.outbox[0]).split("8000", 1)[-1]
    assert client.get(path).status_code == 200
    assert not Subscription.objects.get().is_confirmed  # a link checker's GET confirms nothing
    response = client.post(path)
    assert response.status_code == 200
    assert Subscription.objects.get().is_confirmed


def test_a_tampered_link_is_refused(client, db):
    subscription = subscriber("ana@example.org", confirmed=False)
    token = subscribing.confirmation_token(subscription)
    response = client.post(reverse("newsletter:confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not Subscription.objects.get().is_confirmed


def test_an_unsubscribe_token_does_not_confirm(client, db):
    subscription = subscriber("ana@example.org", confirmed=False)
    token = subscribing.unsubscribe_token(subscription)
    assert client.post(reverse("newsletter:confirm", args=[token])).status_code == 400


def test_a_confirmation_link_lapses_after_seven_days(client, db):
    subscription = subscriber("ana@example.org", confirmed=False)
    token = subscribing.confirmation_token(subscription)
    later = timezone.now() + timedelta(days=8)
    with mock.patch("time.time", return_value=later.timestamp()):
        response = client.post(reverse("newsletter:confirm", args=[token]))
    assert response.status_code == 400


def test_unconfirmed_sign_ups_are_purged_after_seven_days(db):
    old = subscriber("old@example.org", confirmed=False)
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=8))
    subscriber("new@example.org", confirmed=False)
    subscriber("kept@example.org", confirmed=True)
    Subscription.objects.filter(email="kept@example.org").update(
        created_at=timezone.now() - timedelta(days=30)
    )
    assert subscribing.purge_unconfirmed() == 1
    assert sorted(Subscription.objects.values_list("email", flat=True)) == [
        "kept@example.org",
        "new@example.org",
    ]


def test_signing_up_again_does_not_reveal_or_change_a_confirmed_address(
    client, db, django_capture_on_commit_callbacks
):
    subscriber("ana@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SUBSCRIBE, {"email": "ana@example.org", "language": "fr"})
    assert response["Location"] == reverse("newsletter:check_inbox")
    assert mail.outbox == []
    assert Subscription.objects.get().language == "en"


def test_a_signed_in_person_subscribing_their_account_address_is_confirmed_at_once(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    assert f'value="{user.email}"' in client.get(SUBSCRIBE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, {"email": user.email, "language": "en"})
    subscription = Subscription.objects.get()
    assert subscription.is_confirmed and subscription.user == user
    assert mail.outbox == []
    assert "Unsubscribe" in client.get(SUBSCRIBE).content.decode()


def test_a_signed_in_person_subscribing_another_address_must_confirm_it(
    client, user, django_capture_on_commit_callbacks
):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(SUBSCRIBE, {"email": "work@example.org", "language": "en"})
    assert not Subscription.objects.get().is_confirmed
    assert len(mail.outbox) == 1


def test_a_bad_address_or_language_is_refused_and_kept(client, db):
    response = client.post(SUBSCRIBE, {"email": "not an address", "language": "xx"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="not an address"' in page
    assert 'aria-describedby="id_email_error"' in page
    assert not Subscription.objects.exists()


def test_sign_ups_are_rate_limited_per_address(client, db):
    for number in range(SIGNUPS_PER_HOUR):
        client.post(SUBSCRIBE, {"email": f"p{number}@example.org", "language": "en"})
    response = client.post(SUBSCRIBE, {"email": "last@example.org", "language": "en"})
    assert response.status_code == 429
    assert Subscription.objects.count() == SIGNUPS_PER_HOUR


def test_one_click_unsubscribe_works_without_login_or_csrf(db):
    from django.test import Client

    subscription = subscriber("ana@example.org")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("newsletter:unsubscribe", args=[subscribing.unsubscribe_token(subscription)]),
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists()


def test_the_unsubscribe_page_asks_first(client, db):
    subscription = subscriber("ana@example.org")
    url = reverse("newsletter:unsubscribe", args=[subscribing.unsubscribe_token(subscription)])
    assert "<form" in client.get(url).content.decode()
    assert Subscription.objects.exists()
    client.post(url)
    assert not Subscription.objects.exists()
    assert client.post(url).status_code == 200  # twice is fine


def test_a_forged_unsubscribe_link_removes_nobody(client, db):
    subscriber("ana@example.org")
    response = client.post(reverse("newsletter:unsubscribe", args=["forged:token"]))
    assert response.status_code == 400
    assert Subscription.objects.exists()


def test_an_old_unsubscribe_link_does_not_remove_a_new_subscriber_with_the_same_id(db):
    gone = subscriber("gone@example.org")
    token = subscribing.unsubscribe_token(gone)
    gone.delete()
    Subscription.objects.create(pk=gone.pk, email="new@example.org", confirmed_at=timezone.now())
    assert subscribing.unsubscribe(token)
    assert Subscription.objects.filter(email="new@example.org").exists()
