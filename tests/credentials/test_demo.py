"""The demo certificates (agora/credentials/demo.py): two early finishers of the P5 cohort
hold valid certificates, and loading again adds nothing."""

import pytest

from agora.accounts import demo as accounts_demo
from agora.catalogue import demo as catalogue_demo
from agora.credentials import demo, verifying
from agora.credentials.models import Certificate, IssuerProfile, SigningKey
from agora.delivery import demo as delivery_demo


@pytest.fixture
def loaded(db):
    accounts_demo.load()
    catalogue_demo.load()
    delivery_demo.load()
    demo.load()


def test_two_demo_learners_hold_valid_certificates(loaded):
    certificates = Certificate.objects.select_related("enrolment__user")

    assert sorted(c.enrolment.user.email for c in certificates) == [
        "learner01@agora.example", "learner02@agora.example"
    ]
    assert all(verifying.verify_certificate(c).status == "valid" for c in certificates)
    assert IssuerProfile.objects.get().signature


def test_loading_again_adds_nothing(loaded):
    before = (Certificate.objects.count(), SigningKey.objects.count(),
              IssuerProfile.objects.count())

    demo.load()

    assert (Certificate.objects.count(), SigningKey.objects.count(),
            IssuerProfile.objects.count()) == before
