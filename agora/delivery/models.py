"""Cohorts (runs of a programme), their streams, schedule, venues and enrolments."""

from __future__ import annotations

import secrets
import zoneinfo
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from agora.accounts.models import Organisation
from agora.accounts.personal_data import PersonalData
from agora.catalogue.models import Activity, Level, Module, Programme, Unit

CONTENT_LANGUAGE_CHOICES = settings.CONTENT_LANGUAGES


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


# Addresses under /cohorts/ that are pages, not cohorts.
RESERVED_COHORT_SLUGS = frozenset({"my", "manage", "calendar", "new", "venues"})


def validate_cohort_slug(value: str) -> None:
    if value in RESERVED_COHORT_SLUGS:
        raise ValidationError(
            _("“%(value)s” is reserved; choose another address."), params={"value": value}
        )


class Venue(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="venues")
    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"))
    city = models.CharField(_("city"), max_length=100)
    country = models.CharField(_("country"), max_length=2)
    access = I18nTextField(_("how to get there"), blank=True)
    accessibility = I18nTextField(_("accessibility"), blank=True)
    map_url = models.URLField(_("map"), blank=True)

    # Checked by tests/test_personal_data.py: the address here is a building's, not a person's.
    not_personal_data = "A venue's address is a public place, not a person's."

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return f"{self.name}, {self.city}"


class Ask(models.TextChoices):
    """How a registration form asks one question."""

    REQUIRED = "required", _("Asked, required")
    OPTIONAL = "optional", _("Asked, optional")
    OFF = "off", _("Not asked")


# The questions an organiser may switch per cohort, and how each may be asked. Billing details
# are one block (an invoice needs all of them); travel is a set of optional requests.
QUESTION_CHOICES: dict[str, tuple[str, ...]] = {
    "organisation": (Ask.REQUIRED, Ask.OPTIONAL, Ask.OFF),
    "role": (Ask.REQUIRED, Ask.OPTIONAL, Ask.OFF),
    "government_level": (Ask.REQUIRED, Ask.OPTIONAL, Ask.OFF),
    "reason": (Ask.REQUIRED, Ask.OPTIONAL, Ask.OFF),
    "accessibility_needs": (Ask.REQUIRED, Ask.OPTIONAL, Ask.OFF),
    "billing": (Ask.REQUIRED, Ask.OFF),
    "travel": (Ask.OPTIONAL, Ask.OFF),
}
REGISTRATION_QUESTIONS = tuple(QUESTION_CHOICES)


