"""The pages: handing in with bad input, the activity page, feedback, the reviewers' queue, the
milestones page and the showcase choice."""

import datetime
import zoneinfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agora.capstones.models import Milestone, Project, Stage, Submission
from agora.capstones.submitting import give_feedback, hand_in, project_of
from agora.learning.models import ActivityProgress
from tests.factories import UserFactory
from tests.factories_capstones import EXE_BYTES, PDF_BYTES, learner_in

PROPOSAL = {"version": 1, "title": "Greener squares", "case": "Our squares are grey.",
            "objectives": "Plant trees.", "stakeholders": "Residents."}


def proposal_url():
    return reverse("capstones:step", args=["spring", "proposal"])


def test_a_proposal_is_handed_in_and_shown_in_the_history(client, lena):
    client.force_login(lena.user)
    response = client.post(proposal_url(), PROPOSAL, follow=True)
    assert "Handed in." in response.content.decode()
    assert "Our squares are grey." in response.content.decode()
    assert Submission.objects.get().stage == Stage.PROPOSAL


def test_a_missing_title_is_refused_and_keeps_what_was_typed(client, lena):
    client.force_login(lena.user)
    response = client.post(proposal_url(), {**PROPOSAL, "title": ""})
    assert response.status_code == 422
    body = response.content.decode()
    assert "Our squares are grey." in body
    assert 'aria-invalid="true"' in body
    assert not Submission.objects.exists()


def test_a_program_renamed_pdf_is_refused(client, lena):
    client.force_login(lena.user)
    upload = SimpleUploadedFile("plan.pdf", EXE_BYTES, content_type="application/pdf")
    response = client.post(proposal_url(), {**PROPOSAL, "files": upload})
    assert response.status_code == 422
    assert "is not one of the accepted types" in response.content.decode()
    assert "Our squares are grey." in response.content.decode()
    assert not Submission.objects.exists()


def test_a_file_too_large_is_refused(client, lena, monkeypatch):
    monkeypatch.setattr("agora.capstones.forms.MAX_FILE_MB", 0)
    client.force_login(lena.user)
    upload = SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf")
    response = client.post(proposal_url(), {**PROPOSAL, "files": upload})
    assert response.status_code == 422
    assert "is larger than" in response.content.decode()


def test_script_in_a_proposal_does_not_run(client, lena, mia):
    client.force_login(lena.user)
    client.post(proposal_url(), {**PROPOSAL, "case": "<script>alert(1)</script>Grey."})
    client.force_login(mia)
    project = Project.objects.get()
    body = client.get(reverse("capstones:review", args=["spring", project.pk])).content.decode()
    assert "<script>alert(1)" not in body
    assert "Grey." in body


def test_a_double_click_hands_in_once(client, lena):
    client.force_login(lena.user)
    client.post(proposal_url(), PROPOSAL)
    response = client.post(proposal_url(), PROPOSAL, follow=True)
    assert "already handed in" in response.content.decode()
    assert Submission.objects.count() == 1


def test_the_activity_page_hands_in_the_linked_milestone_and_completes_it(client, lena,
                                                                           milestone):
    hand_in(project_of(lena), stage=Stage.PROPOSAL, milestone=None, version=1,
            proposal={"title": "Trees"})
    client.force_login(lena.user)
    url = reverse("capstones:task", args=["spring", milestone.activity_id])
    page = client.get(url).content.decode()
    assert "Capstone: first results" in page and "First results" in page
    client.post(url, {"version": 1, "text": "We *found* things."})
    client.post(url, {"version": 1, "text": "We *found* things."})
    assert Submission.objects.filter(milestone=milestone).count() == 1
    assert ActivityProgress.objects.get(activity=milestone.activity).completed_at


def test_the_mentor_asks_for_a_revision_and_the_learner_sees_it(client, lena, mia):
    submission = hand_in(project_of(lena), stage=Stage.PROPOSAL, milestone=None, version=1,
                         proposal={"title": "Trees"})
    client.force_login(mia)
    url = reverse("capstones:review", args=["spring", submission.project_id])
    prefix = f"s{submission.pk}"
    response = client.post(url, {"submission": submission.pk, f"{prefix}-text": "Say **where**.",
                                 f"{prefix}-decision": "revise"})
    assert response.status_code == 302
    client.force_login(lena.user)
    page = client.get(reverse("capstones:project", args=["spring"])).content.decode()
    assert "<strong>where</strong>" in page
    assert "Revision requested" in page


