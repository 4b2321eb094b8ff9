"""Which questions a cohort's registration form asks: chosen per cohort by its organisers."""

import pytest
from django.urls import reverse

from agora.delivery.forms import RegistrationForm
from agora.delivery.models import Ask, Cohort
from tests.delivery.test_cohort_setup import cohort_data, create_url
from tests.delivery.test_cohort_setup import organiser as organiser  # noqa: F401 (fixture)
from tests.delivery.test_cohort_setup import programme as programme  # noqa: F401 (fixture)
from tests.delivery.test_registration_views import answers, paid_in_person_cohort
from tests.factories import CohortFactory

pytestmark = pytest.mark.django_db


def test_by_default_a_free_online_cohort_asks_the_profile_questions_only():
    cohort = CohortFactory()
    assert [cohort.asks(q) for q in ("organisation", "reason", "billing", "travel")] == [
        Ask.REQUIRED, Ask.REQUIRED, Ask.OFF, Ask.OFF,
    ]
    assert cohort.asks("accessibility_needs") == Ask.OPTIONAL


def test_by_default_a_paid_in_person_cohort_asks_billing_and_travel():
    cohort = paid_in_person_cohort()
    assert (cohort.asks("billing"), cohort.asks("travel")) == (Ask.REQUIRED, Ask.OPTIONAL)


def test_a_question_switched_off_is_not_asked_and_an_optional_one_may_stay_empty():
    cohort = CohortFactory(
        registration_questions={"reason": "off", "government_level": "optional"}
    )
    form = RegistrationForm(
        answers(government_level="", reason="ignored"), cohort=cohort
    )
    assert "reason" not in form.fields
    assert form.is_valid(), form.errors
    assert "reason" not in form.answers()
    assert form.answers()["government_level"] == ""


def test_a_required_accessibility_question_must_be_answered():
    cohort = CohortFactory(registration_questions={"accessibility_needs": "required"})
    form = RegistrationForm(answers(accessibility_needs=""), cohort=cohort)
    assert not form.is_valid()
    assert "accessibility_needs" in form.errors


def test_a_value_that_does_not_fit_the_question_falls_back_to_the_default():
    cohort = paid_in_person_cohort(registration_questions={"billing": "optional"})
    assert cohort.asks("billing") == Ask.REQUIRED


def test_an_organiser_chooses_the_questions_when_setting_the_cohort_up(
    client, programme, organiser  # noqa: F811
):
    client.force_login(organiser)
    data = cohort_data(ask_reason="off", ask_accessibility_needs="required")
    assert client.post(create_url(programme), data).status_code == 302
    cohort = Cohort.objects.get(slug="autumn-2027")
    assert cohort.asks("reason") == Ask.OFF
    assert cohort.asks("accessibility_needs") == Ask.REQUIRED
    page = client.get(reverse("delivery:manage_cohort_edit", args=[cohort.slug]))
    assert "Question: why they want to take part" in page.content.decode()
