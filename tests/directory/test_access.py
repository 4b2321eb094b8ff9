"""The directory is for signed-in people only, and shows only what its members opted to show."""

import pytest
from django.urls import reverse

from tests.factories_directory import ContactRequestFactory

INDEX = reverse("directory:index")


@pytest.mark.parametrize(
    "name, args",
    [
        ("directory:index", []),
        ("directory:my_profile", []),
        ("directory:new_organisation", []),
        ("directory:requests", []),
    ],
)
def test_anonymous_visitors_are_sent_to_log_in(client, db, name, args):
    response = client.get(reverse(name, args=args))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_anonymous_visitors_cannot_read_a_profile(client, pia):
    response = client.get(reverse("directory:profile", args=[pia.pk]))
    assert response.status_code == 302
    assert "Pia" not in response.content.decode()


def test_a_signed_in_person_sees_listed_profiles(client, pia, sam):
    client.force_login(sam)
    assert "Pia Peer" in client.get(INDEX).content.decode()


def test_hidden_profiles_are_not_listed(client, pia, sam):
    pia.visible = False
    pia.save()
    client.force_login(sam)
    assert "Pia Peer" not in client.get(INDEX).content.decode()


def test_hidden_profiles_cannot_be_reached(client, pia, sam):
    pia.visible = False
    pia.save()
    client.force_login(sam)
    assert client.get(reverse("directory:profile", args=[pia.pk])).status_code == 404


def test_the_owner_still_reaches_their_hidden_profile(client, pia):
    pia.visible = False
    pia.save()
    client.force_login(pia.owner)
    response = client.get(reverse("directory:profile", args=[pia.pk]))
    assert response.status_code == 200
    assert "hidden" in response.content.decode()


def test_profiles_of_deactivated_accounts_are_not_listed(client, pia, sam):
    pia.owner.is_active = False
    pia.owner.save()
    client.force_login(sam)
    assert client.get(reverse("directory:profile", args=[pia.pk])).status_code == 404


def test_no_email_address_is_shown_on_a_profile_before_acceptance(client, pia, sam):
    client.force_login(sam)
    page = client.get(reverse("directory:profile", args=[pia.pk])).content.decode()
    assert "pia@example.org" not in page


def test_no_email_address_is_shown_while_a_request_is_pending(client, pia, sam):
    ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(sam)
    assert "pia@example.org" not in client.get(reverse("directory:requests")).content.decode()
    client.force_login(pia.owner)
    assert "sam@example.org" not in client.get(reverse("directory:requests")).content.decode()


def test_a_third_person_cannot_accept_someone_elses_request(client, pia, sam, tom):
    request = ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(tom)
    response = client.post(reverse("directory:answer", args=[request.pk]), {"decision": "accept"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_the_sender_cannot_accept_their_own_request(client, pia, sam):
    request = ContactRequestFactory(sender=sam, profile=pia)
    client.force_login(sam)
    response = client.post(reverse("directory:answer", args=[request.pk]), {"decision": "accept"})
    assert response.status_code == 404
    request.refresh_from_db()
    assert request.status == "pending"


def test_a_third_person_sees_no_email_after_acceptance(client, pia, sam, tom):
    ContactRequestFactory(sender=sam, profile=pia, status="accepted")
    client.force_login(tom)
    assert (
        "pia@example.org"
        not in client.get(reverse("directory:profile", args=[pia.pk])).content.decode()
    )
    assert "pia@example.org" not in client.get(reverse("directory:requests")).content.decode()


def test_nobody_else_can_edit_or_delete_a_profile(client, pia, tom):
    client.force_login(tom)
    assert client.post(reverse("directory:delete", args=[pia.pk])).status_code == 302
    pia.refresh_from_db()  # still there
    response = client.get(reverse("directory:edit_organisation", args=[pia.pk]))
    assert response.status_code == 404


def test_nobody_else_can_lift_a_block(client, pia, sam, tom):
    from agora.directory.models import Block

    block = Block.objects.create(blocker=pia.owner, blocked=sam)
    client.force_login(tom)
    client.post(reverse("directory:unblock", args=[block.pk]))
    assert Block.objects.filter(pk=block.pk).exists()


def test_anonymous_visitors_cannot_send_a_request(client, pia):
    response = client.post(reverse("directory:profile", args=[pia.pk]), {"message": "Hi"})
    assert response.status_code == 302
    assert not pia.contact_requests.exists()
