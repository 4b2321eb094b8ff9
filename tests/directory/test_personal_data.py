"""A person's directory profile, requests and blocks are exported and erased with them."""

from agora.accounts.personal_data import erase_records, export_records
from agora.directory.models import Block, ContactRequest, Profile
from tests.factories_directory import ContactRequestFactory


def test_the_export_holds_the_profile_and_requests(pia, sam):
    ContactRequestFactory(sender=sam, profile=pia, message="Sam's message")
    Block.objects.create(blocker=pia.owner, blocked=sam)
    data = export_records(pia.owner)
    assert data["directory.Profile"]["records"][0]["display_name"] == "Pia Peer"
    assert data["directory.ContactRequest"]["records"][0]["message"] == "Sam's message"
    assert data["directory.Block"]["records"]
    assert "directory.Profile" not in export_records(sam)


def test_erasing_a_person_deletes_their_profile_requests_and_blocks(pia, sam):
    ContactRequestFactory(sender=sam, profile=pia)
    Block.objects.create(blocker=sam, blocked=pia.owner)
    erase_records(pia.owner)
    assert not Profile.objects.exists()
    assert not ContactRequest.objects.exists()
    assert not Block.objects.exists()


def test_erasing_a_sender_deletes_the_requests_they_sent(pia, sam):
    ContactRequestFactory(sender=sam, profile=pia)
    erase_records(sam)
    assert not ContactRequest.objects.exists()
    assert Profile.objects.filter(pk=pia.pk).exists()
