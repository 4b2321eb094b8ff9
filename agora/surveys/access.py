"""Who may do what with surveys: one place for the app's rules.

- Organisers of a cohort's programme organisation build its surveys, invite partners, see
  results and schedule a ballot's winners (``managed_surveys``); nobody else does.
- A learner answers a survey of their own cohort meant for learners, with a confirmed
  enrolment (``learner_survey``); a survey tied to a course activity is answered on the
  activity's page, where ``learner_activity`` (the learning app's rule) applies.
- A partner answers with the one-time link of their invitation, without an account
  (``partner_invitation``); a used or unknown link is refused with a message.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from agora.delivery.models import Cohort, Enrolment
from agora.surveys.models import PartnerInvitation, Survey


def managed_cohort(user, cohort_slug: str) -> Cohort:
    if not user.is_authenticated:
        raise Http404
    cohort = Cohort.objects.managed_by(user).select_related("programme").filter(
        slug=cohort_slug
    ).first()
    if cohort is None:
        raise Http404
    return cohort


def managed_surveys(user) -> QuerySet[Survey]:
    if not user.is_authenticated:
        return Survey.objects.none()
    return Survey.objects.filter(cohort__in=Cohort.objects.managed_by(user))


def managed_survey(user, survey_id: int) -> Survey:
    survey = managed_surveys(user).select_related("cohort__programme").filter(
        pk=survey_id
    ).first()
    if survey is None:
        raise Http404
    return survey


def learner_survey(user, survey_id: int) -> tuple[Survey, Enrolment]:
    """A learners' survey of a cohort where ``user`` is confirmed, with that enrolment."""
    if not user.is_authenticated:
        raise Http404
    enrolment = (
        Enrolment.objects.filter(
            user=user, status=Enrolment.Status.CONFIRMED, cohort__surveys__pk=survey_id,
            cohort__surveys__for_learners=True,
        )
        .select_related("cohort")
        .first()
    )
    if enrolment is None:
        raise Http404
    survey = enrolment.cohort.surveys.get(pk=survey_id)
    return survey, enrolment


def learner_surveys(enrolment: Enrolment) -> QuerySet[Survey]:
    return enrolment.cohort.surveys.filter(for_learners=True)


def partner_invitation(token: str) -> PartnerInvitation | None:
    """The invitation of this link, if it is one and its survey still asks partners."""
    return (
        PartnerInvitation.objects.filter(token=token, survey__for_partners=True)
        .select_related("survey__cohort")
        .first()
    )
