"""Factories for groups and mentoring tests."""

import factory

from agora.delivery.models import CohortStaff
from agora.groups.models import Group, Membership
from agora.mentoring.models import MentorAssignment
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortStaff

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = CohortStaff.Role.FACILITATOR


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    cohort = factory.SubFactory(CohortFactory)
    number = factory.Sequence(lambda n: n + 1)
    method = Group.Method.HAND


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    group = factory.SubFactory(GroupFactory)
    enrolment = factory.SubFactory(
        EnrolmentFactory, cohort=factory.SelfAttribute("..group.cohort")
    )


class MentorAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    enrolment = factory.SubFactory(EnrolmentFactory)
    cohort = factory.SelfAttribute("enrolment.cohort")
    mentor = factory.SubFactory(UserFactory)
