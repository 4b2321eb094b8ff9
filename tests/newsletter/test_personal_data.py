"""What the newsletter, the blog and problem reports hold about a person is exported and erased."""

from django.utils import timezone

from agora.accounts.erasure import confirm_erasure, request_erasure
from agora.accounts.personal_data import export_records
from agora.blog import workflow
from agora.blog.models import Post
from agora.newsletter.models import Delivery, Subscription
from agora.problems.models import ProblemReport
from agora.problems.reporting import report_problem
from tests.factories import UserFactory
from tests.newsletter.conftest import make_issue


def seed(person, organiser):
    subscription = Subscription.objects.create(
        email=person.email.upper(), language="fr", confirmed_at=timezone.now()
    )
    issue = make_issue(organiser.memberships.get().organisation)
    Delivery.objects.create(issue=issue, subscription=subscription)
    report_problem(page="/", kinds=["other"], email=person.email)
    report_problem(page="/blog/", kinds=["broken"], reporter=person)
    published = workflow.propose_post(person, title="Kept", summary="S", body="B", language="en")
    workflow.decide(published, organiser, "publish")
    workflow.propose_post(person, title="Draft", summary="S", body="B", language="en")


def test_the_export_lists_subscription_deliveries_reports_and_posts(organiser):
    person = UserFactory(email="ana@example.org")
    seed(person, organiser)
    export = export_records(person)
    assert export["newsletter.Subscription"]["records"][0]["language"] == "fr"
    assert len(export["newsletter.Delivery"]["records"]) == 1
    assert len(export["problems.ProblemReport"]["records"]) == 2
    assert len(export["blog.Post"]["records"]) == 2


def test_erasure_removes_the_person_and_keeps_published_posts_and_reports(organiser):
    person = UserFactory(email="ana@example.org")
    seed(person, organiser)
    admin = UserFactory(is_staff=True, is_superuser=True)
    confirm_erasure(request_erasure(person), admin=admin)
    assert not Subscription.objects.exists()
    assert not Delivery.objects.exists()
    assert ProblemReport.objects.count() == 2
    assert not ProblemReport.objects.exclude(email="").exists()
    assert not ProblemReport.objects.filter(reporter__isnull=False).exists()
    assert list(Post.objects.values_list("title", "author")) == [("Kept", None)]
