"""The registry of activity types: adding a type is adding an entry here.

Each entry names the type, its label, how a learner completes it and the template that plays
it. The learning app fills in players; the catalogue only needs names, labels and completion.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ActivityType:
    name: str
    label: Promise
    completion: str  # viewed | answered | passed | submitted | attended | posted
    player_template: str = "catalogue/players/generic.html"


REGISTRY: dict[str, ActivityType] = {
    entry.name: entry
    for entry in [
        ActivityType("reading", _("Reading"), "viewed"),
        ActivityType("video", _("Video"), "viewed"),
        ActivityType("resource", _("Resource or file"), "viewed"),
        ActivityType("case_study", _("Case study"), "viewed"),
        ActivityType("quiz", _("Quiz"), "passed"),
        ActivityType("assignment", _("Assignment"), "submitted"),
        ActivityType("forum_task", _("Forum task"), "posted"),
        ActivityType("group_activity", _("Group activity"), "submitted"),
        ActivityType("live_session", _("Live session"), "attended"),
        ActivityType("simulation", _("Simulation or role play"), "attended"),
        ActivityType("survey", _("Survey"), "answered"),
        ActivityType("capstone_milestone", _("Capstone milestone"), "submitted"),
        ActivityType("practice_exercise", _("Practice exercise"), "submitted"),
    ]
}


def activity_type_choices() -> list[tuple[str, Promise]]:
    return [(entry.name, entry.label) for entry in REGISTRY.values()]
