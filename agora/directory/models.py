"""The opt-in peer directory: profiles of people and of organisations, and contact requests.

A profile is listed only while its owner keeps it visible. Nobody's e-mail address is shown in
the directory; a contact request that the recipient accepts reveals the two addresses to each
other (``ContactRequest.reveals_emails_to``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData

# Countries a profile can name: the EU member states, then the neighbours most often met.
COUNTRIES = [
    ("AT", _("Austria")), ("BE", _("Belgium")), ("BG", _("Bulgaria")), ("HR", _("Croatia")),
    ("CY", _("Cyprus")), ("CZ", _("Czechia")), ("DK", _("Denmark")), ("EE", _("Estonia")),
    ("FI", _("Finland")), ("FR", _("France")), ("DE", _("Germany")), ("GR", _("Greece")),
    ("HU", _("Hungary")), ("IE", _("Ireland")), ("IT", _("Italy")), ("LV", _("Latvia")),
    ("LT", _("Lithuania")), ("LU", _("Luxembourg")), ("MT", _("Malta")),
    ("NL", _("Netherlands")), ("PL", _("Poland")), ("PT", _("Portugal")), ("RO", _("Romania")),
    ("SK", _("Slovakia")), ("SI", _("Slovenia")), ("ES", _("Spain")), ("SE", _("Sweden")),
    ("IS", _("Iceland")), ("NO", _("Norway")), ("CH", _("Switzerland")),
    ("GB", _("United Kingdom")), ("UA", _("Ukraine")), ("CA", _("Canada")),
    ("ZZ", _("Another country")),
]  # fmt: skip


def _profiles_of(user) -> models.QuerySet:
    return Profile.objects.filter(owner=user)


def _requests_of(user) -> models.QuerySet:
    return ContactRequest.objects.filter(Q(sender=user) | Q(profile__owner=user))


def _blocks_of(user) -> models.QuerySet:
    return Block.objects.filter(Q(blocker=user) | Q(blocked=user))


class ProfileQuerySet(models.QuerySet["Profile"]):
    def listed(self) -> ProfileQuerySet:
        """Profiles that their owners opted to show in the directory."""
        return self.filter(visible=True, owner__is_active=True)

    def visible_to(self, user) -> ProfileQuerySet:
        """What ``user`` may see: listed profiles and their own; nothing for anonymous visitors."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(visible=True, owner__is_active=True) | Q(owner=user))

    def search(self, text: str) -> ProfileQuerySet:
        """Every word of ``text`` in the name, organisation, role, bio, interests or tags."""
        for word in text.split()[:8]:
            self = self.filter(
                Q(display_name__icontains=word)
                | Q(organisation_name__icontains=word)
                | Q(role__icontains=word)
                | Q(bio__icontains=word)
                | Q(interests__icontains=word)
                | Q(tags__icontains=word)
            )
        return self

    def speaking(self, language: str) -> ProfileQuerySet:
        # Languages are stored as ",en,fr," so that one code matches exactly on every backend.
        return self.filter(languages__contains=f",{language},")


class Profile(models.Model):
    """A person's or an organisation's entry in the directory, managed by ``owner``."""

    class Kind(models.TextChoices):
        PERSON = "person", _("Person")
        ORGANISATION = "organisation", _("Organisation")

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        EU = "eu", _("European Union")
        OTHER = "other", _("Other")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_profiles",
        verbose_name=_("managed by"),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="directory_profiles",
        verbose_name=_("organisation on Agora"),
    )
    display_name = models.CharField(_("name shown"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=200, blank=True)
    level = models.CharField(
        _("level of government"), max_length=20, choices=Level.choices, blank=True
    )
    competences = models.ManyToManyField(
        "catalogue.Competence", blank=True, related_name="+", verbose_name=_("expertise")
    )
    tags = models.CharField(_("other expertise"), max_length=300, blank=True)
    languages = models.CharField(_("languages"), max_length=200, blank=True)
    interests = models.TextField(_("interests"), max_length=1000, blank=True)
    bio = models.TextField(_("about"), max_length=3000, blank=True)
    methods = models.TextField(_("methods and practice shared"), max_length=3000, blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, blank=True)
    visible = models.BooleanField(_("listed in the directory"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProfileQuerySet.as_manager()

    personal_data = PersonalData(
        fields=[
            "kind", "display_name", "organisation_name", "role", "level", "tags", "languages",
            "interests", "bio", "methods", "region", "website", "country", "visible",
            "created_at",
        ],
        erasure="delete",
        retention=_("Until you delete your directory profile or your account."),
        records=_profiles_of,
    )  # fmt: skip

    class Meta:
        ordering = ["display_name", "pk"]
        verbose_name = _("directory profile")
        verbose_name_plural = _("directory profiles")
        constraints = [
            models.UniqueConstraint(
                fields=["owner"], condition=Q(kind="person"), name="one_person_profile_per_user"
            ),
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(kind="organisation"),
                name="one_profile_per_organisation",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def is_organisation(self) -> bool:
        return self.kind == self.Kind.ORGANISATION

    @property
    def language_codes(self) -> list[str]:
        return [code for code in self.languages.split(",") if code]

    @property
    def language_names(self) -> list[str]:
        names = dict(settings.CONTENT_LANGUAGES)
        return [names.get(code, code) for code in self.language_codes]

    @property
    def tag_list(self) -> list[str]:
        return [tag.strip() for tag in self.tags.split(",") if tag.strip()]


class ContactRequestQuerySet(models.QuerySet["ContactRequest"]):
    def received_by(self, user) -> ContactRequestQuerySet:
        return self.filter(profile__owner=user)

    def sent_by(self, user) -> ContactRequestQuerySet:
        return self.filter(sender=user)

    def involving(self, user) -> ContactRequestQuerySet:
        if not user.is_authenticated:
            return self.none()
        return self.filter(Q(sender=user) | Q(profile__owner=user))


class ContactRequest(models.Model):
    """A signed-in person asks a profile's owner to be in touch."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="directory_requests_sent",
        verbose_name=_("sent by"),
    )
    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="contact_requests",
        verbose_name=_("profile"),
    )  # fmt: skip
    message = models.TextField(_("message"), max_length=1000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = ContactRequestQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["profile", "message", "status", "created_at", "answered_at"],
        erasure="delete",
        retention=_("Until the sender's or the recipient's profile or account is deleted."),
        records=_requests_of,
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("contact request")
        verbose_name_plural = _("contact requests")
        constraints = [
            models.UniqueConstraint(
                fields=["sender", "profile"],
                condition=Q(status="pending"),
                name="one_pending_contact_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.profile}"

    @property
    def recipient(self):
        return self.profile.owner

    def reveals_emails_to(self, user) -> bool:
        """The two addresses are shown to the two people only once the request is accepted."""
        return self.status == self.Status.ACCEPTED and user.pk in (
            self.sender_id,
            self.profile.owner_id,
        )


class Block(models.Model):
    """``blocker`` receives no more contact requests from ``blocked``."""

    blocker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_blocks",
        verbose_name=_("blocked by"),
    )  # fmt: skip
    blocked = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("blocked person"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("blocked at"), auto_now_add=True)

    personal_data = PersonalData(
        fields=["blocked", "created_at"],
        erasure="delete",
        retention=_("Until you unblock the person or either account is deleted."),
        records=_blocks_of,
    )

    class Meta:
        verbose_name = _("blocked contact")
        verbose_name_plural = _("blocked contacts")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="one_block_per_pair")
        ]

    def __str__(self) -> str:
        return f"{self.blocker} ⊘ {self.blocked}"
