"""Programme editors write the rubric, in every language of the programme; the rubric module
shared with capstones (models' logic, editing, scores, forms)."""

from decimal import Decimal

import pytest
from allauth.mfa.models import Authenticator
from django.http import Http404, QueryDict
from django.urls import reverse

from agora.assignments import rubrics
from agora.assignments.forms import (
    CriterionForm,
    RubricScoresForm,
    chosen_criterion,
    criterion_forms,
)
from agora.assignments.grading import grade
from agora.assignments.models import Criterion, CriterionScore, RubricLevel
from agora.assignments.submitting import save_draft, submit
from agora.capstones.models import Criterion as CapstoneCriterion
from agora.capstones.models import CriterionScore as CapstoneScore
from agora.capstones.models import Feedback, Stage
from agora.capstones.submitting import hand_in, project_of
from tests.factories import OrganiserFactory
from tests.factories_assignments import AssignmentFactory, SubmissionFactory, add_rubric
from tests.factories_capstones import add_rubric as add_capstone_rubric
from tests.factories_capstones import capstone_cohort, learner_in

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


# --- The module shared with capstones: agora/assignments/rubrics.py ------------------------------


@pytest.fixture
def capstone_rubric(db):
    cohort, _milestone = capstone_cohort(slug="autumn")
    return cohort, add_capstone_rubric(cohort)


def test_a_rubrics_best_total_is_the_highest_level_of_every_criterion(assignment,
                                                                       capstone_rubric):
    _cohort, capstone_criteria = capstone_rubric
    assert assignment.max_points() == Decimal(8)
    assert rubrics.max_points(capstone_criteria) == Decimal(8)
    assert rubrics.max_points([]) == Decimal(0)


def test_a_criterion_without_levels_gives_no_points(assignment):
    criterion = Criterion.objects.create(assignment=assignment, title={"en": "Empty"})
    assert criterion.best_points() == Decimal(0)


def test_the_total_adds_the_chosen_levels(assignment):
    levels = [criterion.levels.get(points=2) for criterion in assignment.criteria.all()]
    assert rubrics.total_points(levels) == Decimal(4)
    assert rubrics.total_points([]) == Decimal(0)


def test_a_new_criterion_comes_last_in_its_own_rubric_only(assignment, capstone_rubric):
    cohort, _criteria = capstone_rubric
    other = AssignmentFactory()
    saved = rubrics.save_criterion(
        CapstoneCriterion(cohort=cohort), title={"en": "Reach"},
        levels=[rubrics.LevelText({"en": "Wide"}, Decimal(3)),
                rubrics.LevelText({"en": "Narrow"}, Decimal(1))],
    )
    assert saved.order == 2  # after the criteria 0 and 1 of add_rubric
    assert [(str(level.label), level.order, level.points) for level in saved.levels.all()] == [
        ("Narrow", 0, Decimal(1)), ("Wide", 1, Decimal(3)),
    ]
    first = rubrics.save_criterion(Criterion(assignment=other), title={"en": "Evidence"},
                                   levels=[rubrics.LevelText({"en": "Some"}, Decimal(1))])
    assert first.order == 1
    assert assignment.criteria.count() == 2


def test_saving_a_criterion_again_replaces_its_levels(assignment):
    criterion = assignment.criteria.first()
    rubrics.save_criterion(criterion, title={"en": "Clear", "fr": "Clair"},
                           levels=[rubrics.LevelText({"en": "Yes"}, Decimal(5))])
    criterion.refresh_from_db()
    assert str(criterion) == "Clear"
    assert [str(level) for level in criterion.levels.all()] == ["Yes (5.00)"]
    assert criterion.order == 0


def test_deleting_a_criterion_takes_its_levels(assignment):
    criterion = assignment.criteria.first()
    rubrics.delete_criterion(criterion)
    assert not RubricLevel.objects.filter(criterion_id=criterion.pk).exists()


def test_recording_scores_replaces_those_of_the_same_submission_only(assignment, lena):
    submission = submit(save_draft(lena, assignment, version=1, text="Plan", uploads=[]))
    untouched = SubmissionFactory(assignment=assignment)
    low = [criterion.levels.get(points=0) for criterion in assignment.criteria.all()]
    high = [criterion.levels.get(points=4) for criterion in assignment.criteria.all()]
    rubrics.record_scores(CriterionScore, untouched, low)
    rubrics.record_scores(CriterionScore, submission, low)
    scores = rubrics.record_scores(CriterionScore, submission, high)
    assert sorted(score.points for score in submission.scores.all()) == [4, 4]
    assert {score.criterion_id for score in scores} == {c.pk for c in assignment.criteria.all()}
    assert untouched.scores.count() == 2


def test_recording_scores_of_a_capstone_review(capstone_rubric):
    cohort, criteria = capstone_rubric
    project = project_of(learner_in(cohort))
    submission = hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1,
                         proposal={"title": "A"})
    feedback = Feedback.objects.create(submission=submission, text="ok", decision="accepted")
    levels = [criterion.levels.get(points=2) for criterion in criteria]
    rubrics.record_scores(CapstoneScore, feedback, levels)
    assert [score.points for score in feedback.scores.all()] == [2, 2]


def test_the_scores_form_offers_each_criterions_levels_in_the_graders_language(assignment):
    criteria = list(assignment.criteria.prefetch_related("levels"))
    data = {f"criterion_{criterion.pk}": criterion.levels.get(points=4).pk
            for criterion in criteria}
    form = RubricScoresForm(data, criteria=criteria, language="fr", fallback="en")
    assert [field.label for field in form.criterion_fields()] == ["Clarté", "Inclusion"]
    assert form.fields[f"criterion_{criteria[0].pk}"].choices[2][1] == "Solide (4)"
    assert form.is_valid()
    assert rubrics.total_points(form.chosen_levels()) == Decimal(8)


def test_the_scores_form_wants_a_level_for_every_criterion(assignment):
    criteria = list(assignment.criteria.prefetch_related("levels"))
    form = RubricScoresForm({}, criteria=criteria, language="en", fallback="en")
    assert not form.is_valid()
    assert set(form.errors) == {f"criterion_{criterion.pk}" for criterion in criteria}


def test_the_editor_keeps_the_form_sent_back_in_place_of_its_twin(assignment):
    criteria = list(assignment.criteria.prefetch_related("levels"))
    posted = CriterionForm({"c0-title_en": ""}, languages=["en"], source="en",
                           criterion=criteria[0])
    forms = criterion_forms(criteria, languages=["en"], source="en", posted=posted)
    assert [form.prefix for form in forms] == [f"c{criteria[0].pk}", f"c{criteria[1].pk}", "new"]
    assert forms[0] is posted
    assert forms[1].initial["title_fr"] == "Inclusion"


def test_the_editor_refuses_a_criterion_of_another_rubric(assignment):
    elsewhere = add_rubric(AssignmentFactory())[0]
    assert chosen_criterion(QueryDict("criterion=new"), assignment.criteria) is None
    assert chosen_criterion(QueryDict(""), assignment.criteria) is None
    mine = assignment.criteria.first()
    assert chosen_criterion(QueryDict(f"criterion={mine.pk}"), assignment.criteria) == mine
    for value in (elsewhere.pk, "x"):
        with pytest.raises(Http404):
            chosen_criterion(QueryDict(f"criterion={value}"), assignment.criteria)


def test_a_level_without_its_points_is_refused_by_the_criterion_form():
    form = CriterionForm({"new-title_en": "Evidence", "new-level0_en": "Weak"},
                         languages=["en"], source="en")
    assert not form.is_valid()
    assert form.errors["level0_points"] == ["Give the level its points."]
