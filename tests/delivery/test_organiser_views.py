"""Organiser pages of a cohort: who may see them, figures, filters, exports, actions,
messages, capacity and copies."""

import csv
import datetime
import io
import uuid
import zoneinfo
from decimal import Decimal
from types import SimpleNamespace

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from agora.delivery import organising
from agora.delivery.models import (
    Cohort,
    CohortMessage,
    CohortStaff,
    Enrolment,
    ReminderSent,
    ScheduledSession,
    StreamActivity,
)
from agora.delivery.organising import copy_cohort
from tests.factories import (
    ActivityFactory,
    CohortFactory,
    EnrolmentFactory,
    OrganiserFactory,
    StreamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def organiser_of(organisation):
    user = OrganiserFactory(organisation=organisation).user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def cohort():
    return CohortFactory(slug="spring", languages=["en", "fr"], capacity=10)


@pytest.fixture
def organiser(cohort):
    return organiser_of(cohort.programme.organisation)


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def manage_url(cohort, name="manage_cohort"):
    return reverse(f"delivery:{name}", args=[cohort.slug])


PAGES = [
    "manage_cohort",
    "manage_message",
    "manage_messages",
    "manage_capacity",
    "manage_copy",
]


# --- Who may see what ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_people_are_sent_to_log_in(client, cohort, name):
    response = client.get(manage_url(cohort, name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_anonymous_people_are_sent_to_log_in_from_the_list(client):
    response = client.get(reverse("delivery:manage_cohorts"))
    assert response.status_code == 302


@pytest.mark.parametrize("name", PAGES)
def test_a_learner_gets_404(client, cohort, name):
    learner = EnrolmentFactory(cohort=cohort).user
    client.force_login(learner)
    assert client.get(manage_url(cohort, name)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_an_organiser_of_another_organisation_gets_404(client, cohort, name):
    client.force_login(organiser_of(CohortFactory().programme.organisation))
    assert client.get(manage_url(cohort, name)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_a_facilitator_of_the_cohort_may_not_manage_it(client, cohort, name):
    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role="facilitator")
    client.force_login(facilitator)
    assert client.get(manage_url(cohort, name)).status_code == 404


def test_exports_and_actions_are_refused_to_other_organisers(client, cohort):
    enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL)
    client.force_login(organiser_of(CohortFactory().programme.organisation))
    for fmt in ("csv", "xlsx"):
        url = reverse("delivery:manage_export", args=[cohort.slug, fmt])
        assert client.get(url).status_code == 404
    url = reverse("delivery:manage_enrolment_action", args=[cohort.slug, enrolment.pk, "approve"])
    assert client.post(url).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.PENDING_APPROVAL


def test_the_list_shows_only_managed_cohorts(client, cohort, organiser):
    other = CohortFactory(name={"en": "Elsewhere"})
    EnrolmentFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    client.force_login(organiser)
    response = client.get(reverse("delivery:manage_cohorts"))
    assert response.status_code == 200
    assert list(response.context["cohorts"]) == [cohort]
    row = response.context["cohorts"][0]
    assert (row.taken, row.waiting) == (1, 1)
    assert str(other) not in response.content.decode()


def test_the_list_offers_new_cohorts_and_venues_only_to_organisers(client, cohort, organiser):
    # Found by scripts/crawl-demo: a learner's or a facilitator's list linked to pages that 404.
    new_cohort, venues = reverse("delivery:manage_cohort_new"), reverse("delivery:manage_venues")
    client.force_login(EnrolmentFactory(cohort=cohort).user)
    page = client.get(reverse("delivery:manage_cohorts")).content.decode()
    assert new_cohort not in page and venues not in page
    client.force_login(organiser)
    page = client.get(reverse("delivery:manage_cohorts")).content.decode()
    assert new_cohort in page and venues in page
    assert client.get(new_cohort).status_code == 200
    assert client.get(venues).status_code == 200


# --- Cohort page ----------------------------------------------------------------------------------


def test_the_cohort_page_shows_figures_and_registrations_per_day(client, cohort, organiser):
    EnrolmentFactory.create_batch(3, cohort=cohort)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL)
    client.force_login(organiser)
    response = client.get(manage_url(cohort))
    assert response.status_code == 200
    assert response.context["figures"]["taken"] == 4
    assert response.context["figures"]["waiting"] == 1
    assert response.context["seats_left"] == 6
    assert sum(day["count"] for day in response.context["per_day"]) == 5
    assert "<caption" in response.content.decode()


def test_filters_narrow_the_enrolment_list(client, cohort, organiser):
    stream = StreamFactory(cohort=cohort)
    wanted = EnrolmentFactory(
        cohort=cohort, stream=stream, language="fr", answers={"organisation": "Town of Ghent"}
    )
    EnrolmentFactory(cohort=cohort, language="fr", answers={"organisation": "Town of Ghent"})
    EnrolmentFactory(cohort=cohort, stream=stream, answers={"organisation": "Other"})
    client.force_login(organiser)
    response = client.get(
        manage_url(cohort),
        {"stream": stream.pk, "language": "fr", "organisation": "Town of Ghent", "status": ""},
    )
    assert list(response.context["page"].object_list) == [wanted]


def test_the_filters_show_what_was_chosen(client, cohort, organiser):
    stream = StreamFactory(cohort=cohort)
    EnrolmentFactory(cohort=cohort, answers={"organisation": "Town of Ghent"})
    client.force_login(organiser)
    page = client.get(manage_url(cohort), {"stream": stream.pk, "language": "fr"}).content.decode()
    assert f'<option value="{stream.pk}" selected>' in page
    assert '<option value="fr" selected>' in page
    assert '<option value="Town of Ghent">Town of Ghent</option>' in page
    assert '<label for="id_status">Status</label>' in page


def test_registrations_per_day_count_the_sign_up_day_in_the_cohorts_zone(client, organiser, cohort):
    cohort.time_zone = "Pacific/Auckland"
    cohort.save()
    late = EnrolmentFactory(cohort=cohort)
    Enrolment.objects.filter(pk=late.pk).update(
        created_at=datetime.datetime(2027, 3, 4, 20, 0, tzinfo=datetime.UTC)
    )
    fresh = Enrolment.objects.get(pk=late.pk)
    fresh.registered_on = None
    fresh.save()  # the day is derived from the sign-up time in Auckland: 5 March
    client.force_login(organiser)
    per_day = client.get(manage_url(cohort)).context["per_day"]
    assert [(day["day"], day["count"]) for day in per_day] == [(datetime.date(2027, 3, 5), 1)]


def test_payment_filter(client, organiser, cohort):
    cohort.fee = Decimal("100")
    cohort.save()
    paid = EnrolmentFactory(cohort=cohort, paid_at=datetime.datetime.now(datetime.UTC))
    unpaid = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.AWAITING_PAYMENT)
    client.force_login(organiser)
    page = client.get(manage_url(cohort), {"payment": "paid"}).context["page"]
    assert list(page.object_list) == [paid]
    page = client.get(manage_url(cohort), {"payment": "unpaid"}).context["page"]
    assert list(page.object_list) == [unpaid]


def test_the_cohort_page_paginates(client, cohort, organiser):
    EnrolmentFactory.create_batch(55, cohort=cohort, status=Enrolment.Status.WAITLISTED)
    client.force_login(organiser)
    response = client.get(manage_url(cohort), {"page": 2})
    assert len(response.context["page"].object_list) == 5


def test_query_count_does_not_grow_with_enrolments(
    client, cohort, organiser, django_assert_max_num_queries
):
    stream = StreamFactory(cohort=cohort)
    EnrolmentFactory.create_batch(5, cohort=cohort, stream=stream, answers={"organisation": "A"})
    client.force_login(organiser)
    client.get(manage_url(cohort))  # warm the session
    with django_assert_max_num_queries(20) as small:
        assert client.get(manage_url(cohort)).status_code == 200
    EnrolmentFactory.create_batch(45, cohort=cohort, stream=stream, answers={"organisation": "B"})
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(manage_url(cohort)).status_code == 200


# --- Exports --------------------------------------------------------------------------------------


def test_csv_export_holds_the_filtered_list_with_formulas_escaped(client, cohort, organiser):
    EnrolmentFactory(
        cohort=cohort,
        user=UserFactory(full_name='=HYPERLINK("http://evil")'),
        answers={"organisation": "+Town"},
    )
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED)
    client.force_login(organiser)
    url = reverse("delivery:manage_export", args=[cohort.slug, "csv"])
    response = client.get(url, {"status": "confirmed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "Name"
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("http://evil")'
    assert rows[1][5] == "'+Town"


def test_xlsx_export_escapes_formulas(client, cohort, organiser):
    EnrolmentFactory(
        cohort=cohort, user=UserFactory(full_name="@SUM(1)"), answers={"organisation": "-1+2"}
    )
    client.force_login(organiser)
    response = client.get(reverse("delivery:manage_export", args=[cohort.slug, "xlsx"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][1] == "E-mail"
    assert values[1][0] == "'@SUM(1)"
    assert values[1][5] == "'-1+2"
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_an_unknown_export_format_is_404(client, cohort, organiser):
    client.force_login(organiser)
    url = reverse("delivery:manage_export", args=[cohort.slug, "pdf"])
    assert client.get(url).status_code == 404


# --- Actions on enrolments ------------------------------------------------------------------------


def test_organiser_approves_and_rejects(client, cohort, organiser):
    first = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL)
    second = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL)
    client.force_login(organiser)
    for enrolment, action in [(first, "approve"), (second, "reject")]:
        url = reverse("delivery:manage_enrolment_action", args=[cohort.slug, enrolment.pk, action])
        response = client.post(url, {"next": manage_url(cohort) + "?status=pending_approval"})
        assert response.status_code == 302
        assert response["Location"] == manage_url(cohort) + "?status=pending_approval"
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Enrolment.Status.CONFIRMED
    assert second.status == Enrolment.Status.REJECTED


def test_organiser_marks_paid_and_a_foreign_next_is_ignored(client, cohort, organiser):
    enrolment = EnrolmentFactory(
        cohort=cohort, status=Enrolment.Status.AWAITING_PAYMENT, payment_reference="AG-TEST1234"
    )
    client.force_login(organiser)
    url = reverse("delivery:manage_enrolment_action", args=[cohort.slug, enrolment.pk, "mark-paid"])
    response = client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == manage_url(cohort)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.CONFIRMED
    assert enrolment.paid_at is not None


def test_actions_are_post_only(client, cohort, organiser):
    enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.PENDING_APPROVAL)
    client.force_login(organiser)
    url = reverse("delivery:manage_enrolment_action", args=[cohort.slug, enrolment.pk, "approve"])
    assert client.get(url).status_code == 405


def test_an_enrolment_of_another_cohort_is_404(client, cohort, organiser):
    elsewhere = EnrolmentFactory(status=Enrolment.Status.PENDING_APPROVAL)
    client.force_login(organiser)
    url = reverse("delivery:manage_enrolment_action", args=[cohort.slug, elsewhere.pk, "approve"])
    assert client.post(url).status_code == 404


# --- Receipts -------------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n% a receipt\n%%EOF\n"


def with_receipt(cohort, name="RF18-ab12cd34.pdf", content=PDF, **kwargs):
    enrolment = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.AWAITING_PAYMENT, **kwargs)
    enrolment.receipt.save(name, ContentFile(content))
    return enrolment


