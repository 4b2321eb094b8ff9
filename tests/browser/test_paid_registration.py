"""A learner finds a paid in-person cohort from its programme's page, reads the venue and the
cancellation policy, registers with billing details, sees how to pay, downloads the invoice,
uploads a proof of payment and, once the organiser has recorded the payment, sees the place
confirmed. axe checks every page."""

from decimal import Decimal
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from agora.delivery.models import Cohort, Enrolment, Venue
from agora.delivery.registration import mark_paid
from tests.factories import (
    CohortFactory,
    OrganiserFactory,
    ProgrammeFactory,
    StreamFactory,
    UserFactory,
)

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def cohort(transactional_db):
    programme = ProgrammeFactory(slug="deliberation", title={"en": "Deliberation in practice"})
    venue = Venue.objects.create(
        organisation=programme.organisation,
        name="Casa da Cidadania",
        address="Rua Augusta 100",
        city="Lisbon",
        country="PT",
        access={"en": "Metro: Baixa-Chiado."},
        accessibility={"en": "Step-free entrance and a lift to every floor."},
    )
    cohort = CohortFactory(
        programme=programme,
        slug="lisbon-2027",
        name={"en": "Lisbon summer school"},
        mode=Cohort.Mode.IN_PERSON,
        languages=["en", "pt"],
        time_zone="Europe/Lisbon",
        capacity=24,
        fee=Decimal("1800.00"),
        venue=venue,
        cancellation_policy={"en": "Full refund until 30 days before the start."},
    )
    StreamFactory(cohort=cohort, name={"en": "Practitioners"}, weekly_minutes=180)
    return cohort


def test_register_pay_by_transfer_and_be_confirmed(
    open_visitor, client, live_server, cohort, tmp_path
):
    learner = UserFactory(full_name="Lena Learner")
    visitor = open_visitor()
    visitor.sign_in_as(learner)
    page = visitor.page

    # From the programme to the cohort: the policy is shown before registering.
    visitor.visit(cohort.programme.get_absolute_url())
    visitor.follow(page.get_by_role("link", name="Lisbon summer school"))
    expect(page.get_by_text("Full refund until 30 days before the start.")).to_be_visible()
    expect(page.get_by_text("Step-free entrance and a lift to every floor.")).to_be_visible()
    expect(page.get_by_text("24 seats left")).to_be_visible()
    visitor.follow(page.get_by_role("link", name="Register", exact=True))

    # The form, with billing and travel for a paid in-person cohort.
    page.get_by_label("Preferred language").select_option("en")
    page.get_by_label("Practitioners (about 3 h a week)").check()
    page.get_by_label("Organisation", exact=True).fill("City of Ghent")
    page.get_by_label("Role or job title").fill("Participation officer")
    page.get_by_label("Level of government").select_option("local")
    page.get_by_label("Why do you want to take part?").fill("We plan a citizens' assembly.")
    page.get_by_label("Billing name").fill("City of Ghent")
    page.get_by_label("Billing address").fill("Botermarkt 1, 9000 Gent")
    page.get_by_label("VAT or purchase order number").fill("PO-2027-17")
    page.get_by_label("I would like an airport pick-up").check()
    # Forgot the arrival details: the form says so and keeps the rest.
    visitor.follow(page.get_by_role("button", name="Register"))
    expect(page.get_by_text("Tell us when and where you arrive, for the pick-up.")).to_be_visible()
    expect(page.get_by_label("Billing address")).to_have_value("Botermarkt 1, 9000 Gent")
    page.get_by_label("Arrival details").fill("LIS, 5 July, TP 641 at 10:40")
    visitor.follow(page.get_by_role("button", name="Register"))

    # How to pay.
    enrolment = Enrolment.objects.get(user=learner, cohort=cohort)
    assert enrolment.status == Enrolment.Status.AWAITING_PAYMENT
    expect(page.get_by_role("heading", name="Status: Waiting for payment")).to_be_visible()
    payment = page.locator(".payment-details")
    expect(payment).to_contain_text("1,800.00 EUR")
    expect(payment).to_contain_text("IBAN")
    expect(payment).to_contain_text(enrolment.payment_reference)

    # The invoice is a PDF.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download invoice (PDF)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes().startswith(b"%PDF-")

    # The proof of payment.
    receipt = page.get_by_role("region", name="Proof of payment")
    receipt.get_by_label("Proof of payment").set_input_files(
        files=[{"name": "transfer.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    visitor.follow(page.get_by_role("button", name="Upload"))
    expect(page.get_by_text("your proof of payment was uploaded")).to_be_visible()
    enrolment.refresh_from_db()
    assert enrolment.receipt

    # The organiser records the payment (on their page, where it exists).
    record_payment(open_visitor, live_server, enrolment)

    visitor.visit(reverse("delivery:enrolment", kwargs={"slug": cohort.slug}))
    expect(page.get_by_role("heading", name="Status: Confirmed")).to_be_visible()
    expect(page.get_by_text("Your place is confirmed.")).to_be_visible()


def record_payment(open_visitor, live_server, enrolment):
    try:
        address = reverse("delivery:manage_cohort", kwargs={"slug": enrolment.cohort.slug})
    except NoReverseMatch:  # the organisers' pages are not there: record it directly
        mark_paid(enrolment)
        return
    organiser = OrganiserFactory(
        organisation=enrolment.cohort.programme.organisation, user__full_name="Olga"
    ).user
    Authenticator.objects.create(user=organiser, type=Authenticator.Type.TOTP, data={})
    visitor = open_visitor()
    visitor.sign_in_as(organiser)

    visitor.visit(address)
    visitor.follow(visitor.page.get_by_role("button", name="Mark Lena Learner as paid"))
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
