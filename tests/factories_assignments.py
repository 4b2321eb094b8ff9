"""Factories for assignments: an assignment activity in a cohort, rubrics, submissions."""

from decimal import Decimal

import factory

from agora.assignments.models import Assignment, Criterion, RubricLevel, Submission
from agora.mentoring.models import MentorAssignment
from tests.factories import ActivityFactory, CohortFactory, EnrolmentFactory

# The smallest well-formed PDF is longer, but a PDF is recognised by its first bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An assignment activity with its settings, in a programme of its own."""

    class Meta:
        model = Assignment

    activity = factory.SubFactory(
        ActivityFactory, kind="assignment", title={"en": "Write an engagement plan"},
        body={"en": "Plan a **public consultation** for your service."},
    )
    kind = Assignment.Kind.BOTH
    file_kinds = ["pdf", "docx", "odt"]
    max_file_mb = 1


def cohort_for(assignment: Assignment, **kwargs):
    """A running cohort of the assignment's programme."""
    return CohortFactory(programme=assignment.activity.unit.module.level.programme, **kwargs)


def enrolment_for(assignment: Assignment, cohort=None, *, mentor=None, **kwargs):
    """A confirmed enrolment; with ``mentor`` (a mentor of the cohort), assigned to them."""
    cohort = cohort or cohort_for(assignment)
    enrolment = EnrolmentFactory(cohort=cohort, **kwargs)
    if mentor is not None:
        MentorAssignment.objects.create(cohort=cohort, enrolment=enrolment, mentor=mentor)
    return enrolment


def add_rubric(assignment: Assignment) -> list[Criterion]:
    """Two criteria, each with three levels (0, 2, 4 points): 8 points in all."""
    criteria = []
    for order, (title_en, title_fr) in enumerate(
        [("Clarity", "Clarté"), ("Inclusion", "Inclusion")]
    ):
        criterion = Criterion.objects.create(
            assignment=assignment, order=order, title={"en": title_en, "fr": title_fr}
        )
        for rank, (label_en, label_fr, points) in enumerate([
            ("Missing", "Absent", 0), ("Partial", "Partiel", 2), ("Strong", "Solide", 4),
        ]):
            RubricLevel.objects.create(
                criterion=criterion, order=rank, label={"en": label_en, "fr": label_fr},
                points=Decimal(points),
            )
        criteria.append(criterion)
    return criteria


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    enrolment = factory.LazyAttribute(lambda submission: enrolment_for(submission.assignment))
    text = "My plan: ask residents first."
    status = Submission.Status.DRAFT

