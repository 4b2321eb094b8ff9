"""The registry of activity types: adding a type is adding an entry here.

Each entry names the type, its label, how a learner completes it and the template that plays
it. The learning app plays most types itself; a type played by another app names that app's page.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActivityType:
    name: str
    label: Promise
    completion: str  # viewed | answered | passed | submitted | attended | posted
    # The URL name of the page that plays this type when another app owns it (taking
    # ``cohort_slug, activity_id``); empty: the learning app's own player plays it.
    player_url: str = ""
    # Done as soon as the learner opens it (a reading); a video is done when watched.
    done_on_open: bool = False
    # The URL name (taking the activity's id) where editors set what the playing app needs
    # (an assignment's rubric and file types); empty: nothing beyond the catalogue's fields.
    settings_url: str = ""


REGISTRY: dict[str, ActivityType] = {
    entry.name: entry
    for entry in [
        ActivityType("reading", _("Reading"), "viewed", done_on_open=True),
        ActivityType("video", _("Video"), "viewed"),
        ActivityType("resource", _("Resource or file"), "viewed", done_on_open=True),
        ActivityType("case_study", _("Case study"), "viewed", done_on_open=True),
        ActivityType("external_tool", _("External tool"), "viewed"),
        ActivityType("quiz", _("Quiz"), "passed", "quizzes:take"),
        ActivityType(
            "assignment", _("Assignment"), "submitted", "assignments:submit",
            settings_url="assignments:settings",
        ),
        ActivityType("forum_task", _("Forum task"), "posted", "forums:task"),
        ActivityType("group_activity", _("Group activity"), "submitted", "groups:task"),
        ActivityType("live_session", _("Live session"), "attended"),
        ActivityType("simulation", _("Simulation or role play"), "attended"),
        ActivityType("survey", _("Survey"), "answered", "surveys:take"),
        ActivityType(
            "capstone_milestone", _("Capstone milestone"), "submitted", "capstones:task"
        ),
        ActivityType("practice_exercise", _("Practice exercise"), "submitted"),
    ]
}


def activity_type_choices() -> list[tuple[str, Promise]]:
    return [(entry.name, entry.label) for entry in REGISTRY.values()]
