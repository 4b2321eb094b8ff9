"""Registration pages: the cohort page, the form, one's enrolment, receipt, withdrawal, invoice."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from agora.delivery.models import Cohort, Enrolment, Venue
from agora.delivery.registration import register
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    LevelFactory,
    ModuleFactory,
    OrganiserFactory,
    StreamFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


def with_totp(user):
    # Organisers must have two-factor authentication set up before they see anything.
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def url(name: str, cohort: Cohort, **kwargs) -> str:
    return reverse(f"delivery:{name}", kwargs={"slug": cohort.slug, **kwargs})


def paid_in_person_cohort(**kwargs) -> Cohort:
    cohort = CohortFactory(
        fee=Decimal("2450.00"),
        mode=Cohort.Mode.IN_PERSON,
        languages=["en", "fr"],
        cancellation_policy={"en": "Full refund until **30 days** before the start."},
        **kwargs,
    )
    cohort.venue = Venue.objects.create(
        organisation=cohort.programme.organisation,
        name="Town hall",
        address="Grand-Place 1",
        city="Brussels",
        country="BE",
        access={"en": "Metro to Gare Centrale."},
        accessibility={"en": "Step-free entrance on the left."},
    )
    cohort.save()
    return cohort


def answers(**extra) -> dict:
    data = {
        "language": "en",
        "organisation": "City of Ghent",
        "role": "Participation officer",
        "government_level": "local",
        "reason": "We are planning a citizens' assembly.",
        "accessibility_needs": "",
    }
    data.update(extra)
    return data


BILLING = {
    "billing_name": "City of Ghent",
    "billing_address": "Botermarkt 1, 9000 Gent",
    "billing_reference": "PO-1234",
}


def awaiting_payment(user) -> Enrolment:
    cohort = paid_in_person_cohort()
    return register(user, cohort, language="en", answers={**BILLING})


# --- The cohort page ------------------------------------------------------------------------------


def test_the_cohort_page_shows_the_facts_and_the_policy_before_registering(client):
    cohort = paid_in_person_cohort(capacity=20, time_zone="Europe/Warsaw")
    StreamFactory(cohort=cohort, name={"en": "Managers"}, weekly_minutes=90)
    page = client.get(url("cohort", cohort)).content.decode()
    assert "Europe/Warsaw" in page
    assert "Town hall" in page and "Grand-Place 1" in page
    assert "Metro to Gare Centrale." in page
    assert "Step-free entrance" in page
    assert "<strong>30 days</strong>" in page
    assert "2,450.00 EUR" in page
    assert "20 seats left" in page
    assert "Managers" in page and "1 h 30 min" in page
    assert url("register", cohort) in page


def test_a_full_cohort_says_waiting_list(client):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    page = client.get(url("cohort", cohort)).content.decode()
    assert "waiting list" in page
    assert "Join the waiting list" in page


def test_a_draft_cohort_is_hidden_from_the_public_but_not_from_its_organisers(client):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)
    assert client.get(url("cohort", cohort)).status_code == 404
    organiser = with_totp(OrganiserFactory(organisation=cohort.programme.organisation).user)
    client.force_login(organiser)
    assert client.get(url("cohort", cohort)).status_code == 200


def test_the_programme_page_lists_its_upcoming_cohorts(client):
    cohort = CohortFactory(name={"en": "Autumn school"}, capacity=2)
    CohortFactory(programme=cohort.programme, status=Cohort.Status.DRAFT, name={"en": "Hidden"})
    page = client.get(cohort.programme.get_absolute_url()).content.decode()
    assert "Autumn school" in page and url("cohort", cohort) in page
    assert "2 seats left" in page
    assert "Hidden" not in page


def test_the_programme_page_query_count_does_not_grow_with_cohorts(
    client, django_assert_max_num_queries
):
    cohort = CohortFactory(capacity=5)
    address = cohort.programme.get_absolute_url()
    with CaptureQueriesContext(connection) as queries:
        client.get(address)
    for _ in range(5):
        EnrolmentFactory(cohort=CohortFactory(programme=cohort.programme, capacity=5))
    with django_assert_max_num_queries(len(queries)):
        client.get(address)


# --- Registering ----------------------------------------------------------------------------------


def test_registering_needs_a_login(client):
    cohort = CohortFactory()
    response = client.get(url("register", cohort))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_registering_for_a_free_cohort_confirms_and_keeps_the_answers(client, user):
    cohort = CohortFactory()
    stream = StreamFactory(cohort=cohort)
    client.force_login(user)
    response = client.post(url("register", cohort), answers(stream=stream.pk))
    assert response.status_code == 302
    assert response["Location"] == url("enrolment", cohort)
    enrolment = Enrolment.objects.get(user=user, cohort=cohort)
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.stream == stream
    assert enrolment.answers["organisation"] == "City of Ghent"
    assert enrolment.answers["government_level"] == "local"
    assert "billing_name" not in enrolment.answers


def test_a_paid_in_person_cohort_asks_for_billing_and_travel(client, user):
    cohort = paid_in_person_cohort()
    client.force_login(user)
    page = client.get(url("register", cohort)).content.decode()
    for label in ("Billing name", "VAT or purchase order number", "accommodation", "pick-up"):
        assert label in page
    response = client.post(url("register", cohort), answers(
        **BILLING, accommodation="on", airport_pickup="on", arrival_details="BRU, 9 May, SN123",
    ))
    assert response.status_code == 302
    enrolment = Enrolment.objects.get(user=user, cohort=cohort)
    assert enrolment.status == Enrolment.Status.AWAITING_PAYMENT
    assert enrolment.answers["billing_reference"] == "PO-1234"
    assert enrolment.answers["airport_pickup"] is True
    assert enrolment.answers["arrival_details"] == "BRU, 9 May, SN123"


def test_a_free_online_cohort_asks_no_billing(client, user):
    client.force_login(user)
    page = client.get(url("register", CohortFactory())).content.decode()
    assert "Billing name" not in page
    assert "pick-up" not in page


def test_an_invalid_form_keeps_what_was_typed(client, user):
    cohort = paid_in_person_cohort()
    client.force_login(user)
    response = client.post(url("register", cohort), answers(
        organisation="Typed organisation", airport_pickup="on", **BILLING
    ))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Typed organisation"' in page
    assert "Tell us when and where you arrive" in page
    assert 'aria-invalid="true"' in page
    assert not Enrolment.objects.exists()


def test_a_refusal_is_shown_and_the_form_kept(client, user):
    cohort = CohortFactory(registration_opens_at=timezone.now() + timedelta(days=1))
    client.force_login(user)
    response = client.post(url("register", cohort), answers(organisation="Kept"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Registration for this cohort is closed." in page
    assert 'value="Kept"' in page


def test_a_language_the_cohort_does_not_run_in_is_refused(client, user):
    cohort = CohortFactory(languages=["fr"])
    client.force_login(user)
    response = client.post(url("register", cohort), answers(language="en"))
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def test_a_double_submit_creates_one_enrolment(client, user):
    cohort = CohortFactory()
    client.force_login(user)
    client.post(url("register", cohort), answers())
    response = client.post(url("register", cohort), answers(), follow=True)
    assert Enrolment.objects.filter(user=user, cohort=cohort).count() == 1
    assert response.redirect_chain[-1][0] == url("enrolment", cohort)
    assert "You are already registered for this cohort." in response.content.decode()


def test_registering_for_an_unlisted_cohort_is_404(client, user):
    client.force_login(user)
    response = client.get(url("register", CohortFactory(status=Cohort.Status.DRAFT)))
    assert response.status_code == 404


# --- The enrolment page ---------------------------------------------------------------------------


def test_the_enrolment_page_is_for_its_owner_only(client, user, other_user):
    enrolment = EnrolmentFactory(user=user)
    address = url("enrolment", enrolment.cohort)
    assert reverse("account_login") in client.get(address)["Location"]
    client.force_login(other_user)
    assert client.get(address).status_code == 404
    client.force_login(user)
    assert client.get(address).status_code == 200


def test_awaiting_payment_shows_the_bank_details(client, user, settings):
    settings.AGORA_BANK_ACCOUNT = {"holder": "Institute", "iban": "BE68 5390 0754 7034",
                                   "bic": "TESTBEBB"}
    enrolment = awaiting_payment(user)
    client.force_login(user)
    page = client.get(url("enrolment", enrolment.cohort)).content.decode()
    assert "BE68 5390 0754 7034" in page and "TESTBEBB" in page
    assert enrolment.payment_reference in page
    assert "2,450.00 EUR" in page
    assert url("invoice", enrolment.cohort) in page
    assert "Download invoice (PDF)" in page


def test_bank_details_have_a_default(client, user, settings):
    del settings.AGORA_BANK_ACCOUNT
    enrolment = awaiting_payment(user)
    client.force_login(user)
    page = client.get(url("enrolment", enrolment.cohort)).content.decode()
    assert "IBAN" in page and "BE71 0961 2345 6769" in page


def test_the_waiting_list_position_is_shown(client, user):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    register(user, cohort, language="en")
    client.force_login(user)
    page = client.get(url("enrolment", cohort)).content.decode()
    assert "number 2 on the waiting list" in page


def test_an_offered_seat_can_be_accepted(client, user):
    enrolment = EnrolmentFactory(
        user=user, status=Enrolment.Status.OFFERED,
        offer_expires_at=timezone.now() + timedelta(hours=10),
    )
    client.force_login(user)
    page = client.get(url("enrolment", enrolment.cohort)).content.decode()
    assert "Accept the seat" in page
    response = client.post(url("accept_offer", enrolment.cohort))
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


def test_an_expired_offer_is_refused_with_a_message(client, user):
    enrolment = EnrolmentFactory(
        user=user, status=Enrolment.Status.OFFERED,
        offer_expires_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(user)
    response = client.post(url("accept_offer", enrolment.cohort), follow=True)
    assert "This offer has expired." in response.content.decode()


def test_accepting_is_for_the_owner_only(client, user, other_user):
    enrolment = EnrolmentFactory(user=user, status=Enrolment.Status.OFFERED)
    address = url("accept_offer", enrolment.cohort)
    assert reverse("account_login") in client.post(address)["Location"]
    client.force_login(other_user)
    assert client.post(address).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.OFFERED


# --- Receipts -------------------------------------------------------------------------------------


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_a_receipt_is_stored(client, user):
    enrolment = awaiting_payment(user)
    client.force_login(user)
    response = client.post(url("upload_receipt", enrolment.cohort),
                           {"receipt": upload("receipt.pdf", PDF)})
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.receipt.name.endswith(".pdf")
    with enrolment.receipt.open("rb") as stored:
        assert stored.read() == PDF


def test_a_png_receipt_is_accepted(client, user):
    enrolment = awaiting_payment(user)
    client.force_login(user)
    client.post(url("upload_receipt", enrolment.cohort),
                {"receipt": upload("scan.PNG", PNG, "image/png")})
    enrolment.refresh_from_db()
    assert enrolment.receipt.name.endswith(".png")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("receipt.pdf", b"MZ\x90\0 not a pdf at all"),  # by content, not by name
        ("receipt.exe", PDF),
        ("receipt.pdf", b"<html><script>alert(1)</script></html>"),
    ],
)
def test_a_receipt_of_the_wrong_type_is_refused_before_storing(client, user, name, content,
                                                               settings):
    enrolment = awaiting_payment(user)
    client.force_login(user)
    response = client.post(url("upload_receipt", enrolment.cohort),
                           {"receipt": upload(name, content)})
    assert response.status_code == 400
    assert "Upload a PDF, JPEG or PNG file." in response.content.decode()
    enrolment.refresh_from_db()
    assert not enrolment.receipt
    receipts = settings.MEDIA_ROOT / "receipts"
    assert not receipts.exists() or not any(receipts.rglob("*.*"))


def test_a_receipt_over_5_mb_is_refused(client, user):
    enrolment = awaiting_payment(user)
    client.force_login(user)
    big = PDF + b"\0" * (5 * 1024 * 1024)
    response = client.post(url("upload_receipt", enrolment.cohort),
                           {"receipt": upload("receipt.pdf", big)})
    assert response.status_code == 400
    assert "larger than 5 MB" in response.content.decode()
    enrolment.refresh_from_db()
    assert not enrolment.receipt


def test_receipts_are_for_the_owner_only(client, user, other_user):
    enrolment = awaiting_payment(user)
    address = url("upload_receipt", enrolment.cohort)
    assert reverse("account_login") in client.post(address)["Location"]
    client.force_login(other_user)
    assert client.post(address, {"receipt": upload("r.pdf", PDF)}).status_code == 404
    enrolment.refresh_from_db()
    assert not enrolment.receipt


# --- Withdrawing ----------------------------------------------------------------------------------


def test_withdrawing_asks_for_confirmation_then_withdraws(client, user):
    enrolment = EnrolmentFactory(user=user)
    client.force_login(user)
    address = url("withdraw", enrolment.cohort)
    page = client.get(address).content.decode()
    assert "Yes, withdraw" in page
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    response = client.post(address)
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN


def test_withdrawing_is_for_the_owner_only(client, user, other_user):
    enrolment = EnrolmentFactory(user=user)
    address = url("withdraw", enrolment.cohort)
    assert reverse("account_login") in client.get(address)["Location"]
    client.force_login(other_user)
    assert client.get(address).status_code == 404
    assert client.post(address).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    client.force_login(user)
    assert client.get(address).status_code == 200


def test_one_may_register_again_after_withdrawing(client, user):
    enrolment = EnrolmentFactory(user=user, status=Enrolment.Status.WITHDRAWN)
    client.force_login(user)
    response = client.post(url("register", enrolment.cohort), answers())
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED


# --- Invoices -------------------------------------------------------------------------------------


def test_the_invoice_is_for_its_owner_and_the_cohorts_organisers(client, user, other_user):
    enrolment = awaiting_payment(user)
    own = url("invoice", enrolment.cohort)
    organisers = url("enrolment_invoice", enrolment.cohort, pk=enrolment.pk)
    assert reverse("account_login") in client.get(own)["Location"]
    assert reverse("account_login") in client.get(organisers)["Location"]

    client.force_login(other_user)
    assert client.get(own).status_code == 404
    assert client.get(organisers).status_code == 404

    outsider = with_totp(OrganiserFactory().user)  # organiser of another organisation
    client.force_login(outsider)
    assert client.get(organisers).status_code == 404

    client.force_login(user)
    response = client.get(own)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")

    organisation = enrolment.cohort.programme.organisation
    organiser = with_totp(OrganiserFactory(organisation=organisation).user)
    client.force_login(organiser)
    response = client.get(organisers)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")


def test_a_free_cohort_has_no_invoice(client, user):
    enrolment = EnrolmentFactory(user=user)
    client.force_login(user)
    assert client.get(url("invoice", enrolment.cohort)).status_code == 404


def test_the_organisers_part_is_not_taken_for_a_cohort(client):
    assert reverse("delivery:cohort", kwargs={"slug": "spring"}) == "/cohorts/spring/"
    try:
        match = resolve("/cohorts/manage/")
    except Resolver404:
        return
    assert match.url_name != "cohort"


def test_times_are_shown_in_the_cohorts_time_zone(client, user, settings):
    settings.TIME_ZONE = "Europe/Brussels"
    closes = datetime(2099, 1, 15, 12, 0, tzinfo=UTC)  # 21:00 in Tokyo, 13:00 in Brussels
    cohort = CohortFactory(time_zone="Asia/Tokyo", registration_closes_at=closes,
                           fee=Decimal("100.00"))
    page = client.get(url("cohort", cohort)).content.decode()
    assert "9 p.m." in page and "Asia/Tokyo" in page
    enrolment = register(user, cohort, language="en", now=datetime(2099, 1, 1, 3, 0, tzinfo=UTC))
    client.force_login(user)
    page = client.get(url("enrolment", cohort)).content.decode()
    due = timezone.localtime(enrolment.payment_due_at, cohort.zone)
    assert due.hour == 12
    assert "noon" in page  # 03:00 UTC + 14 days, in Tokyo


# Changing one's stream.


def two_streams():
    cohort = CohortFactory()
    practitioners = StreamFactory(cohort=cohort, name={"en": "Practitioners"}, weekly_minutes=180)
    managers = StreamFactory(cohort=cohort, name={"en": "Managers"}, weekly_minutes=15)
    return cohort, practitioners, managers


def test_the_enrolment_page_offers_the_streams(client):
    cohort, practitioners, managers = two_streams()
    enrolment = EnrolmentFactory(cohort=cohort, stream=practitioners)
    client.force_login(enrolment.user)
    response = client.get(url("enrolment", cohort))
    assert response.status_code == 200
    assert url("change_stream", cohort).encode() in response.content
    assert b"Managers (about " in response.content


def test_a_learner_changes_stream(client):
    cohort, practitioners, managers = two_streams()
    enrolment = EnrolmentFactory(cohort=cohort, stream=practitioners)
    client.force_login(enrolment.user)
    response = client.post(url("change_stream", cohort), {"stream": managers.pk}, follow=True)
    assert response.redirect_chain[-1][0] == url("enrolment", cohort)
    assert b"Your stream is now: Managers." in response.content
    enrolment.refresh_from_db()
    assert enrolment.stream == managers


def test_a_stream_of_another_cohort_is_refused(client):
    cohort, practitioners, _managers = two_streams()
    elsewhere = StreamFactory(name={"en": "Elsewhere"})
    enrolment = EnrolmentFactory(cohort=cohort, stream=practitioners)
    client.force_login(enrolment.user)
    for value in (elsewhere.pk, "", "not-a-number"):
        response = client.post(url("change_stream", cohort), {"stream": value}, follow=True)
        assert b"Choose one of this cohort&#x27;s streams." in response.content
    enrolment.refresh_from_db()
    assert enrolment.stream == practitioners


def test_a_withdrawn_enrolment_keeps_its_stream(client):
    cohort, practitioners, managers = two_streams()
    enrolment = EnrolmentFactory(
        cohort=cohort, stream=practitioners, status=Enrolment.Status.WITHDRAWN
    )
    client.force_login(enrolment.user)
    response = client.get(url("enrolment", cohort))
    assert url("change_stream", cohort).encode() not in response.content
    client.post(url("change_stream", cohort), {"stream": managers.pk})
    enrolment.refresh_from_db()
    assert enrolment.stream == practitioners


def test_another_learner_cannot_change_my_stream(client):
    cohort, practitioners, managers = two_streams()
    enrolment = EnrolmentFactory(cohort=cohort, stream=practitioners)
    client.force_login(EnrolmentFactory(stream=None).user)
    response = client.post(url("change_stream", cohort), {"stream": managers.pk})
    assert response.status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.stream == practitioners


def test_changing_stream_needs_a_login(client):
    cohort, _practitioners, managers = two_streams()
    response = client.post(url("change_stream", cohort), {"stream": managers.pk})
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]
    assert client.get(url("change_stream", cohort)).status_code in (302, 405)


def test_a_level_cohort_lets_the_learner_combine_modules(client, user):
    level = LevelFactory()
    required = ModuleFactory(level=level, required=True, title={"en": "Designing a process"})
    chosen = ModuleFactory(level=level, title={"en": "Citizens' assemblies"})
    ModuleFactory(level=level, title={"en": "Digital participation"})
    cohort = CohortFactory(programme=level.programme, level=level)
    client.force_login(user)
    url = reverse("delivery:register", kwargs={"slug": cohort.slug})
    answers = {
        "language": "en", "organisation": "Town hall", "role": "Officer",
        "government_level": "local", "reason": "To learn",
    }
    page = client.get(url).content.decode()
    assert "Designing a process (required)" in page

    refused = client.post(url, {**answers, "modules": [chosen.pk]})
    assert refused.status_code == 200
    assert "These modules are required" in refused.content.decode()
    assert not Enrolment.objects.exists()

    client.post(url, {**answers, "modules": [required.pk, chosen.pk]})
    enrolment = Enrolment.objects.get(user=user)
    assert set(enrolment.modules.all()) == {required, chosen}
