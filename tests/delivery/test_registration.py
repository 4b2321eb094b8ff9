"""Registration, the waiting list, withdrawal, approval and payment."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from agora.delivery.models import Cohort, Enrolment
from agora.delivery.registration import (
    RegistrationRefused,
    accept_offer,
    approve,
    mark_paid,
    register,
    release_lapsed_seats,
    withdraw,
)
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    MembershipFactory,
    StreamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_a_free_cohort_confirms_at_once(user):
    enrolment = register(user, CohortFactory(), language="en")
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.confirmed_at is not None


def test_a_paid_cohort_holds_the_seat_until_the_payment_deadline(user):
    cohort = CohortFactory(fee=Decimal("2450.00"), payment_days=10)
    enrolment = register(user, cohort, language="en")
    assert enrolment.status == Enrolment.Status.AWAITING_PAYMENT
    assert enrolment.payment_reference.startswith("AG-")
    assert enrolment.payment_due_at - timezone.now() > timedelta(days=9)
    mark_paid(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.paid_at is not None


def test_manual_approval_then_confirmation(user):
    enrolment = register(user, CohortFactory(admission=Cohort.Admission.APPROVAL), language="en")
    assert enrolment.status == Enrolment.Status.PENDING_APPROVAL
    approve(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


def test_a_full_cohort_puts_people_on_the_waiting_list(user):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    assert register(user, cohort, language="en").status == Enrolment.Status.WAITLISTED


def test_a_freed_seat_is_offered_to_the_first_waiting_with_an_email_and_a_deadline(
    django_capture_on_commit_callbacks,
):
    cohort = CohortFactory(capacity=1, offer_hours=48)
    first = register(UserFactory(), cohort, language="en")
    waiting = register(UserFactory(), cohort, language="en")
    later = register(UserFactory(), cohort, language="en")
    with django_capture_on_commit_callbacks(execute=True):
        withdraw(first)
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == Enrolment.Status.OFFERED
    assert later.status == Enrolment.Status.WAITLISTED
    assert mail.outbox[-1].to == [waiting.user.email]
    assert f"/cohorts/{cohort.slug}/enrolment/" in mail.outbox[-1].body
    assert waiting.offer_expires_at - timezone.now() > timedelta(hours=47)
    accept_offer(waiting)
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CONFIRMED


def test_an_expired_offer_passes_the_seat_on(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1)
    offered = EnrolmentFactory(
        cohort=cohort,
        status=Enrolment.Status.OFFERED,
        offer_expires_at=timezone.now() - timedelta(minutes=1),
    )
    waiting = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert release_lapsed_seats() == 1
    offered.refresh_from_db()
    waiting.refresh_from_db()
    assert offered.status == Enrolment.Status.CANCELLED
    assert waiting.status == Enrolment.Status.OFFERED
    with pytest.raises(RegistrationRefused):
        accept_offer(offered)


def test_registering_twice_is_refused_and_creates_nothing(user):
    cohort = CohortFactory()
    register(user, cohort, language="en")
    with pytest.raises(RegistrationRefused, match="already registered"):
        register(user, cohort, language="en")
    assert Enrolment.objects.count() == 1


def test_registration_after_the_window_closes_is_refused(user):
    cohort = CohortFactory(registration_closes_at=timezone.now() - timedelta(hours=1))
    with pytest.raises(RegistrationRefused, match="closed"):
        register(user, cohort, language="en")
    assert not Enrolment.objects.exists()


def test_a_language_the_cohort_does_not_run_in_is_refused(user):
    with pytest.raises(RegistrationRefused, match="language"):
        register(user, CohortFactory(languages=["en", "fr"]), language="da")


def test_a_stream_of_another_cohort_is_refused(user):
    with pytest.raises(RegistrationRefused, match="stream"):
        register(user, CohortFactory(), language="en", stream=StreamFactory())


def test_members_only_cohorts_admit_members_of_listed_organisations(user):
    membership = MembershipFactory()
    cohort = CohortFactory(eligibility=Cohort.Eligibility.ORGANISATIONS)
    cohort.eligible_organisations.add(membership.organisation)
    with pytest.raises(RegistrationRefused, match="members"):
        register(user, cohort, language="en")
    assert register(membership.user, cohort, language="en").status == Enrolment.Status.CONFIRMED


def test_withdrawing_and_registering_again_reuses_the_enrolment(user):
    cohort = CohortFactory()
    enrolment = register(user, cohort, language="en")
    withdraw(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN
    again = register(user, cohort, language="en")
    assert again.pk == enrolment.pk
    assert again.status == Enrolment.Status.CONFIRMED


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs row locks across connections: runs in CI's PostgreSQL pass",
)
@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_seat_at_once_get_one_seat_and_one_waiting_place():
    cohort = CohortFactory(capacity=1)
    people = [UserFactory(), UserFactory()]
    start = threading.Barrier(len(people))
    errors = []

    def take_seat(person):
        try:
            start.wait(timeout=10)
            register(person, cohort, language="en")
        except Exception as error:  # reported below, not swallowed
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_seat, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    statuses = sorted(Enrolment.objects.values_list("status", flat=True))
    assert statuses == [Enrolment.Status.CONFIRMED, Enrolment.Status.WAITLISTED]


@pytest.mark.parametrize("slug", ["my", "manage", "calendar"])
def test_page_addresses_cannot_be_cohort_addresses(slug):
    from django.core.exceptions import ValidationError

    cohort = CohortFactory.build(slug=slug)
    with pytest.raises(ValidationError):
        cohort.full_clean(exclude=["programme"])
