"""Registering for a cohort, the waiting list, withdrawing, approval and payment.

Every action runs in one transaction that first locks the cohort's row, so seats are counted
by one transaction at a time: two people taking the last seat at once get one seat and one
waiting-list place. (PostgreSQL: SELECT … FOR UPDATE; SQLite: transactions start IMMEDIATE,
which serialises writers.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.accounts.models import User
from agora.catalogue.models import Module
from agora.delivery.models import Cohort, Enrolment, Invitation, Stream


class RegistrationRefused(Exception):
    """Registration is not possible; the message says why, in the user's language."""


def register(
    user: User,
    cohort: Cohort,
    *,
    language: str,
    stream: Stream | None = None,
    modules: Iterable[Module] = (),
    answers: dict | None = None,
    invitation: str = "",
    now: datetime | None = None,
) -> Enrolment:
    """Enrol ``user``: confirmed, held for payment or approval, or on the waiting list.

    ``invitation`` is the token of the invitation link, for invitation-only cohorts."""
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock(cohort)
        _check_may_register(user, cohort, language, stream, now)
        accepted = _accept_invitation(user, cohort, invitation, now)
        enrolment = Enrolment.objects.filter(cohort=cohort, user=user).first() or Enrolment(
            cohort=cohort, user=user
        )
        if enrolment.pk and enrolment.is_active:
            raise RegistrationRefused(_("You are already registered for this cohort."))
        enrolment.language = language
        enrolment.stream = stream
        enrolment.answers = answers or {}
        enrolment.withdrawn_at = None
        if _has_free_seat(cohort):
            _admit(enrolment, now)
        else:
            enrolment.status = Enrolment.Status.WAITLISTED
        enrolment.save()
        enrolment.modules.set(modules)
        if accepted is not None:
            accepted.save(update_fields=["accepted_at"])
        return enrolment


