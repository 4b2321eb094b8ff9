"""People opt in with a profile, edit, hide and delete it; organisers add their organisation."""

from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.catalogue.models import Competence
from agora.directory.models import Profile
from tests.factories import MembershipFactory, OrganiserFactory, UserFactory
from tests.factories_directory import ContactRequestFactory, OrganisationProfileFactory

MY_PROFILE = reverse("directory:my_profile")
INDEX = reverse("directory:index")


def with_second_factor(user):
    """Organisers must use a second factor before any page opens."""
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


def person_form(**changes):
    data = {
        "display_name": "Sam Seeker",
        "organisation_name": "Region of Example",
        "role": "Policy adviser",
        "level": "regional",
        "country": "FR",
        "language_choices": ["fr", "en"],
        "tags": "citizen assemblies, , deliberation, deliberation",
        "interests": "Participatory budgeting",
        "bio": "I *design* assemblies. <script>alert(1)</script>",
        "visible": "on",
    }
    data.update(changes)
    return data


def test_nothing_is_listed_before_a_person_opts_in(client, sam, tom):
    client.force_login(tom)
    assert "Sam Seeker" not in client.get(INDEX).content.decode()
    assert not Profile.objects.filter(owner=sam).exists()


def test_a_person_opts_in_with_a_profile(client, sam):
    client.force_login(sam)
    competence = Competence.objects.first()
    response = client.post(MY_PROFILE, person_form(competences=[competence.pk]))
    profile = Profile.objects.get(owner=sam)
    assert response.status_code == 302
    assert profile.kind == Profile.Kind.PERSON
    assert profile.language_codes == ["fr", "en"]
    assert profile.tags == "citizen assemblies, deliberation"
    assert list(profile.competences.all()) == [competence]


def test_the_bio_is_rendered_from_markdown_without_scripts(client, sam, tom):
    client.force_login(sam)
    client.post(MY_PROFILE, person_form())
    client.force_login(tom)
    page = client.get(reverse("directory:profile", args=[sam.directory_profiles.get().pk]))
    html = page.content.decode()
    assert "<em>design</em>" in html
    assert "<script>alert" not in html


def test_a_second_save_edits_the_same_profile(client, sam):
    client.force_login(sam)
    client.post(MY_PROFILE, person_form())
    client.post(MY_PROFILE, person_form(role="Head of participation"))
    assert Profile.objects.filter(owner=sam).count() == 1
    assert Profile.objects.get(owner=sam).role == "Head of participation"


def test_a_membership_fills_in_the_organisation(client, sam):
    membership = MembershipFactory(user=sam, organisation__name="City of Aarhavn")
    client.force_login(sam)
    data = person_form(organisation_name="", membership=membership.organisation_id)
    client.post(MY_PROFILE, data)
    assert Profile.objects.get(owner=sam).organisation_name == "City of Aarhavn"


def test_someone_elses_organisation_cannot_be_chosen(client, sam):
    MembershipFactory(user=sam, organisation__name="Mine")
    stranger = MembershipFactory(organisation__name="Not mine")
    client.force_login(sam)
    response = client.post(
        MY_PROFILE, person_form(organisation_name="", membership=stranger.organisation_id)
    )
    assert response.status_code == 200
    assert not Profile.objects.filter(owner=sam).exists()


def test_a_form_with_errors_keeps_what_was_typed(client, sam):
    client.force_login(sam)
    response = client.post(MY_PROFILE, person_form(display_name="", role="Kept role"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kept role" in html
    assert 'aria-invalid="true"' in html
    assert not Profile.objects.filter(owner=sam).exists()


def test_a_person_hides_their_profile(client, sam, tom):
    client.force_login(sam)
    client.post(MY_PROFILE, person_form())
    data = person_form()
    del data["visible"]
    client.post(MY_PROFILE, data)
    client.force_login(tom)
    assert "Sam Seeker" not in client.get(INDEX).content.decode()


def test_a_person_deletes_their_profile_and_its_requests(client, pia, tom):
    ContactRequestFactory(sender=tom, profile=pia)
    client.force_login(pia.owner)
    client.post(reverse("directory:delete", args=[pia.pk]))
    assert not Profile.objects.filter(pk=pia.pk).exists()
    assert not tom.directory_requests_sent.exists()


def test_an_organiser_creates_their_organisations_profile(client, db):
    organiser = with_second_factor(OrganiserFactory(organisation__name="Neighbours Together").user)
    client.force_login(organiser)
    response = client.post(
        reverse("directory:new_organisation"),
        {
            "organisation": organiser.organisations.get().pk,
            "display_name": "",
            "methods": "Street assemblies",
            "language_choices": ["pl"],
            "website": "neighbours.example.org",
            "visible": "on",
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(kind=Profile.Kind.ORGANISATION)
    assert profile.display_name == "Neighbours Together"
    assert profile.website == "https://neighbours.example.org"


def test_a_member_cannot_create_a_profile_for_an_organisation(client, db):
    member = MembershipFactory().user
    client.force_login(member)
    response = client.post(
        reverse("directory:new_organisation"),
        {"organisation": member.organisations.get().pk, "methods": "x", "visible": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == INDEX
    assert not Profile.objects.exists()


def test_an_organisation_holds_one_profile(client, db):
    existing = OrganisationProfileFactory()
    organiser = with_second_factor(OrganiserFactory(organisation=existing.organisation).user)
    client.force_login(organiser)
    response = client.get(reverse("directory:new_organisation"))
    assert response.status_code == 302  # nothing left to add
    assert response["Location"] == INDEX


def test_search_filters_by_text_level_language_expertise_country_and_kind(client, pia, sam):
    competence = Competence.objects.first()
    pia.competences.add(competence)
    other = UserFactory(full_name="Nora National")
    nora = other.directory_profiles.create(
        display_name="Nora National", level="national", languages=",de,", country="DE",
        interests="open data",
    )  # fmt: skip
    collective = OrganisationProfileFactory(display_name="Street Collective", country="PL")
    client.force_login(sam)

    def names(**query):
        return [p.display_name for p in client.get(INDEX, query).context["page"].object_list]

    assert names(q="open data") == [nora.display_name]
    assert names(level="local") == ["Pia Peer"]
    assert names(language="de") == ["Nora National"]
    assert names(expertise=competence.pk) == ["Pia Peer"]
    assert names(country="PL") == [collective.display_name]
    assert names(kind="organisation") == [collective.display_name]
    assert names(q="nobody-matches") == []
