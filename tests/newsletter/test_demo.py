from agora.accounts import demo as accounts_demo
from agora.newsletter import demo
from agora.newsletter.models import Issue, Subscription


def test_the_demo_newsletter_loads_twice_without_duplicates(db):
    accounts_demo.load()
    demo.load()
    demo.load()
    issue = Issue.objects.get()
    assert issue.status == Issue.Status.SCHEDULED
    assert [v.language for v in issue.versions.all()] == ["en", "fr"]
    assert Subscription.objects.confirmed().count() == 1
