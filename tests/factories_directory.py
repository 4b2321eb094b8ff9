import factory

from agora.directory.models import ContactRequest, Profile
from tests.factories import OrganisationFactory, UserFactory


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    owner = factory.SubFactory(UserFactory)
    kind = Profile.Kind.PERSON
    display_name = factory.LazyAttribute(lambda profile: profile.owner.full_name)
    organisation_name = "City of Example"
    role = "Participation officer"
    level = Profile.Level.LOCAL
    languages = ",en,"
    country = "BE"


class OrganisationProfileFactory(ProfileFactory):
    kind = Profile.Kind.ORGANISATION
    organisation = factory.SubFactory(OrganisationFactory, kind="civil_society")
    display_name = factory.LazyAttribute(lambda profile: profile.organisation.name)
    organisation_name = ""
    role = ""
    level = ""
    methods = "Neighbourhood assemblies and participatory budgeting."


class ContactRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactRequest

    sender = factory.SubFactory(UserFactory)
    profile = factory.SubFactory(ProfileFactory)
    message = "Hello, could we share notes on participatory budgeting?"
