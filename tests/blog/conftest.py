import pytest
from allauth.mfa.models import Authenticator

from agora.blog import workflow
from tests.factories import OrganiserFactory, UserFactory


@pytest.fixture
def editor(db):
    user = OrganiserFactory(user__full_name="Edda Editor").user
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={})
    return user


@pytest.fixture
def author(db):
    return UserFactory(full_name="Ana Author", email="ana@example.org")


def propose(author, title="Listening first", **fields):
    values = {
        "summary": "What a citizen panel taught us.",
        "body": "We **listened**. [Notes](https://example.org/notes)",
        "language": "en",
        "tags": "participation, panels",
    }
    values.update(fields)
    return workflow.propose_post(author, title=title, **values)


def publish(post, editor):
    return workflow.decide(post, editor, "publish")


@pytest.fixture
def proposal(author):
    return propose(author)


@pytest.fixture
def published(author, editor):
    return publish(propose(author, title="Published story"), editor)
