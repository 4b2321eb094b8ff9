"""What each activity player needs beyond the shared frame: media, transcripts, sessions.

A programme's media live in storage under ``programmes/<slug>/…`` (catalogue.importing); they
are course material, so learners reach them through ``learning:media``, which checks access.
"""

from __future__ import annotations

import io
import mimetypes
from dataclasses import dataclass

import webvtt
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import get_language_info

from agora.catalogue.importing import media_name
from agora.catalogue.models import Activity
from agora.delivery.models import Attendance, Enrolment, ScheduledSession

# Keys of Activity.media served as files; captions are served per language.
FILE_KEYS = ("video", "poster", "transcript", "file")
MAX_TRANSCRIPT_BYTES = 512 * 1024


@dataclass(frozen=True)
class Track:
    language: str
    label: str
    url: str
    is_default: bool


def stored_name(activity: Activity, relative: str) -> str:
    return media_name(activity.programme.slug, relative)


def media_path(activity: Activity, key: str, language: str = "") -> str | None:
    """The package-relative path of one media file of ``activity`` (None: there is none)."""
    media = activity.media or {}
    if key == "captions":
        value = (media.get("captions") or {}).get(language)
    elif key in FILE_KEYS:
        value = media.get(key)
    else:
        return None
    return value if isinstance(value, str) and value else None


def media_url(enrolment: Enrolment, activity: Activity, key: str, language: str = "") -> str:
    args = [enrolment.cohort.slug, activity.pk, key]
    if language:
        return reverse("learning:captions", args=[*args[:2], language])
    return reverse("learning:media", args=args)


def content_type(path: str) -> str:
    if path.endswith(".vtt"):
        return "text/vtt; charset=utf-8"
    return mimetypes.guess_type(path)[0] or "application/octet-stream"


def caption_tracks(enrolment: Enrolment, activity: Activity) -> list[Track]:
    """A <track> per captions language; the learner's language is the default one."""
    captions = (activity.media or {}).get("captions") or {}
    languages = sorted(captions)
    default = enrolment.language if enrolment.language in captions else (languages or [""])[0]
    return [
        Track(
            language=language,
            label=get_language_info(language)["name_local"],
            url=media_url(enrolment, activity, "captions", language),
            is_default=language == default,
        )
        for language in languages
    ]


def transcript_lines(enrolment: Enrolment, activity: Activity) -> list[str]:
    """The transcript in the learner's language: the transcript file if the package has one,
    else the text of the captions (in the learner's language, else the first available)."""
    path = media_path(activity, "transcript")
    if path:
        text = _read_text(stored_name(activity, path))
        return [line for line in text.splitlines() if line.strip()]
    tracks = caption_tracks(enrolment, activity)
    chosen = next((track for track in tracks if track.is_default), None)
    if chosen is None:
        return []
    vtt = _read_text(stored_name(activity, media_path(activity, "captions", chosen.language)))
    try:
        captions = webvtt.from_buffer(io.StringIO(vtt))
    except (webvtt.errors.MalformedFileError, webvtt.errors.MalformedCaptionError):
        return []
    return [caption.text.replace("\n", " ") for caption in captions if caption.text.strip()]


def _read_text(name: str) -> str:
    if not default_storage.exists(name):
        return ""
    with default_storage.open(name, "rb") as handle:
        return handle.read(MAX_TRANSCRIPT_BYTES).decode("utf-8", errors="replace")


def file_size(activity: Activity, key: str) -> int | None:
    path = media_path(activity, key)
    name = stored_name(activity, path) if path else None
    if name is None or not default_storage.exists(name):
        return None
    return default_storage.size(name)


@dataclass
class SessionEntry:
    session: ScheduledSession
    attended: bool | None  # None: attendance not taken


def unit_sessions(enrolment: Enrolment, activity: Activity) -> list[SessionEntry]:
    """The cohort's sessions for the activity's unit, in the learner's language."""
    sessions = list(
        ScheduledSession.objects.filter(
            cohort_id=enrolment.cohort_id,
            unit_id=activity.unit_id,
            language__in=["", enrolment.language],
        ).order_by("starts_at")
    )
    marks = dict(
        Attendance.objects.filter(enrolment=enrolment, session__in=sessions).values_list(
            "session_id", "present"
        )
    )
    return [SessionEntry(session, marks.get(session.pk)) for session in sessions]