def test_feedback_without_text_is_refused(client, lena, mia):
    submission = hand_in(project_of(lena), stage=Stage.PROPOSAL, milestone=None, version=1,
                         proposal={"title": "Trees"})
    client.force_login(mia)
    url = reverse("capstones:review", args=["spring", submission.project_id])
    response = client.post(url, {"submission": submission.pk,
                                 f"s{submission.pk}-decision": "accepted"})
    assert response.status_code == 422
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_the_queue_filters_by_waiting_and_step(client, cohort, mia):
    waiting = learner_in(cohort, mentor=mia, user=UserFactory(full_name="Wanda Waiting"))
    hand_in(project_of(waiting), stage=Stage.PROPOSAL, milestone=None, version=1,
            proposal={"title": "A"})
    decided = learner_in(cohort, mentor=mia, user=UserFactory(full_name="Dora Decided"))
    give_feedback(hand_in(project_of(decided), stage=Stage.PROPOSAL, milestone=None,
                          version=1, proposal={"title": "B"}),
                  mia, text="ok", decision="accepted")
    client.force_login(mia)
    url = reverse("capstones:queue", args=["spring"])
    body = client.get(url, {"waiting": "1"}).content.decode()
    assert "Wanda Waiting" in body and "Dora Decided" not in body
    body = client.get(url, {"step": "underway"}).content.decode()
    assert "Dora Decided" in body and "Wanda Waiting" not in body


def test_the_queue_uses_a_bounded_number_of_queries(client, cohort, mia,
                                                   django_assert_max_num_queries):
    for number in range(15):
        enrolment = learner_in(cohort, mentor=mia)
        hand_in(project_of(enrolment), stage=Stage.PROPOSAL, milestone=None, version=1,
                proposal={"title": f"Project {number}"})
    client.force_login(mia)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("capstones:queue", args=["spring"]))
    assert response.content.decode().count("Project ") == 15


def test_the_review_page_uses_a_bounded_number_of_queries(client, lena, mia, milestone,
                                                          django_assert_max_num_queries):
    project = project_of(lena)
    submission = hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1,
                         proposal={"title": "Trees"})
    give_feedback(submission, mia, text="ok", decision="revise")
    for version in range(2, 6):
        give_feedback(hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=version,
                              proposal={"title": "Trees"}), mia, text="ok", decision="revise")
    client.force_login(mia)
    with django_assert_max_num_queries(18):  # the same for one version or fifty
        client.get(reverse("capstones:review", args=["spring", project.pk]))


def test_a_milestone_due_date_is_read_in_the_cohorts_zone(client, cohort, felix):
    cohort.time_zone = "America/Toronto"
    cohort.save()
    client.force_login(felix)
    response = client.post(reverse("capstones:milestones", args=["spring"]), {
        "stage": "milestone", "title": "Interviews", "description": "",
        "due_at": "2027-03-01T17:00", "order": 2,
    })
    assert response.status_code == 302
    due = Milestone.objects.get(title="Interviews").due_at
    assert due == datetime.datetime(2027, 3, 1, 17, 0,
                                    tzinfo=zoneinfo.ZoneInfo("America/Toronto"))


def test_a_second_final_step_is_refused(client, cohort, felix):
    Milestone.objects.create(cohort=cohort, stage=Stage.FINAL, title="Final")
    client.force_login(felix)
    response = client.post(reverse("capstones:milestones", args=["spring"]),
                           {"stage": "final", "title": "Final again", "order": 3})
    assert response.status_code == 422
    assert "This cohort has this step already." in response.content.decode()


@pytest.fixture
def finished(lena):
    project = project_of(lena)
    Project.objects.filter(pk=project.pk).update(title="Greener squares",
                                                 step=Project.Step.FINISHED)
    return project


def test_consent_shows_the_project_and_withdrawal_removes_it_at_once(client, lena, finished):
    client.force_login(lena.user)
    url = reverse("capstones:showcase_choice", args=["spring"])
    client.post(url, {"consent": "on", "summary": "We planted *trees*."})
    body = client.get(reverse("capstones:showcase")).content.decode()
    assert "Greener squares" in body and "<em>trees</em>" in body
    assert "Lena" not in body
    client.post(url, {"summary": "We planted trees."})
    assert "Greener squares" not in client.get(reverse("capstones:showcase")).content.decode()


