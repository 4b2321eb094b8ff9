"""Who may open what: organisers of the cohort's organisation build and read; the cohort's
learners answer; everybody else is refused."""

import pytest
from django.urls import reverse

from tests.factories import EnrolmentFactory, OrganisationFactory
from tests.factories_surveys import PartnerInvitationFactory, organiser_of

pytestmark = pytest.mark.django_db

ORGANISER_PAGES = ["surveys:manage", "surveys:edit", "surveys:partners", "surveys:results",
                   "surveys:results_csv", "surveys:question_new"]


@pytest.mark.parametrize("name", ORGANISER_PAGES)
def test_an_organiser_of_the_cohort_opens_organiser_pages(client, ballot, organiser, name):
    client.force_login(organiser)
    assert client.get(reverse(name, args=[ballot.pk])).status_code == 200


@pytest.mark.parametrize("name", ORGANISER_PAGES)
def test_an_organiser_of_another_organisation_is_refused(client, ballot, name):
    client.force_login(organiser_of(OrganisationFactory()))
    assert client.get(reverse(name, args=[ballot.pk])).status_code == 404


@pytest.mark.parametrize("name", ORGANISER_PAGES)
def test_a_learner_of_the_cohort_is_refused_organiser_pages(client, ballot, learner, name):
    client.force_login(learner)
    assert client.get(reverse(name, args=[ballot.pk])).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, ballot):
    response = client.get(reverse("surveys:results", args=[ballot.pk]))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_learner_of_another_cohort_cannot_answer(client, ballot):
    stranger = EnrolmentFactory().user
    client.force_login(stranger)
    assert client.get(reverse("surveys:answer", args=[ballot.pk])).status_code == 404


def test_an_anonymous_visitor_cannot_answer_without_a_link(client, ballot):
    response = client.get(reverse("surveys:answer", args=[ballot.pk]))
    assert response.status_code == 302


def test_a_learner_cannot_answer_a_partners_only_survey(client, ballot, learner):
    ballot.for_learners = False
    ballot.save()
    client.force_login(learner)
    assert client.get(reverse("surveys:answer", args=[ballot.pk])).status_code == 404


def test_a_partner_link_stops_working_when_partners_are_no_longer_asked(client, ballot):
    invitation = PartnerInvitationFactory(survey=ballot)
    ballot.for_partners = False
    ballot.save()
    response = client.get(reverse("surveys:partner", args=[invitation.token]))
    assert response.status_code == 404


def test_scheduling_is_refused_to_another_organisation(client, ballot, question, blocks):
    client.force_login(organiser_of(OrganisationFactory()))
    url = reverse("surveys:schedule", args=[ballot.pk, question.pk])
    response = client.post(url, {"winners": 1, "sessions": [blocks[0].pk]})
    assert response.status_code == 404
    blocks[0].refresh_from_db()
    assert blocks[0].title.localize("en") == "Morning deep dive"


def test_another_cohorts_learner_cannot_list_its_surveys(client, ballot):
    client.force_login(EnrolmentFactory().user)
    url = reverse("surveys:learner_list", args=[ballot.cohort.slug])
    assert client.get(url).status_code == 404
