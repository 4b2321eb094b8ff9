"""Contact requests: sent with a message, answered by the recipient, e-mails shared after."""

import pytest
from django.urls import reverse

from agora.directory import contacts
from agora.directory.contacts import ContactRefused, answer_contact_request, send_contact_request
from agora.directory.models import Block, ContactRequest
from agora.notifications.models import Notification
from tests.factories import UserFactory
from tests.factories_directory import ContactRequestFactory, ProfileFactory

REQUESTS = reverse("directory:requests")


def profile_url(profile):
    return reverse("directory:profile", args=[profile.pk])


def test_a_person_sends_a_request_and_the_recipient_is_notified(client, pia, sam):
    client.force_login(sam)
    response = client.post(profile_url(pia), {"message": "Shall we talk about assemblies?"})
    assert response.status_code == 302
    request = ContactRequest.objects.get()
    assert (request.sender, request.profile, request.status) == (sam, pia, "pending")
    notice = Notification.objects.get(recipient=pia.owner)
    assert "Sam Seeker" in notice.text()
    assert notice.url == REQUESTS


def test_an_empty_message_is_refused_with_an_error(client, pia, sam):
    client.force_login(sam)
    response = client.post(profile_url(pia), {"message": ""})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_a_double_submit_counts_once(client, pia, sam):
    client.force_login(sam)
    for _ in range(2):
        client.post(profile_url(pia), {"message": "Hello"})
    assert ContactRequest.objects.count() == 1
    assert Notification.objects.filter(recipient=pia.owner).count() == 1


def test_the_database_refuses_a_second_pending_request(pia, sam):
    from django.db import IntegrityError, transaction

    ContactRequestFactory(sender=sam, profile=pia)
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactRequestFactory(sender=sam, profile=pia)


def test_after_a_decline_a_new_request_may_be_sent(pia, sam):
    first = send_contact_request(sam, pia, "Hello")
    answer_contact_request(first, accept=False)
    second = send_contact_request(sam, pia, "Hello again")
    assert second.pk != first.pk


def test_a_person_cannot_contact_their_own_profile(pia):
    with pytest.raises(ContactRefused):
        send_contact_request(pia.owner, pia, "Me")


def test_accepting_shows_both_email_addresses_to_both(client, pia, sam):
    request = ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(pia.owner)
    client.post(reverse("directory:answer", args=[request.pk]), {"decision": "accept"})
    assert "sam@example.org" in client.get(REQUESTS).content.decode()
    client.force_login(sam)
    assert "pia@example.org" in client.get(REQUESTS).content.decode()
    assert "pia@example.org" in client.get(profile_url(pia)).content.decode()
    assert Notification.objects.filter(recipient=sam, verb="directory.contact_accepted").exists()


def test_declining_shows_no_email_address(client, pia, sam):
    request = ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(pia.owner)
    client.post(reverse("directory:answer", args=[request.pk]), {"decision": "decline"})
    request.refresh_from_db()
    assert request.status == "declined"
    client.force_login(sam)
    assert "pia@example.org" not in client.get(profile_url(pia)).content.decode()


def test_an_answer_counts_once(pia, sam):
    request = ContactRequestFactory(sender=sam, profile=pia)
    answer_contact_request(request, accept=True)
    answer_contact_request(request, accept=False)
    request.refresh_from_db()
    assert request.status == "accepted"
    assert Notification.objects.filter(recipient=sam).count() == 1


def test_a_blocked_person_can_send_no_more_requests(client, pia, sam):
    request = ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(pia.owner)
    client.post(reverse("directory:answer", args=[request.pk]), {"decision": "block"})
    request.refresh_from_db()
    assert request.status == "declined"
    client.force_login(sam)
    response = client.post(profile_url(pia), {"message": "Again"})
    assert response.status_code == 200
    assert "does not accept contact requests from you" in response.content.decode()
    assert ContactRequest.objects.count() == 1


def test_an_unblocked_person_may_send_requests_again(client, pia, sam):
    block = Block.objects.create(blocker=pia.owner, blocked=sam)
    client.force_login(pia.owner)
    client.post(reverse("directory:unblock", args=[block.pk]))
    assert send_contact_request(sam, pia, "Hello").status == "pending"


def test_requests_are_rate_limited_with_a_message(client, sam, settings, monkeypatch):
    monkeypatch.setattr(contacts, "REQUESTS_PER_WINDOW", 2)
    client.force_login(sam)
    profiles = [ProfileFactory(owner=UserFactory()) for _ in range(3)]
    for profile in profiles[:2]:
        assert client.post(profile_url(profile), {"message": "Hi"}).status_code == 302
    response = client.post(profile_url(profiles[2]), {"message": "Keep this text"})
    html = response.content.decode()
    assert "many contact requests in a short time" in html
    assert "Keep this text" in html
    assert ContactRequest.objects.count() == 2
