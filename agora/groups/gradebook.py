"""The gradebook's filter by group, contributed to the learning app's gradebook
(``agora.learning.gradebook.GRADEBOOK_FILTERS`` names it: learning does not import groups)."""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from agora.delivery.models import Cohort, Enrolment
from agora.groups.models import Group


class GroupFilter:
    name = "group"

    def field(self, cohort: Cohort) -> forms.Field | None:
        """A choice of the cohort's current groups; none when the cohort has no groups."""
        groups = list(Group.objects.current().filter(cohort=cohort).order_by("number"))
        if not groups:
            return None
        return forms.ChoiceField(
            label=_("Group"),
            required=False,
            choices=[("", _("All groups")), *((str(group.pk), group.name) for group in groups)],
        )

    def apply(self, enrolments: QuerySet[Enrolment], value: str) -> QuerySet[Enrolment]:
        return enrolments.filter(
            group_memberships__group_id=value, group_memberships__current=True
        )
