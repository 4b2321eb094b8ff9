"""Factories for capstones: a cohort with a capstone_milestone activity, milestones, projects."""

from decimal import Decimal

from agora.capstones.models import Criterion, Milestone, Project, RubricLevel
from agora.delivery.models import CohortStaff
from agora.mentoring.models import MentorAssignment
from tests.factories import ActivityFactory, CohortFactory, EnrolmentFactory, UserFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


def capstone_cohort(**kwargs):
    """A cohort whose programme has one capstone_milestone activity, and a milestone linked
    to it. Returns (cohort, milestone)."""
    activity = ActivityFactory(
        kind="capstone_milestone", title={"en": "Capstone: first results"},
        body={"en": "Share your **first results**."},
    )
    cohort = CohortFactory(programme=activity.unit.module.level.programme, **kwargs)
    milestone = Milestone.objects.create(
        cohort=cohort, title="First results", description="What you *found* so far.",
        activity=activity, order=1,
    )
    return cohort, milestone


def learner_in(cohort, *, mentor=None, **kwargs):
    """A confirmed enrolment; with ``mentor`` (a mentor of the cohort), assigned to them."""
    enrolment = EnrolmentFactory(cohort=cohort, **kwargs)
    if mentor is not None:
        MentorAssignment.objects.create(cohort=cohort, enrolment=enrolment, mentor=mentor)
    return enrolment


def staff_of(cohort, role=CohortStaff.Role.MENTOR, **kwargs):
    user = UserFactory(**kwargs)
    CohortStaff.objects.create(cohort=cohort, user=user, role=role)
    return user


def project_for(enrolment, **kwargs) -> Project:
    return Project.objects.create(enrolment=enrolment, **kwargs)


def add_rubric(cohort) -> list[Criterion]:
    """Two criteria, three levels each (0, 2, 4 points), English and French labels."""
    criteria = []
    for order, (title_en, title_fr) in enumerate([("Insight", "Analyse"), ("Impact", "Impact")]):
        criterion = Criterion.objects.create(
            cohort=cohort, order=order, title={"en": title_en, "fr": title_fr}
        )
        for rank, (label_en, label_fr, points) in enumerate(
            [("Missing", "Absent", 0), ("Partial", "Partiel", 2), ("Strong", "Solide", 4)]
        ):
            RubricLevel.objects.create(criterion=criterion, order=rank,
                                       label={"en": label_en, "fr": label_fr},
                                       points=Decimal(points))
        criteria.append(criterion)
    return criteria

