"""Users, organisations and the roles people hold in them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from agora.accounts.personal_data import PersonalData


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. They log in with their e-mail address.

    A platform admin is a superuser. Organisers hold a membership of their organisation; cohort
    roles (facilitator, mentor, learner) live with the cohorts.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("interface language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("staff status"), default=False, help_text=_("Can log in to the admin site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    personal_data = PersonalData(
        fields=["email", "full_name", "preferred_language", "date_joined", "last_login"],
        erasure="anonymise",
        retention=_("As long as the account exists; erased on a confirmed erasure request."),
        owner="self",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser

    @cached_property  # asked on every page (nav, two-factor rule); one query per request
    def is_organiser(self) -> bool:
        return self.memberships.filter(role=Membership.Role.ORGANISER).exists()

    @property
    def requires_two_factor(self) -> bool:
        """Organisers and admins act for others, so their accounts must use a second factor."""
        return self.is_platform_admin or self.is_staff or self.is_organiser

    def remember_language(self, language: str) -> None:
        self.preferred_language = language
        self.save(update_fields=["preferred_language"])

    def anonymise(self) -> None:
        """Replace every personal value with a neutral one and lock the account."""
        self.email = f"erased-{self.pk}@erased.invalid"
        self.full_name = ""
        self.preferred_language = ""
        self.is_active = False
        self.is_staff = False
        self.is_superuser = False
        self.last_login = None
        self.set_unusable_password()
        self.save()


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def organised_by(self, user) -> OrganisationQuerySet:
        """Organisations ``user`` organises (every one, for a platform admin)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser:
            return self.all()
        return self.filter(
            memberships__user=user, memberships__role=Membership.Role.ORGANISER
        ).distinct()


class Organisation(models.Model):
    class Kind(models.TextChoices):
        PUBLIC_BODY = "public_body", _("Public body")
        SCHOOL = "school", _("School")
        UNIVERSITY = "university", _("University")
        TRAINING_INSTITUTE = "training_institute", _("Training institute")
        CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=2, blank=True)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's role in an organisation."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        MEMBER = "member", _("Member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    job_title = models.CharField(_("job title"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(
        fields=["organisation", "role", "job_title", "created_at"],
        erasure="delete",
        retention=_("While the person belongs to the organisation."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} ({self.get_role_display()})"


class ErasureRequestQuerySet(models.QuerySet["ErasureRequest"]):
    def pending(self) -> ErasureRequestQuerySet:
        return self.filter(status=ErasureRequest.Status.PENDING)


class ErasureRequest(models.Model):
    """A person's request to erase their personal data, confirmed by a platform admin.

    It outlives the erasure (with the person's details gone) as the record that it happened.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an administrator")
        DONE = "done", _("Erased")
        DECLINED = "declined", _("Declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="erasure_requests",
    )
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ErasureRequestQuerySet.as_manager()

    personal_data = PersonalData(
        fields=["reason", "status", "requested_at"],
        erasure="anonymise",
        retention=_("Kept without personal details as the record that an erasure took place."),
    )

    class Meta:
        verbose_name = _("erasure request")
        verbose_name_plural = _("erasure requests")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_erasure_per_user",
            )
        ]

    def __str__(self) -> str:
        person = self.user or _("erased user")
        return f"{person} · {self.get_status_display()}"

    def anonymise(self) -> None:
        self.reason = ""
        self.user = None
        self.save(update_fields=["reason", "user"])
