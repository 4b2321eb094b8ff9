"""The learner's pages in a cohort: the course outline, activity players, media, progress.

Every page starts from the signed-in learner's own confirmed enrolment (``access``); another
cohort's activity, or an activity the learner's stream hides, is 404.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from agora.catalogue.activity_types import REGISTRY
from agora.catalogue.models import Activity
from agora.learning import players, summary
from agora.learning import progress as recording
from agora.learning.access import learner_activity, learner_enrolment
from agora.learning.frame import activity_frame, activity_url


@login_required
@require_GET
def course(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    enrolment = learner_enrolment(request.user, cohort_slug)
    outline = summary.course_outline(enrolment)
    _render_lines(outline, enrolment)
    return render(request, "learning/course.html", {"enrolment": enrolment, "outline": outline})


# An activity id no course has: reversed once, then replaced by each line's id.
_ANY_ACTIVITY = 987654321987


def _render_lines(outline: summary.Outline, enrolment) -> None:
    """Each unit's activity lines as HTML, built in one pass.

    The same markup the template's loop gave (course.html says where it goes), without its
    per-line costs: a URL reversed, the kind's label looked up through the model's choices and
    five translations, for each of up to a hundred lines. Those are now made once per page.
    """
    url = reverse("learning:activity", args=[enrolment.cohort.slug, _ANY_ACTIVITY])
    url_head, _any, url_tail = (
        conditional_escape(part) for part in url.rpartition(str(_ANY_ACTIVITY))
    )
    language = conditional_escape(enrolment.language)
    kinds = {
        value: conditional_escape(label)
        for value, label in Activity._meta.get_field("kind").flatchoices
    }
    required = f"<strong>{_('required')}</strong>"
    optional = _("optional")
    done = f'· <span class="status-badge">{_("Done")}</span>'
    started = f"· {_('started')}"
    minutes_text: dict[int, str] = {}
    for module in outline.modules:
        for unit in module.units:
            parts = []
            for line in unit.lines:
                activity = line.activity
                minutes = activity.estimated_minutes
                if minutes and minutes not in minutes_text:
                    minutes_text[minutes] = "· " + ngettext(
                        "%(minutes)s min", "%(minutes)s min", minutes
                    ) % {"minutes": conditional_escape(localize(minutes))}
                state = done if line.is_done else started if line.progress else ""
                parts.append(
                    "\n      <li>\n"
                    f'        <a href="{url_head}{activity.pk}{url_tail}" lang="{language}">'
                    f"{conditional_escape(line.title)}</a>\n"
                    f"        · {kinds.get(activity.kind) or conditional_escape(activity.kind)}\n"
                    f"        {minutes_text[minutes] if minutes else ''}\n"
                    f"        · {required if line.is_required else optional}\n"
                    f"        {state}\n"
                    "      </li>\n      "
                )
            # Values escaped above; translations trusted as the template's {% translate %} does.
            unit.lines_html = mark_safe("".join(parts))  # noqa: S308


@login_required
@require_GET
def progress_page(request: HttpRequest, cohort_slug: str) -> HttpResponse:
    enrolment = learner_enrolment(request.user, cohort_slug)
    context = {
        "enrolment": enrolment,
        "outline": summary.course_outline(enrolment),
        "weeks": summary.weekly_time(enrolment),
        "modules": summary.finished_modules(enrolment),
    }
    return render(request, "learning/progress.html", context)


@login_required
@require_GET
def paths(request: HttpRequest) -> HttpResponse:
    """The learning paths the person has begun, counted across every cohort."""
    return render(
        request, "learning/paths.html", {"paths": summary.learning_paths(request.user)}
    )


@login_required
@require_GET
def activity(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    player_url = REGISTRY[item.kind].player_url
    if player_url:
        return redirect(reverse(player_url, args=[cohort_slug, activity_id]))
    recording.record_visit(enrolment, item)
    context = activity_frame(enrolment, item)
    context.update(_player_context(enrolment, item))
    template = select_template(
        [f"learning/players/{item.kind}.html", "learning/players/generic.html"]
    )
    return HttpResponse(template.render(context, request))


def _player_context(enrolment, item) -> dict:
    if item.kind == "video":
        video = players.media_path(item, "video")
        poster = players.media_path(item, "poster")
        return {
            "video_url": players.media_url(enrolment, item, "video") if video else "",
            "video_type": players.content_type(video) if video else "",
            "poster_url": players.media_url(enrolment, item, "poster") if poster else "",
            "tracks": players.caption_tracks(enrolment, item),
            "transcript": players.transcript_lines(enrolment, item),
        }
    if item.kind in ("resource", "case_study", "reading"):
        path = players.media_path(item, "file")
        return {
            "file_url": players.media_url(enrolment, item, "file") if path else "",
            "file_name": path.rsplit("/", 1)[-1] if path else "",
            "file_size": players.file_size(item, "file") if path else None,
        }
    if item.kind == "external_tool":
        url = (item.media or {}).get("url", "")
        return {"tool_url": url, "tool_host": urlsplit(url).hostname or ""}
    if REGISTRY[item.kind].completion == "attended":
        return {"sessions": players.unit_sessions(enrolment, item)}
    return {}


@login_required
@require_POST
def mark_done(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """A learner says they watched a video (or read its transcript) to the end."""
    enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    if item.kind != "video":
        raise Http404  # other types complete by what the learner does in them
    recording.complete_activity(enrolment, item)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Refresh": "true"})
    return redirect(activity_url(enrolment, item))


@login_required
@require_POST
def open_tool(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """Record that the learner opened an external tool, then send them there."""
    enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    url = (item.media or {}).get("url", "")
    if item.kind != "external_tool" or not url.startswith(("https://", "http://")):
        raise Http404
    recording.complete_activity(enrolment, item)
    return redirect(url)


@login_required
@require_POST
def report_time(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    """Time spent on an activity page, reported by the page while it is visible."""
    enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    try:
        seconds = int(request.POST.get("seconds", "0"))
    except ValueError:
        seconds = 0
    recording.record_visit(enrolment, item, seconds=seconds)
    return HttpResponse(status=204)


@login_required
@require_GET
def media(request: HttpRequest, cohort_slug: str, activity_id: int, key: str) -> FileResponse:
    _enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    return _serve(item, players.media_path(item, key))


@login_required
@require_GET
def captions(
    request: HttpRequest, cohort_slug: str, activity_id: int, language: str
) -> FileResponse:
    _enrolment, item = learner_activity(request.user, cohort_slug, activity_id)
    return _serve(item, players.media_path(item, "captions", language))


def _serve(item, path: str | None) -> FileResponse:
    name = players.stored_name(item, path) if path else None
    if name is None or not default_storage.exists(name):
        raise Http404
    response = FileResponse(
        default_storage.open(name, "rb"), content_type=players.content_type(path)
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
