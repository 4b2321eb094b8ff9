import datetime

import factory
from allauth.account.models import EmailAddress

from agora.accounts.models import Membership, Organisation, User
from agora.catalogue.models import Activity, Level, Module, Programme, Unit
from agora.delivery.models import Cohort, Enrolment, Stream

PASSWORD = "a-long-test-password-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose e-mail address is verified, so they can log in."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified_email(self, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.Sequence(lambda n: f"municipality-{n}")
    kind = Organisation.Kind.PUBLIC_BODY


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class OrganiserFactory(MembershipFactory):
    role = Membership.Role.ORGANISER


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"programme-{n}")
    source_language = "en"
    languages = ["en"]
    title = factory.Sequence(lambda n: {"en": f"Programme {n}"})
    summary = {"en": "A programme about public engagement."}
    format = Programme.Format.ONLINE
    status = Programme.Status.PUBLISHED


class LevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Level

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"level-{n}")
    kind = Level.Kind.COURSE
    title = {"en": "Course"}


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    level = factory.SubFactory(LevelFactory)
    slug = factory.Sequence(lambda n: f"module-{n}")
    title = factory.Sequence(lambda n: {"en": f"Module {n}"})
    order = factory.Sequence(int)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    module = factory.SubFactory(ModuleFactory)
    slug = factory.Sequence(lambda n: f"unit-{n}")
    kind = Unit.Kind.WEEK
    title = {"en": "Week 1"}


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    unit = factory.SubFactory(UnitFactory)
    slug = factory.Sequence(lambda n: f"activity-{n}")
    kind = "reading"
    title = {"en": "Read this"}
    body = {"en": "Some **Markdown**."}
    estimated_minutes = 15


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    name = {"en": "Spring"}
    starts_on = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda cohort: cohort.starts_on + datetime.timedelta(days=35))
    languages = ["en"]
    mode = Cohort.Mode.ONLINE
    status = Cohort.Status.OPEN


class StreamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stream

    cohort = factory.SubFactory(CohortFactory)
    slug = factory.Sequence(lambda n: f"stream-{n}")
    name = {"en": "Practitioners"}
    weekly_minutes = 180


class EnrolmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrolment

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    status = Enrolment.Status.CONFIRMED
    language = "en"
