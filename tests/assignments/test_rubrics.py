"""Programme editors write the rubric, in every language of the programme."""

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from agora.assignments.grading import grade
from agora.assignments.models import Criterion
from agora.assignments.submitting import save_draft, submit
from tests.factories import OrganiserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def bilingual(assignment):
    programme = assignment.activity.unit.module.level.programme
    programme.languages = ["en", "fr"]
    programme.save()
    return assignment


def new_criterion(**extra):
    data = {"criterion": "new", "new-title_en": "Evidence", "new-title_fr": "Preuves",
            "new-level0_en": "Weak", "new-level0_fr": "Faible", "new-level0_points": "0",
            "new-level1_en": "Strong", "new-level1_fr": "Solide", "new-level1_points": "5"}
    data.update(extra)
    return data


def test_an_editor_adds_a_criterion_with_levels_in_each_language(client, bilingual, olga):
    client.force_login(olga)
    response = client.post(reverse("assignments:rubric", args=[bilingual.activity_id]),
                           new_criterion())
    assert response.status_code == 302
    criterion = bilingual.criteria.order_by("-order").first()
    assert criterion.title.data == {"en": "Evidence", "fr": "Preuves"}
    assert [(level.label.data["fr"], level.points) for level in criterion.levels.all()] == [
        ("Faible", Decimal(0)), ("Solide", Decimal(5)),
    ]


def test_a_level_without_points_is_refused_and_the_form_kept(client, bilingual, olga):
    client.force_login(olga)
    response = client.post(reverse("assignments:rubric", args=[bilingual.activity_id]),
                           new_criterion(**{"new-level1_points": ""}))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Give the level its points." in html
    assert 'value="Preuves"' in html
    assert not Criterion.objects.filter(title__icontains="Evidence").exists()


def test_the_rubric_is_locked_once_work_is_graded(client, bilingual, olga, lena, felix):
    submission = submit(save_draft(lena, bilingual, version=1, text="Plan", uploads=[]))
    grade(submission, felix, levels=[], feedback="", resubmit=False)
    criterion = bilingual.criteria.first()
    client.force_login(olga)
    client.post(reverse("assignments:rubric", args=[bilingual.activity_id]),
                {"criterion": criterion.pk, "delete": "1"})
    assert Criterion.objects.filter(pk=criterion.pk).exists()


def test_another_organisations_organiser_cannot_edit_the_rubric(client, assignment):
    outsider = OrganiserFactory().user
    Authenticator.objects.create(user=outsider, type=Authenticator.Type.TOTP, data={})
    client.force_login(outsider)
    response = client.post(reverse("assignments:rubric", args=[assignment.activity_id]),
                           new_criterion())
    assert response.status_code == 404
    assert not Criterion.objects.filter(title__icontains="Evidence").exists()