def receipt_url(enrolment):
    return reverse("delivery:manage_enrolment_receipt", args=[enrolment.cohort.slug, enrolment.pk])


def test_an_organiser_downloads_a_receipt(client, cohort, organiser):
    enrolment = with_receipt(cohort, payment_reference="RF18 0001")
    client.force_login(organiser)
    response = client.get(receipt_url(enrolment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert 'filename="receipt-RF18_0001.pdf"' in disposition
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_png_receipt_has_an_image_type(client, cohort, organiser):
    enrolment = with_receipt(cohort, name="7-00ff00ff.png", content=b"\x89PNG\r\n\x1a\n")
    client.force_login(organiser)
    response = client.get(receipt_url(enrolment))
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('.png"')


def test_a_receipt_is_refused_to_other_organisers_and_learners(client, cohort):
    enrolment = with_receipt(cohort)
    client.force_login(organiser_of(CohortFactory().programme.organisation))
    assert client.get(receipt_url(enrolment)).status_code == 404
    client.force_login(EnrolmentFactory(cohort=cohort).user)
    assert client.get(receipt_url(enrolment)).status_code == 404
    # Under /manage/, not even the learner who uploaded it.
    client.force_login(enrolment.user)
    assert client.get(receipt_url(enrolment)).status_code == 404


def test_anonymous_people_are_sent_to_log_in_for_a_receipt(client, cohort):
    response = client.get(receipt_url(with_receipt(cohort)))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_receipt_is_404_without_one_or_in_another_cohort(client, cohort, organiser):
    client.force_login(organiser)
    assert client.get(receipt_url(EnrolmentFactory(cohort=cohort))).status_code == 404
    elsewhere = with_receipt(CohortFactory())
    url = reverse("delivery:manage_enrolment_receipt", args=[cohort.slug, elsewhere.pk])
    assert client.get(url).status_code == 404


def test_a_receipt_missing_from_storage_is_404(client, cohort, organiser):
    enrolment = with_receipt(cohort)
    enrolment.receipt.storage.delete(enrolment.receipt.name)
    client.force_login(organiser)
    assert client.get(receipt_url(enrolment)).status_code == 404


def test_the_list_links_a_receipt_only_where_there_is_one(client, cohort, organiser):
    uploaded = with_receipt(cohort)
    without = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.AWAITING_PAYMENT)
    client.force_login(organiser)
    page = client.get(manage_url(cohort)).content.decode()
    assert f'href="{receipt_url(uploaded)}"' in page
    assert f"/enrolments/{without.pk}/receipt/" not in page
    assert page.count(">Receipt</a>") == 1


def test_receipt_links_add_no_queries(client, cohort, organiser, django_assert_max_num_queries):
    for _ in range(3):
        with_receipt(cohort)
    client.force_login(organiser)
    client.get(manage_url(cohort))  # warm the session
    with django_assert_max_num_queries(20) as small:
        assert client.get(manage_url(cohort)).status_code == 200
    for _ in range(20):
        with_receipt(cohort)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(manage_url(cohort))
    assert response.content.decode().count(">Receipt</a>") == 23


# --- Messages -------------------------------------------------------------------------------------


def message_data(**extra):
    return {
        "subject_en": "Room change", "body_en": "We meet in room 2.",
        "subject_fr": "Changement de salle", "body_fr": "Nous sommes en salle 2.",
        "key": str(uuid.uuid4()), **extra,
    }  # fmt: skip


def test_the_preview_counts_recipients_and_sends_nothing(client, cohort, organiser):
    EnrolmentFactory.create_batch(2, cohort=cohort, language="fr")
    EnrolmentFactory(cohort=cohort, language="en")
    EnrolmentFactory(cohort=cohort, language="fr", status=Enrolment.Status.WITHDRAWN)
    client.force_login(organiser)
    assert "key" in client.get(manage_url(cohort, "manage_message")).context["form"].initial
    response = client.post(manage_url(cohort, "manage_message"), message_data(language="fr"))
    assert response.status_code == 200
    assert response.context["count"] == 2
    page = response.content.decode()
    assert "Room change" in page and "Changement de salle" in page
    assert mail.outbox == []
    assert not CohortMessage.objects.exists()


def test_the_first_languages_text_is_required_and_what_was_typed_stays(client, cohort, organiser):
    client.force_login(organiser)
    data = message_data(subject_en="", body_en="")
    response = client.post(manage_url(cohort, "manage_message"), data)
    assert response.status_code == 400
    assert "subject_en" in response.context["form"].errors
    assert "Changement de salle" in response.content.decode()


def test_a_subject_without_a_message_is_refused(client, cohort, organiser):
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_message"), message_data(body_fr=""))
    assert response.status_code == 400
    assert response.context["form"].errors["body_fr"] == [
        "Write both the subject and the message, or neither."
    ]


def test_each_recipient_gets_the_text_of_their_language(
    client, cohort, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    english = EnrolmentFactory(cohort=cohort, language="en")
    french = EnrolmentFactory(cohort=cohort, language="fr")
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage_url(cohort, "manage_message"), message_data(send="1"))
    subjects = {message.to[0]: message.subject for message in mail.outbox}
    assert subjects == {english.user.email: "Room change", french.user.email: "Changement de salle"}


def test_a_language_without_its_own_text_gets_the_cohorts_first_language(
    client, cohort, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    EnrolmentFactory(cohort=cohort, language="fr")
    client.force_login(organiser)
    data = message_data(subject_fr="", body_fr="", send="1")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(manage_url(cohort, "manage_message"), data)
    assert [message.body for message in mail.outbox] == ["We meet in room 2."]


def test_a_message_to_a_stream_is_sent_once_even_when_submitted_twice(
    client, cohort, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    stream = StreamFactory(cohort=cohort)
    members = EnrolmentFactory.create_batch(3, cohort=cohort, stream=stream)
    EnrolmentFactory(cohort=cohort)
    client.force_login(organiser)
    data = message_data(stream=stream.pk, send="1")
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(manage_url(cohort, "manage_message"), data)
        assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == sorted(e.user.email for e in members)
    assert mail.outbox[0].subject == "Room change"
    message = CohortMessage.objects.get()
    assert message.recipient_count == 3 and message.stream == stream


def test_sending_queues_one_task_and_sends_nothing_in_the_request(
    client, cohort, organiser, django_capture_on_commit_callbacks, monkeypatch
):
    EnrolmentFactory.create_batch(3, cohort=cohort)
    queued = []
    monkeypatch.setattr(organising, "queue_message", SimpleNamespace(enqueue=queued.append))
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_url(cohort, "manage_message"), message_data(send="1"))
    assert response["Location"] == manage_url(cohort, "manage_messages")
    assert queued == [CohortMessage.objects.get().pk]
    assert mail.outbox == []


def test_the_history_shows_who_sent_what_to_whom(client, cohort, organiser):
    stream = StreamFactory(cohort=cohort, name={"en": "Managers"})
    CohortMessage.objects.create(
        cohort=cohort, key=uuid.uuid4(), sent_by=organiser, stream=stream, language="fr",
        texts={"fr": {"subject": "Bonjour", "body": "À demain."}}, recipient_count=12,
    )  # fmt: skip
    CohortMessage.objects.create(
        cohort=CohortFactory(), key=uuid.uuid4(), texts={"en": {"subject": "Elsewhere"}}
    )
    client.force_login(organiser)
    response = client.get(manage_url(cohort, "manage_messages"))
    page = response.content.decode()
    assert "Bonjour" in page and "À demain." in page
    assert "Stream Managers" in page and "français" in page and "<dd>12</dd>" in page
    assert organiser.full_name in page
    assert "Elsewhere" not in page


def test_the_history_is_refused_to_other_organisers(client, cohort):
    client.force_login(organiser_of(CohortFactory().programme.organisation))
    assert client.get(manage_url(cohort, "manage_messages")).status_code == 404


def test_the_task_sends_each_recipient_one_copy(cohort):
    message = CohortMessage.objects.create(
        cohort=cohort, key=uuid.uuid4(), texts={"en": {"subject": "Hello", "body": "Text"}}
    )
    ids = [e.pk for e in EnrolmentFactory.create_batch(3, cohort=cohort)]
    assert organising.send_message_batch.call(message.pk, ids) == 3
    assert organising.send_message_batch.call(message.pk, ids) == 0
    assert len(mail.outbox) == 3
    assert ReminderSent.objects.filter(key=f"message-{message.key.hex}").count() == 3


def test_messages_go_out_in_batches(cohort, monkeypatch):
    monkeypatch.setattr(organising, "MESSAGE_BATCH_SIZE", 2)
    EnrolmentFactory.create_batch(5, cohort=cohort)
    message = CohortMessage.objects.create(
        cohort=cohort, key=uuid.uuid4(), texts={"en": {"subject": "S", "body": "B"}}
    )
    task = organising.send_message_batch
    enqueued = []

    class Queue:
        @staticmethod
        def enqueue(message_id, ids):
            enqueued.append(ids)
            task.call(message_id, ids)

    monkeypatch.setattr(organising, "send_message_batch", Queue)
    assert organising.queue_message.call(message.pk) == 5
    assert [len(batch) for batch in enqueued] == [2, 2, 1]
    assert len(mail.outbox) == 5


# --- Capacity -------------------------------------------------------------------------------------


def test_lowering_capacity_below_seats_taken_asks_first(client, cohort, organiser):
    EnrolmentFactory.create_batch(5, cohort=cohort)
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_capacity"), {"capacity": 3})
    assert response.status_code == 200
    assert response.context["over"] == 2
    assert "2 people would be over the limit" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.capacity == 10

    response = client.post(manage_url(cohort, "manage_capacity"), {"capacity": 3, "confirm": "1"})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 3
    assert cohort.enrolments.holding_seats().count() == 5


def test_lowering_capacity_with_room_to_spare_needs_no_confirmation(client, cohort, organiser):
    EnrolmentFactory.create_batch(2, cohort=cohort)
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_capacity"), {"capacity": 4})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity == 4


def test_raising_capacity_offers_seats_to_the_waiting_list(
    client, organiser, cohort, django_capture_on_commit_callbacks
):
    cohort.capacity = 1
    cohort.save()
    EnrolmentFactory(cohort=cohort)
    first, second, third = EnrolmentFactory.create_batch(
        3, cohort=cohort, status=Enrolment.Status.WAITLISTED
    )
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(manage_url(cohort, "manage_capacity"), {"capacity": 3})
    assert response.status_code == 302
    statuses = [Enrolment.objects.get(pk=e.pk).status for e in (first, second, third)]
    assert statuses == ["offered", "offered", "waitlisted"]
    assert len(mail.outbox) == 2


def test_removing_the_limit_is_allowed(client, cohort, organiser):
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_capacity"), {"capacity": ""})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.capacity is None


# --- Copy -----------------------------------------------------------------------------------------

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def brussels(*args):
    return datetime.datetime(*args, tzinfo=BRUSSELS)


def test_copy_keeps_local_times_across_daylight_saving():
    # Winter (CET, UTC+1) copied into summer (CEST, UTC+2): 10:00 stays 10:00.
    cohort = CohortFactory(
        starts_on=datetime.date(2027, 1, 11),
        ends_on=datetime.date(2027, 2, 12),
        time_zone="Europe/Brussels",
        status=Cohort.Status.FINISHED,
        registration_closes_at=brussels(2027, 1, 8, 17, 0),
    )
    stream = StreamFactory(cohort=cohort)
    activity = ActivityFactory(unit__module__level__programme=cohort.programme)
    StreamActivity.objects.create(stream=stream, activity=activity, requirement="required")
    facilitator = UserFactory()
    CohortStaff.objects.create(cohort=cohort, user=facilitator, role="facilitator")
    day = ScheduledSession.objects.create(
        cohort=cohort,
        kind="day",
        title={"en": "Day one"},
        starts_at=brussels(2027, 1, 12, 9, 0),
        ends_at=brussels(2027, 1, 12, 17, 0),
    )
    ScheduledSession.objects.create(
        cohort=cohort,
        kind="block",
        parent=day,
        title={"en": "Morning"},
        starts_at=brussels(2027, 1, 12, 10, 0),
        ends_at=brussels(2027, 1, 12, 12, 0),
    )
    EnrolmentFactory(cohort=cohort)

    copy = copy_cohort(cohort, datetime.date(2027, 5, 10))  # 119 days later

    assert copy.pk != cohort.pk and copy.slug != cohort.slug
    assert copy.status == Cohort.Status.DRAFT
    assert copy.ends_on == datetime.date(2027, 6, 11)
    assert copy.enrolments.count() == 0
    assert copy.registration_closes_at == brussels(2027, 5, 7, 17, 0)
    new_stream = copy.streams.get()
    assert new_stream.activity_rules.get().activity == activity
    assert list(copy.staff.values_list("user", "role")) == [(facilitator.pk, "facilitator")]
    new_day = copy.sessions.get(kind="day")
    block = copy.sessions.get(kind="block")
    assert block.parent == new_day
    assert new_day.starts_at == brussels(2027, 5, 11, 9, 0)
    assert new_day.starts_at.astimezone(datetime.UTC).hour == 7  # CEST
    assert block.starts_at == brussels(2027, 5, 11, 10, 0)
    # The original is untouched.
    assert cohort.sessions.count() == 2 and cohort.enrolments.count() == 1


def test_the_copy_page_makes_a_draft(client, cohort, organiser):
    client.force_login(organiser)
    new_start = cohort.starts_on + datetime.timedelta(days=365)
    response = client.post(manage_url(cohort, "manage_copy"), {"starts_on": new_start})
    copy = Cohort.objects.exclude(pk=cohort.pk).get()
    assert response["Location"] == manage_url(copy)
    assert copy.starts_on == new_start


def test_the_copy_page_needs_a_date(client, cohort, organiser):
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_copy"), {"starts_on": ""})
    assert response.status_code == 400
    assert Cohort.objects.count() == 1


def test_a_cohort_without_languages_cannot_send_an_empty_message(client, organiser, cohort):
    cohort.languages = []
    cohort.save()
    client.force_login(organiser)
    response = client.post(manage_url(cohort, "manage_message"), {"key": str(uuid.uuid4())})
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Write the message in at least one language."
    ]