class CohortQuerySet(models.QuerySet["Cohort"]):
    def managed_by(self, user) -> CohortQuerySet:
        """Cohorts of programmes whose organisation ``user`` organises (all for an admin)."""
        if user.is_superuser:
            return self.all()
        return self.filter(programme__organisation__in=Organisation.objects.organised_by(user))

    def staffed_by(self, user) -> CohortQuerySet:
        """Cohorts where ``user`` is a facilitator or a mentor."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(staff__user=user).distinct()

    def run_by(self, user) -> CohortQuerySet:
        """Cohorts ``user`` runs, as a facilitator or as an organiser who manages them: who
        takes attendance, sets due dates and milestones, reads the gradebook, forms groups,
        assigns mentors and runs live sessions."""
        if not user.is_authenticated:
            return self.none()
        facilitated = self.filter(
            staff__user=user, staff__role=CohortStaff.Role.FACILITATOR
        ).values("pk")
        managed = self.managed_by(user).values("pk")
        return self.filter(Q(pk__in=facilitated) | Q(pk__in=managed))

    def listed(self) -> CohortQuerySet:
        """Cohorts shown to the public: open for registration, running or upcoming."""
        return self.filter(
            status__in=[Cohort.Status.OPEN, Cohort.Status.RUNNING],
            programme__status=Programme.Status.PUBLISHED,
        )


class Cohort(models.Model):
    """One run of a programme, or of one level, or of a chosen set of modules.

    A cohort may run in several languages at once: each learner follows the content and the
    live sessions in their own language.
    """

    Mode = Programme.Format  # the same three ways to run as a programme's format

    class Eligibility(models.TextChoices):
        ANYONE = "anyone", _("Anyone")
        ORGANISATIONS = "organisations", _("Members of listed organisations")
        INVITATION = "invitation", _("By invitation only")

    class Admission(models.TextChoices):
        INSTANT = "instant", _("Confirmed at once")
        APPROVAL = "approval", _("Approved by the organiser")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="cohorts")
    level = models.ForeignKey(
        Level, on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts",
        help_text=_("Leave empty for the whole programme."),
    )
    modules = models.ManyToManyField(
        Module, blank=True, related_name="cohorts",
        help_text=_("Leave empty for every module of the programme or level."),
    )
    slug = models.SlugField(
        _("address"), max_length=80, unique=True, validators=[validate_cohort_slug]
    )
    name = I18nCharField(_("name"), help_text=_("For example: Spring 2027."))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/Brussels", validators=[validate_time_zone]
    )
    languages = models.JSONField(_("languages"), default=list)
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices)
    capacity = models.PositiveIntegerField(
        _("seats"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    fee = models.DecimalField(_("fee"), max_digits=9, decimal_places=2, default=Decimal(0))
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=14, help_text=_("How long a seat is held for payment.")
    )
    cancellation_policy = I18nTextField(_("cancellation and refund policy"), blank=True)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    eligibility = models.CharField(
        _("who may register"), max_length=20, choices=Eligibility.choices,
        default=Eligibility.ANYONE,
    )
    eligible_organisations = models.ManyToManyField(Organisation, blank=True, related_name="+")
    admission = models.CharField(
        _("admission"), max_length=20, choices=Admission.choices, default=Admission.INSTANT
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to accept a freed seat"), default=48,
        help_text=_("A waiting-list place offered a seat has this long to confirm."),
    )
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True)
    registration_questions = models.JSONField(
        _("registration questions"), default=dict, blank=True,
        help_text=_("Which questions the registration form asks; absent ones keep the default."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CohortQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "slug"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="cohort_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.name}"

    def is_facilitated_by(self, user) -> bool:
        return self.staff.filter(user=user, role=CohortStaff.Role.FACILITATOR).exists()

    def asks(self, question: str) -> str:
        """Whether registration asks ``question`` (one of ``REGISTRATION_QUESTIONS``):
        "required", "optional" or "off". Unset, a default that fits the cohort: the profile
        questions are required, accessibility needs optional, billing details required for a
        paid cohort, travel requests offered for a paid cohort that meets in person."""
        chosen = self.registration_questions.get(question)
        if chosen in Ask.values and chosen in QUESTION_CHOICES[question]:
            return chosen
        if question == "accessibility_needs":
            return Ask.OPTIONAL
        if question == "billing":
            return Ask.REQUIRED if self.is_paid else Ask.OFF
        if question == "travel":
            meets = self.mode in (self.Mode.IN_PERSON, self.Mode.BLENDED)
            return Ask.OPTIONAL if self.is_paid and meets else Ask.OFF
        return Ask.REQUIRED

    @property
    def is_paid(self) -> bool:
        return bool(self.fee)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def registration_is_open(self, now=None) -> bool:
        now = now or timezone.now()
        if self.status != self.Status.OPEN and self.status != self.Status.RUNNING:
            return False
        if self.registration_opens_at and now < self.registration_opens_at:
            return False
        return not (self.registration_closes_at and now >= self.registration_closes_at)

    def seats_taken(self) -> int:
        return self.enrolments.holding_seats().count()

    def seats_left(self) -> int | None:
        if self.capacity is None:
            return None
        return max(self.capacity - self.seats_taken(), 0)


class CohortStaff(models.Model):
    """A facilitator or mentor of one cohort."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        MENTOR = "mentor", _("Mentor")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cohort_roles"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    personal_data = PersonalData(
        fields=["cohort", "role"],
        erasure="delete",
        retention=_("While the cohort exists."),
    )

    class Meta:
        verbose_name = _("cohort staff member")
        verbose_name_plural = _("cohort staff")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user", "role"], name="one_role_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Stream(models.Model):
    """A path through a cohort's material (practitioners, managers, supporters…)."""

    class Completion(models.TextChoices):
        REQUIRED = "required", _("Every required activity done")
        SHARE = "share", _("A share of the stream's activities done")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="streams")
    slug = models.SlugField(_("address"), max_length=80)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True)
    weekly_minutes = models.PositiveIntegerField(_("recommended minutes per week"), default=0)
    completion = models.CharField(
        _("completion rule"), max_length=20, choices=Completion.choices,
        default=Completion.REQUIRED,
    )
    completion_share = models.PositiveSmallIntegerField(
        _("share to complete (%)"), default=80,
        help_text=_("Used with the 'share' rule."),
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("stream")
        verbose_name_plural = _("streams")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "slug"], name="stream_slug_per_cohort")
        ]

    def __str__(self) -> str:
        return str(self.name)


class StreamActivity(models.Model):
    """How one activity counts in one stream. Activities without a row are optional."""

    class Requirement(models.TextChoices):
        REQUIRED = "required", _("Required")
        OPTIONAL = "optional", _("Optional")
        HIDDEN = "hidden", _("Hidden")

    stream = models.ForeignKey(Stream, on_delete=models.CASCADE, related_name="activity_rules")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="+")
    requirement = models.CharField(max_length=20, choices=Requirement.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["stream", "activity"], name="one_rule_per_activity")
        ]

    def __str__(self) -> str:
        return f"{self.stream} · {self.activity} ({self.get_requirement_display()})"


