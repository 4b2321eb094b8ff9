"""Requesting, confirming and carrying out the erasure of a person's data."""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from agora.accounts.models import ErasureRequest, User
from agora.accounts.personal_data import erase_records


def request_erasure(user: User, reason: str = "") -> ErasureRequest:
    """Record the request; a second one while the first is pending returns the first."""
    try:
        with transaction.atomic():
            return ErasureRequest.objects.create(user=user, reason=reason)
    except IntegrityError:
        return ErasureRequest.objects.pending().get(user=user)


def confirm_erasure(erasure_request: ErasureRequest, *, admin: User) -> None:
    """Erase everything declared about the requester, end their sessions, keep the record."""
    with transaction.atomic():
        locked = ErasureRequest.objects.select_for_update().get(pk=erasure_request.pk)
        if locked.status != ErasureRequest.Status.PENDING or locked.user is None:
            return
        locked.status = ErasureRequest.Status.DONE
        locked.decided_at = timezone.now()
        locked.decided_by = admin if admin.pk != locked.user_id else None
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        person = locked.user
        # Sent straight after the commit, not queued: a queued task would store the address.
        transaction.on_commit(
            partial(_tell_erased, person.email, person.preferred_language or settings.LANGUAGE_CODE)
        )
        erase_records(person)


def _tell_erased(email: str, language: str) -> None:
    with translation.override(language):
        send_mail(
            _("Your Agora data has been erased"),
            _(
                "As you asked, your Agora account and the personal data it held have been erased. "
                "You will receive no further e-mail from us."
            ),
            None,
            [email],
        )


def decline_erasure(erasure_request: ErasureRequest, *, admin: User) -> None:
    ErasureRequest.objects.filter(
        pk=erasure_request.pk, status=ErasureRequest.Status.PENDING
    ).update(status=ErasureRequest.Status.DECLINED, decided_at=timezone.now(), decided_by=admin)