def test_the_name_is_shown_only_when_chosen(client, lena, finished):
    lena.user.full_name = "Lena Learner"
    lena.user.save()
    client.force_login(lena.user)
    client.post(reverse("capstones:showcase_choice", args=["spring"]),
                {"consent": "on", "show_name": "on", "summary": ""})
    client.logout()
    assert "Lena Learner" in client.get(reverse("capstones:showcase")).content.decode()


def test_an_unfinished_project_cannot_choose_the_showcase(client, lena):
    client.force_login(lena.user)
    response = client.post(reverse("capstones:showcase_choice", args=["spring"]),
                           {"consent": "on"})
    assert response.status_code == 404


def test_a_step_with_work_handed_in_is_not_removed(client, lena, felix, milestone):
    project = project_of(lena)
    hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1, proposal={"title": "A"})
    hand_in(project, stage=Stage.MILESTONE, milestone=milestone, version=1, text="Work")
    client.force_login(felix)
    response = client.post(reverse("capstones:milestones", args=["spring"]),
                           {"delete": milestone.pk}, follow=True)
    assert "cannot be removed" in response.content.decode()
    assert Submission.objects.filter(milestone=milestone).exists()


def test_a_facilitator_adds_a_criterion_with_labels_in_each_language(client, cohort, felix):
    cohort.languages = ["en", "fr"]
    cohort.save()
    client.force_login(felix)
    response = client.post(reverse("capstones:rubric", args=["spring"]), {
        "criterion": "new", "new-title_en": "Insight", "new-title_fr": "Analyse",
        "new-level0_en": "Weak", "new-level0_fr": "Faible", "new-level0_points": "0",
        "new-level1_en": "Strong", "new-level1_points": "4",
    })
    assert response.status_code == 302
    criterion = cohort.capstone_criteria.get()
    assert criterion.title.data == {"en": "Insight", "fr": "Analyse"}
    assert [level.points for level in criterion.levels.all()] == [0, 4]


def test_a_criterion_without_a_level_is_refused_and_keeps_its_title(client, cohort, felix):
    client.force_login(felix)
    response = client.post(reverse("capstones:rubric", args=["spring"]),
                           {"criterion": "new", "new-title_en": "Insight"})
    assert response.status_code == 422
    assert 'value="Insight"' in response.content.decode()


def test_a_mentor_does_not_edit_the_rubric(client, cohort, mia):
    client.force_login(mia)
    response = client.post(reverse("capstones:rubric", args=["spring"]),
                           {"criterion": "new", "new-title_en": "Insight"})
    assert response.status_code == 404


def test_the_final_review_uses_the_rubric_in_the_reviewers_language(client, lena, mia, cohort):
    from tests.factories_capstones import add_rubric

    criteria = add_rubric(cohort)
    project = project_of(lena)
    give_feedback(hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1,
                          proposal={"title": "A"}), mia, text="ok", decision="accepted")
    final = hand_in(project, stage=Stage.FINAL, milestone=None, version=1, text="Done")
    client.force_login(mia)
    url = reverse("capstones:review", args=["spring", project.pk])
    assert "Solide (4)" in client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    data = {"submission": final.pk, f"s{final.pk}-text": "Great", f"s{final.pk}-decision":
            "accepted"}
    data |= {f"s{final.pk}-criterion_{criterion.pk}": criterion.levels.get(points=2).pk
             for criterion in criteria}
    assert client.post(url, data).status_code == 302
    project.refresh_from_db()
    assert project.step == Project.Step.FINISHED
    assert final.feedback.points == 4


def test_the_milestones_page_title_is_only_the_title(client, cohort, felix):
    # The rubric editor once stood, by a slip, inside the title block too.
    client.force_login(felix)
    html = client.get(reverse("capstones:milestones", args=["spring"])).content.decode()
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "rubric" not in title.lower()
    assert html.count('id="rubric-title"') == 1


def test_the_final_review_groups_each_criterions_levels(client, lena, mia, cohort):
    from tests.factories_capstones import add_rubric

    add_rubric(cohort)
    project = project_of(lena)
    give_feedback(hand_in(project, stage=Stage.PROPOSAL, milestone=None, version=1,
                          proposal={"title": "A"}), mia, text="ok", decision="accepted")
    hand_in(project, stage=Stage.FINAL, milestone=None, version=1, text="Done")
    client.force_login(mia)
    html = client.get(reverse("capstones:review", args=["spring", project.pk])).content.decode()
    assert html.count('<fieldset class="criterion">') == 2
    assert "<legend>Insight</legend>" in html
