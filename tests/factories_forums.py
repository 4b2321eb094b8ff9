"""Factories for forums and notifications tests."""

import factory

from agora.delivery.models import CohortStaff
from agora.forums.models import Forum, Post, Space, Thread
from agora.notifications.models import Notification
from agora.portal.markdown import render_markdown
from tests.factories import CohortFactory, UserFactory


class CohortStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CohortStaff

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = CohortStaff.Role.FACILITATOR


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Forum

    kind = Forum.Kind.COHORT
    cohort = factory.SubFactory(CohortFactory)


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    forum = factory.SubFactory(ForumFactory)
    slug = factory.Sequence(lambda n: f"space-{n}")


class ThreadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Thread

    space = factory.SubFactory(SpaceFactory)
    title = factory.Sequence(lambda n: f"Thread {n}")
    author = factory.SubFactory(UserFactory)


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    thread = factory.SubFactory(ThreadFactory)
    author = factory.SubFactory(UserFactory)
    body = "A post about **participation**."
    body_html = factory.LazyAttribute(lambda post: render_markdown(post.body))


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    verb = "test.event"
    message = "%(actor)s replied in “%(thread)s”"
    params = factory.LazyFunction(lambda: {"actor": "Ada", "thread": "Week 1"})
    url = "/forums/"
