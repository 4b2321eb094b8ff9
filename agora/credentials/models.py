"""Certificates, the issuing organisation's profile, and the keys credentials are signed with.

A ``Certificate`` keeps, from the moment it is issued, every fact it states (the learner's name,
the programme's title in the learner's language, level or modules, hours, completion date,
issuer), so that editing the programme later never changes a certificate already issued.
Signing keys live in their own table with no link to any person (``SigningKey``); the private
half is encrypted at rest (see ``keys.py``).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import Organisation
from agora.accounts.personal_data import PersonalData
from agora.delivery.models import Cohort, Enrolment


class SigningKey(models.Model):
    """One Ed25519 key pair of an organisation. The newest unretired one signs; retired ones
    stay, public half published by ``kid``, so that credentials they signed still verify."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="signing_keys"
    )
    kid = models.CharField(_("key id"), max_length=64, unique=True)
    public_jwk = models.JSONField(_("public key (JWK)"))
    private_key = models.BinaryField(_("private key (encrypted)"))
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("signing key")
        verbose_name_plural = _("signing keys")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(retired_at__isnull=True),
                name="one_active_signing_key_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return self.kid


def signature_path(profile: IssuerProfile, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"signatures/{profile.organisation_id}-{uuid.uuid4().hex[:8]}.{extension}"


class IssuerProfile(models.Model):
    """How an organisation signs its certificates: the signatory and the signature image."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="issuer_profile"
    )
    signatory_name = models.CharField(_("name of the signatory"), max_length=200, blank=True)
    signatory_title = models.CharField(_("title of the signatory"), max_length=200, blank=True)
    signature = models.FileField(_("signature image"), upload_to=signature_path, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    not_personal_data = (
        "The signatory signs in an official role, printed on public certificates by the "
        "organisation's choice; organisers edit or clear it."
    )

    class Meta:
        verbose_name = _("issuer profile")
        verbose_name_plural = _("issuer profiles")

    def __str__(self) -> str:
        return str(self.organisation)


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def of_learner(self, user) -> CertificateQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrolment__user=user)

    def managed_by(self, user) -> CertificateQuerySet:
        """Certificates of cohorts ``user`` organises (every one, for an admin)."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(enrolment__cohort__in=Cohort.objects.managed_by(user))


def new_public_id() -> str:
    return uuid.uuid4().hex


class Certificate(models.Model):
    """A certificate as issued: what it states is copied here at issue time and never changes.

    ``public_id`` (a random UUID) is the address of its public verification page; the signed
    Open Badges credential (``credential_jwt``) states the same facts.
    """

    public_id = models.CharField(
        _("public id"), max_length=32, unique=True, default=new_public_id, editable=False
    )
    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="certificate"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="certificates"
    )
    language = models.CharField(_("language"), max_length=5)
    learner_name = models.CharField(_("learner's name"), max_length=200)
    programme_title = models.CharField(_("programme"), max_length=300)
    level_title = models.CharField(_("level"), max_length=300, blank=True)
    module_titles = models.JSONField(_("modules"), default=list, blank=True)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    completed_on = models.DateField(_("completed on"))
    issuer_name = models.CharField(_("issuing organisation"), max_length=200)
    signatory_name = models.CharField(max_length=200, blank=True)
    signatory_title = models.CharField(max_length=200, blank=True)
    issued_at = models.DateTimeField(_("issued"))
    kid = models.CharField(_("signing key"), max_length=64)
    credential = models.JSONField(_("Open Badges credential"))
    credential_jwt = models.TextField(_("signed credential (VC-JWT)"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = CertificateQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["public_id", "learner_name", "programme_title", "level_title", "module_titles",
                "hours", "completed_on", "issuer_name", "issued_at", "revoked_at",
                "revocation_reason", "credential"],
        erasure="delete",
        retention=_(
            "As long as the enrolment it certifies; once erased, its verification page says "
            "“unknown”."
        ),
        owner="enrolment__user",
    )

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return f"{self.learner_name} · {self.programme_title}"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def status(self) -> str:
        return "revoked" if self.is_revoked else "valid"


class CertificateEvent(models.Model):
    """The log of what happened to a certificate: who issued or revoked it, when and why."""

    class Action(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", help_text=_("Empty when issued automatically on completion."),
    )
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["action", "reason", "at"],
        erasure="delete",
        retention=_("As long as the certificate it records."),
        owner="certificate__enrolment__user",
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate events")

    def __str__(self) -> str:
        return f"{self.certificate_id} · {self.action}"