class ScheduledSession(models.Model):
    """A dated part of a cohort: a live web session, an in-person day (with blocks), an
    excursion, or a self-paced week with open and due dates."""

    class Kind(models.TextChoices):
        LIVE = "live", _("Live web session")
        DAY = "day", _("In-person day")
        BLOCK = "block", _("Block of a day")
        EXCURSION = "excursion", _("Excursion")
        SELF_PACED = "self_paced", _("Self-paced week")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="blocks",
        help_text=_("The day this block belongs to."),
    )
    unit = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = I18nCharField(_("title"))
    language = models.CharField(
        _("language"), max_length=5, choices=CONTENT_LANGUAGE_CHOICES, blank=True,
        help_text=_("Empty when the session is for every language of the cohort."),
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    meeting_url = models.URLField(_("meeting link"), blank=True)
    recording_url = models.URLField(_("recording"), blank=True)
    guest_speaker = models.CharField(_("guest speaker"), max_length=200, blank=True)
    lead = models.CharField(_("led by"), max_length=200, blank=True)
    partner_case = I18nTextField(_("partner case"), blank=True)
    venue = models.ForeignKey(Venue, on_delete=models.PROTECT, null=True, blank=True)
    # For "what changed since my last visit" on the learner's page.
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("scheduled session")
        verbose_name_plural = _("scheduled sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return str(self.title)


class EnrolmentQuerySet(models.QuerySet["Enrolment"]):
    SEAT_HOLDING = ("confirmed", "awaiting_payment", "pending_approval", "offered")

    def holding_seats(self) -> EnrolmentQuerySet:
        """Enrolments that take a seat: confirmed, held for payment, awaiting approval, or a
        freed seat offered to the waiting list."""
        return self.filter(status__in=self.SEAT_HOLDING)

    def waiting(self) -> EnrolmentQuerySet:
        return self.filter(status=Enrolment.Status.WAITLISTED).order_by("created_at", "pk")

    def active(self) -> EnrolmentQuerySet:
        return self.exclude(status__in=["withdrawn", "rejected", "cancelled"])


def new_payment_reference() -> str:
    # Unambiguous characters only: it is typed by hand into bank transfers.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "AG-" + "".join(secrets.choice(alphabet) for _ in range(8))


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class Enrolment(models.Model):
    class Status(models.TextChoices):
        PENDING_APPROVAL = "pending_approval", _("Waiting for approval")
        AWAITING_PAYMENT = "awaiting_payment", _("Waiting for payment")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        OFFERED = "offered", _("Seat offered")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Not admitted")
        CANCELLED = "cancelled", _("Cancelled")

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    stream = models.ForeignKey(
        Stream, on_delete=models.SET_NULL, null=True, blank=True, related_name="enrolments"
    )
    language = models.CharField(_("language"), max_length=5, choices=CONTENT_LANGUAGE_CHOICES)
    modules = models.ManyToManyField(Module, blank=True, related_name="+")
    answers = models.JSONField(
        _("registration answers"), default=dict, blank=True,
        help_text=_("Organisation, role, level of government, reason, needs, billing…"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    offer_expires_at = models.DateTimeField(null=True, blank=True)
    payment_reference = models.CharField(
        max_length=20, unique=True, null=True, blank=True, default=None
    )
    payment_due_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    receipt = models.FileField(upload_to="receipts/%Y/%m/", blank=True)
    calendar_token = models.CharField(max_length=40, unique=True, default=new_calendar_token)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The day of sign-up in the cohort's time zone, stored so that registrations per day are
    # one indexed GROUP BY instead of a time-zone conversion of every row.
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    # Progress counters kept by the learning app (agora/learning/progress.py) one activity at a
    # time, so that My learning, lists and completion checks never rescan every activity.
    activities_done = models.PositiveIntegerField(_("activities done"), default=0)
    required_done = models.PositiveIntegerField(_("required activities done"), default=0)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    personal_data = PersonalData(
        fields=[
            "cohort", "status", "stream", "language", "answers", "created_at", "confirmed_at",
            "withdrawn_at", "payment_reference", "paid_at", "receipt", "activities_done",
            "registered_on",
            "required_done", "completed_at",
        ],
        erasure="delete",
        retention=_("For the cohort and five years after, as the record of training received."),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "user"], name="one_enrolment_per_cohort")
        ]
        indexes = [models.Index(fields=["cohort", "registered_on"], name="enrolment_signup_day")]

    def __str__(self) -> str:
        return f"{self.user} · {self.cohort} ({self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.registered_on is None:  # a derived default, not a side effect
            moment = self.created_at or timezone.now()
            self.registered_on = timezone.localtime(moment, self.cohort.zone).date()
        super().save(*args, **kwargs)

    @property
    def holds_seat(self) -> bool:
        return self.status in EnrolmentQuerySet.SEAT_HOLDING

    @property
    def is_active(self) -> bool:
        return self.status not in (
            self.Status.WITHDRAWN, self.Status.REJECTED, self.Status.CANCELLED
        )

    def hold_for_payment(self, now=None) -> None:
        now = now or timezone.now()
        self.status = self.Status.AWAITING_PAYMENT
        self.payment_reference = self.payment_reference or new_payment_reference()
        self.payment_due_at = now + timedelta(days=self.cohort.payment_days)

    def confirm(self, now=None) -> None:
        self.status = self.Status.CONFIRMED
        self.confirmed_at = now or timezone.now()
        self.offer_expires_at = None

    def count_activity_done(self, *, required: bool) -> None:
        """Add one finished activity to the counters, in the database (safe under concurrency)."""
        changes = {"activities_done": models.F("activities_done") + 1}
        if required:
            changes["required_done"] = models.F("required_done") + 1
        Enrolment.objects.filter(pk=self.pk).update(**changes)
        self.refresh_from_db(fields=["activities_done", "required_done"])

    def set_activity_counts(self, *, done: int, required_done: int) -> None:
        """Replace the counters after a recount (a stream's rules changed)."""
        Enrolment.objects.filter(pk=self.pk).update(
            activities_done=done, required_done=required_done
        )
        self.activities_done, self.required_done = done, required_done

    def mark_completed(self, now=None) -> bool:
        """Record completion once; False when it was recorded already."""
        now = now or timezone.now()
        updated = Enrolment.objects.filter(pk=self.pk, completed_at__isnull=True).update(
            completed_at=now
        )
        self.refresh_from_db(fields=["completed_at"])
        return bool(updated)


class Attendance(models.Model):
    """Whether a learner attended one scheduled session, as taken by a facilitator."""

    session = models.ForeignKey(
        ScheduledSession, on_delete=models.CASCADE, related_name="attendance"
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    personal_data = PersonalData(
        fields=["session", "present", "recorded_at"],
        erasure="delete",
        retention=_("With the enrolment."),
        owner="enrolment__user",
    )

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_mark")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.session}: {self.present}"


class ReminderSent(models.Model):
    """A reminder that went out, so the task that sends them never sends one twice."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="reminders")
    key = models.CharField(max_length=100, help_text=_("What it was about, e.g. session-12."))
    sent_at = models.DateTimeField(auto_now_add=True)

    personal_data = PersonalData(
        fields=["key", "sent_at"],
        erasure="delete",
        retention=_("With the enrolment."),
        owner="enrolment__user",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "key"], name="one_reminder_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.key}"


def _invitations_of(user) -> models.QuerySet:
    return Invitation.objects.filter(email__iexact=user.email)


class Invitation(models.Model):
    """A personal invitation to an invitation-only cohort, sent by e-mail with a secret link."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=40, unique=True, default=new_calendar_token)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    personal_data = PersonalData(
        fields=["cohort", "email", "created_at", "accepted_at"],
        erasure="delete",
        retention=_("Until the cohort ends."),
        records=_invitations_of,
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["cohort", "email"], name="one_invitation_per_address")
        ]

    def __str__(self) -> str:
        return f"{self.email} · {self.cohort}"


class CohortMessage(models.Model):
    """An e-mail sent to a cohort, a stream or a language group, with one text per language.

    ``texts`` maps a language code to ``{"subject": …, "body": …}``; each recipient gets the
    text of their enrolment's language, or of the cohort's first language. ``key`` comes from
    the form, so the same form submitted twice records (and sends) one message.
    """

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="messages")
    key = models.UUIDField(unique=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)
    stream = models.ForeignKey(
        Stream, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    language = models.CharField(
        _("language group"), max_length=5, choices=CONTENT_LANGUAGE_CHOICES, blank=True
    )
    texts = models.JSONField(_("texts"), default=dict)
    recipient_count = models.PositiveIntegerField(_("recipients"), default=0)

    personal_data = PersonalData(
        fields=["cohort", "sent_at", "texts", "recipient_count"],
        erasure="anonymise",
        retention=_("While the cohort exists, as its record of what was sent."),
        owner="sent_by",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("cohort message")
        verbose_name_plural = _("cohort messages")

    def __str__(self) -> str:
        return f"{self.cohort} · {self.text_for('').get('subject', '')}"

    def anonymise(self) -> None:
        """The message stays in the cohort's history; who sent it is forgotten."""
        self.sent_by = None
        self.save(update_fields=["sent_by"])

    def text_for(self, language: str) -> dict[str, str]:
        """The subject and body for a reader of ``language``, else the cohort's first language."""
        if self.texts.get(language):
            return self.texts[language]
        for code in self.cohort.languages:
            if self.texts.get(code):
                return self.texts[code]
        return next(iter(self.texts.values()), {"subject": "", "body": ""})