def withdraw(enrolment: Enrolment, now: datetime | None = None) -> None:
    """The learner leaves; a seat they held goes to the first on the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(enrolment.cohort)
        enrolment.refresh_from_db()
        if not enrolment.is_active:
            return
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.withdrawn_at = now
        enrolment.save(update_fields=["status", "withdrawn_at"])
        promote_waiting_list(enrolment.cohort, now)


def promote_waiting_list(cohort: Cohort, now: datetime | None = None) -> list[Enrolment]:
    """Offer every free seat to the next people waiting, each with a deadline and an e-mail.

    Call it inside a transaction that holds the cohort's lock.
    """
    now = now or timezone.now()
    offered = []
    while _has_free_seat(cohort):
        waiting = cohort.enrolments.waiting().select_related("user").first()
        if waiting is None:
            break
        waiting.status = Enrolment.Status.OFFERED
        waiting.offer_expires_at = now + timedelta(hours=cohort.offer_hours)
        waiting.save(update_fields=["status", "offer_expires_at"])
        transaction.on_commit(partial(_send_offer, waiting.pk))
        offered.append(waiting)
    return offered


def accept_offer(enrolment: Enrolment, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        _lock(enrolment.cohort)
        enrolment.refresh_from_db()
        if enrolment.status != Enrolment.Status.OFFERED:
            raise RegistrationRefused(_("There is no seat offer waiting for you."))
        if enrolment.offer_expires_at and enrolment.offer_expires_at < now:
            raise RegistrationRefused(_("This offer has expired."))
        _admit(enrolment, now)
        enrolment.save()


def release_lapsed_seats(now: datetime | None = None) -> int:
    """Cancel offers and payment holds past their deadline and offer those seats on.

    Run it regularly (task queue)."""
    now = now or timezone.now()
    lapsed = Enrolment.objects.filter(
        status=Enrolment.Status.OFFERED, offer_expires_at__lt=now
    ) | Enrolment.objects.filter(
        status=Enrolment.Status.AWAITING_PAYMENT, payment_due_at__lt=now, paid_at__isnull=True
    )
    count = 0
    for cohort_id in set(lapsed.values_list("cohort_id", flat=True)):
        with transaction.atomic():
            cohort = _lock(Cohort(pk=cohort_id))
            count += lapsed.filter(cohort=cohort).update(status=Enrolment.Status.CANCELLED)
            promote_waiting_list(cohort, now)
    return count


def approve(enrolment: Enrolment, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        _lock(enrolment.cohort)
        enrolment.refresh_from_db()
        if enrolment.status == Enrolment.Status.PENDING_APPROVAL:
            _confirm_or_hold(enrolment, now)
            enrolment.save()


def reject(enrolment: Enrolment) -> None:
    with transaction.atomic():
        _lock(enrolment.cohort)
        enrolment.refresh_from_db()
        if enrolment.status == Enrolment.Status.PENDING_APPROVAL:
            enrolment.status = Enrolment.Status.REJECTED
            enrolment.save(update_fields=["status"])
            promote_waiting_list(enrolment.cohort)


def mark_paid(enrolment: Enrolment, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
        if enrolment.status != Enrolment.Status.AWAITING_PAYMENT:
            return
        enrolment.paid_at = now
        enrolment.confirm(now)
        enrolment.save(update_fields=["paid_at", "status", "confirmed_at", "offer_expires_at"])


# --- Rules ----------------------------------------------------------------------------------------


def _lock(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update().get(pk=cohort.pk)


def _has_free_seat(cohort: Cohort) -> bool:
    return cohort.capacity is None or cohort.enrolments.holding_seats().count() < cohort.capacity


def _admit(enrolment: Enrolment, now: datetime) -> None:
    if enrolment.cohort.admission == Cohort.Admission.APPROVAL and not enrolment.confirmed_at:
        enrolment.status = Enrolment.Status.PENDING_APPROVAL
    else:
        _confirm_or_hold(enrolment, now)


def _confirm_or_hold(enrolment: Enrolment, now: datetime) -> None:
    if enrolment.cohort.is_paid and not enrolment.paid_at:
        enrolment.hold_for_payment(now)
    else:
        enrolment.confirm(now)


def _check_may_register(
    user: User, cohort: Cohort, language: str, stream: Stream | None, now: datetime
) -> None:
    if not cohort.registration_is_open(now):
        raise RegistrationRefused(_("Registration for this cohort is closed."))
    if language not in cohort.languages:
        raise RegistrationRefused(_("This cohort does not run in the language you chose."))
    if stream is not None and stream.cohort_id != cohort.pk:
        raise RegistrationRefused(_("Choose one of this cohort's streams."))
    if cohort.eligibility == Cohort.Eligibility.ORGANISATIONS and not (
        cohort.eligible_organisations.filter(memberships__user=user).exists()
    ):
        raise RegistrationRefused(
            _("This cohort is open to members of the listed organisations only.")
        )


def _accept_invitation(
    user: User, cohort: Cohort, token: str, now: datetime
) -> Invitation | None:
    """The invitation ``user`` registers with, marked accepted (saved by the caller)."""
    if cohort.eligibility != Cohort.Eligibility.INVITATION:
        return None
    invitation = cohort.invitations.filter(
        token=token or None, email__iexact=user.email, accepted_at__isnull=True
    ).first()
    if invitation is None:
        raise RegistrationRefused(
            _("This cohort is by invitation only: use the link in your invitation e-mail, "
              "logged in with the address it was sent to.")
        )
    invitation.accepted_at = now
    return invitation


def invite(cohort: Cohort, emails: Iterable[str], *, invited_by: User) -> list[Invitation]:
    """Invite each address once (an address already invited is skipped) and e-mail the link."""
    with transaction.atomic():
        already = {e.lower() for e in cohort.invitations.values_list("email", flat=True)}
        fresh = sorted({email.strip().lower() for email in emails if email.strip()} - already)
        invitations = [
            Invitation.objects.create(cohort=cohort, email=email, invited_by=invited_by)
            for email in fresh
        ]
        for invitation in invitations:
            transaction.on_commit(partial(_send_invitation, invitation.pk))
    return invitations


def _send_invitation(invitation_pk: int) -> None:
    invitation = Invitation.objects.select_related("cohort__programme", "invited_by").get(
        pk=invitation_pk
    )
    url = reverse("delivery:register", kwargs={"slug": invitation.cohort.slug})
    language = (invitation.invited_by and invitation.invited_by.preferred_language) or (
        settings.LANGUAGE_CODE
    )
    with translation.override(language):
        send_mail(
            _("You are invited to %(cohort)s") % {"cohort": invitation.cohort},
            _(
                "You are invited to register for %(cohort)s. Register with this address here: "
                "%(url)s"
            )
            % {
                "cohort": invitation.cohort,
                "url": f"{settings.SITE_URL}{url}?invitation={invitation.token}",
            },
            None,
            [invitation.email],
        )


def _send_offer(enrolment_pk: int) -> None:
    enrolment = Enrolment.objects.select_related("cohort__programme", "user").get(pk=enrolment_pk)
    language = enrolment.user.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        deadline = timezone.localtime(enrolment.offer_expires_at, enrolment.cohort.zone)
        send_mail(
            _("A seat is free for you in %(cohort)s") % {"cohort": enrolment.cohort},
            _(
                "Good news: a seat has become free in %(cohort)s and it is yours if you confirm "
                "by %(deadline)s. Confirm here: %(url)s"
            )
            % {
                "cohort": enrolment.cohort,
                "deadline": deadline.strftime("%Y-%m-%d %H:%M %Z"),
                "url": settings.SITE_URL
                + reverse("delivery:enrolment", kwargs={"slug": enrolment.cohort.slug}),
            },
            None,
            [enrolment.user.email],
        )
