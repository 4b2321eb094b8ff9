"""Answering a survey, and inviting partner organisations to answer it."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.catalogue.models import Activity
from agora.delivery.models import Enrolment
from agora.learning.progress import complete_activity
from agora.surveys.models import Participation, PartnerInvitation, Response, Survey


class SurveyClosed(Exception):
    """The survey does not take answers now."""


def has_answered(survey: Survey, *, user=None, invitation=None) -> bool:
    if invitation is not None:
        return invitation.used_at is not None
    return Participation.objects.filter(survey=survey, user=user).exists()


def submit_response(
    survey: Survey,
    answers: dict,
    *,
    language: str,
    user: AbstractBaseUser | None = None,
    invitation: PartnerInvitation | None = None,
    enrolment: Enrolment | None = None,
    activity: Activity | None = None,
) -> bool:
    """Record one person's answers; ``False`` when they had already answered (counts once).

    Anonymous surveys keep who answered (``Participation``) apart from what (``Response``,
    with no person and no time). Answering a survey tied to an activity completes it.
    """
    now = timezone.now()
    if not survey.is_open(now):
        raise SurveyClosed
    try:
        with transaction.atomic():
            Participation.objects.create(survey=survey, user=user, invitation=invitation)
            named = not survey.anonymous
            Response.objects.create(
                survey=survey,
                respondent=user if named else None,
                organisation_name=invitation.organisation_name if invitation and named else "",
                language=language,
                answers=answers,
                submitted_at=now if named else None,
            )
            if invitation is not None:
                invitation.used_at = now
                invitation.save(update_fields=["used_at"])
            if enrolment is not None and activity is not None:
                complete_activity(enrolment, activity, now=now)
    except IntegrityError:
        return False  # a second submit of the same person: the first one counts
    return True


def invite_partners(
    survey: Survey, entries: Iterable[tuple[str, str]], *, language: str
) -> list[PartnerInvitation]:
    """Invite each (organisation, address) once and e-mail its one-time link."""
    with transaction.atomic():
        already = {email.lower() for email in survey.invitations.values_list("email", flat=True)}
        invitations = []
        for name, email in entries:
            if email in already:
                continue
            already.add(email)
            invitations.append(PartnerInvitation.objects.create(
                survey=survey, email=email, organisation_name=name, language=language
            ))
        for invitation in invitations:
            transaction.on_commit(partial(send_partner_invitation, invitation.pk))
    return invitations


def partner_url(invitation: PartnerInvitation) -> str:
    return reverse("surveys:partner", args=[invitation.token])


def send_partner_invitation(invitation_pk: int) -> None:
    invitation = PartnerInvitation.objects.select_related("survey__cohort").get(pk=invitation_pk)
    survey = invitation.survey
    language = invitation.language or survey.cohort.languages[0]
    with translation.override(language):
        send_mail(
            _("Your view is asked: %(survey)s") % {"survey": survey.title_in(language)},
            _(
                "%(organisation)s is invited to answer “%(survey)s” for %(cohort)s. "
                "This link is yours and works once: %(url)s"
            )
            % {
                "organisation": invitation.organisation_name,
                "survey": survey.title_in(language),
                "cohort": survey.cohort,
                "url": f"{settings.SITE_URL}{partner_url(invitation)}",
            },
            None,
            [invitation.email],
        )
