"""The directory's pages use a bounded number of SQL queries, however many profiles there are.

About seven of them are every page's (session, user, its session record, the navigation's roles).
"""

from django.urls import reverse

from agora.catalogue.models import Competence
from tests.factories import UserFactory
from tests.factories_directory import ContactRequestFactory, ProfileFactory


def test_the_directory_list_uses_a_bounded_number_of_queries(
    client, sam, django_assert_max_num_queries
):
    competences = list(Competence.objects.all()[:3])
    for _ in range(30):
        profile = ProfileFactory(owner=UserFactory(), interests="open data", tags="maps, data")
        profile.competences.set(competences)
    client.force_login(sam)
    client.get(reverse("directory:index"))  # the session's first request records it
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("directory:index"), {"q": "open data", "language": "en", "level": "local"}
        )
    assert len(response.context["page"].object_list) == 20


def test_the_requests_page_uses_a_bounded_number_of_queries(
    client, pia, django_assert_max_num_queries
):
    for _ in range(15):
        ContactRequestFactory(profile=pia)
        ContactRequestFactory(sender=pia.owner)
    client.force_login(pia.owner)
    client.get(reverse("directory:index"))  # the session's first request records it
    with django_assert_max_num_queries(13):
        response = client.get(reverse("directory:requests"))
    assert len(response.context["received"]) == 15
