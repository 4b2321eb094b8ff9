"""Who may do what in live sessions, in one place.

- Facilitators and organisers run the rooms of their cohorts' sessions
  (``Cohort.objects.run_by``): ``sessions_run_by``, ``rooms_run_by``.
- Participants join a room by its code: with their account when they are a confirmed learner,
  staff or organiser of the cohort (``Room.admits``), or, when the room allows it, anonymously as
  one device (a signed cookie, ``device_of``).
- A session's results summary is for those who run it and the cohort's confirmed learners.
Everything else is found through these.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from django.core import signing
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse

from agora.delivery.models import Cohort, Enrolment, ScheduledSession
from agora.live.models import Room

DEVICE_COOKIE = "agora_live_device"
DEVICE_SALT = "agora.live.device"
DEVICE_MAX_AGE = 60 * 60 * 24 * 365


def sessions_run_by(user) -> QuerySet[ScheduledSession]:
    return ScheduledSession.objects.filter(cohort__in=Cohort.objects.run_by(user))


def rooms_run_by(user) -> QuerySet[Room]:
    return Room.objects.run_by(user)


def sessions_followed_by(user) -> QuerySet[ScheduledSession]:
    """Sessions whose results ``user`` may read afterwards."""
    if not user.is_authenticated:
        return ScheduledSession.objects.none()
    learner = Cohort.objects.filter(
        enrolments__user=user, enrolments__status=Enrolment.Status.CONFIRMED
    ).values("pk")
    staff = Cohort.objects.staffed_by(user).values("pk")
    runs = Cohort.objects.run_by(user).values("pk")
    return ScheduledSession.objects.filter(
        Q(cohort__in=learner) | Q(cohort__in=staff) | Q(cohort__in=runs)
    )


def room_by_code(code: str) -> Room | None:
    code = (code or "").strip().upper().replace(" ", "").replace("-", "")
    return Room.objects.select_related("session__cohort").filter(code=code).first()


def _signer() -> signing.TimestampSigner:
    # Signed by us rather than by set_signed_cookie, so the WebSocket consumer, which sees only
    # the raw cookies, reads it with the same signer.
    return signing.TimestampSigner(salt=DEVICE_SALT)


def sign_device(device: uuid.UUID) -> str:
    return _signer().sign(str(device))


def device_of(cookies: Mapping[str, str]) -> uuid.UUID | None:
    """The device identity from its signed cookie, or None if absent or tampered with."""
    raw = cookies.get(DEVICE_COOKIE)
    if not raw:
        return None
    try:
        return uuid.UUID(_signer().unsign(raw, max_age=DEVICE_MAX_AGE))
    except (signing.BadSignature, ValueError):
        return None


def ensure_device(request: HttpRequest, response: HttpResponse) -> uuid.UUID:
    """This device's identity, given one (in a signed cookie) on its first visit."""
    device = device_of(request.COOKIES)
    if device is None:
        device = uuid.uuid4()
    # Renewed on each visit, so a device that keeps coming keeps its identity.
    response.set_cookie(
        DEVICE_COOKIE, sign_device(device), max_age=DEVICE_MAX_AGE,
        httponly=True, samesite="Lax", secure=request.is_secure(),
    )
    return device
