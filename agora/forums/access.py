"""Who may read, post in and moderate which forum: the forums app's rules, in one place.

Cohort forum (every space of it):
  read and post: learners with a confirmed enrolment in the cohort (not withdrawn, not
  waiting), the cohort's facilitators and mentors, organisers managing the cohort
  (``Cohort.objects.managed_by``), platform admins;
  moderate: the cohort's facilitators, organisers managing it, platform admins.
Community of practice (across cohorts and programmes):
  read and post: anyone signed in who has or had a confirmed enrolment in any cohort (a
  finished or withdrawn learner stays in the community), anyone who staffs a cohort,
  organisers, platform admins;
  moderate: organisers and platform admins.
Locked threads take replies from moderators only. Hidden posts and threads are shown to
moderators only (members see that a post was hidden, not what it said).
Editing a post: its author while it is shown, and the forum's moderators
(``Post.editable_by``, given ``may_moderate``). Every view starts from
``readable_forums(user)`` or what it derives.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.http import Http404

from agora.accounts.models import Membership
from agora.delivery.models import Cohort, CohortStaff, Enrolment
from agora.forums.models import Forum, Post, Space, Thread


def _organiser(user) -> bool:
    return Membership.objects.filter(user=user, role=Membership.Role.ORGANISER).exists()


def _managed_cohort_ids(user) -> set[int]:
    """Cohorts of the organisations ``user`` organises (``Cohort.objects.managed_by``'s rule
    for someone who is not a platform admin), as ids: one plain query."""
    organisations = Membership.objects.filter(
        user=user, role=Membership.Role.ORGANISER
    ).values_list("organisation_id", flat=True)
    return set(
        Cohort.objects.filter(programme__organisation_id__in=list(organisations)).values_list(
            "pk", flat=True
        )
    )


def readable_cohort_ids(user) -> set[int] | None:
    """Ids of the cohorts whose forum ``user`` may read; None for every cohort (an admin).

    Worked out as ids in a few plain queries rather than nested subqueries: every forum page
    asks, and building the nested query cost more than running it."""
    if user.is_superuser:
        return None
    enrolled = Enrolment.objects.filter(user=user, status=Enrolment.Status.CONFIRMED)
    return (
        set(enrolled.values_list("cohort_id", flat=True))
        | set(CohortStaff.objects.filter(user=user).values_list("cohort_id", flat=True))
        | _managed_cohort_ids(user)
    )


def readable_cohorts(user) -> QuerySet[Cohort]:
    """Cohorts whose forum ``user`` may read."""
    if not user.is_authenticated:
        return Cohort.objects.none()
    ids = readable_cohort_ids(user)
    return Cohort.objects.all() if ids is None else Cohort.objects.filter(pk__in=ids)


def is_community_member(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return (
        Enrolment.objects.filter(
            Q(confirmed_at__isnull=False) | Q(status=Enrolment.Status.CONFIRMED), user=user
        ).exists()
        or CohortStaff.objects.filter(user=user).exists()
        or _organiser(user)
    )


def readable_forums(user) -> QuerySet[Forum]:
    if not user.is_authenticated:
        return Forum.objects.none()
    ids = readable_cohort_ids(user)
    if ids is None:
        return Forum.objects.all()
    rule = Q(kind=Forum.Kind.COHORT, cohort_id__in=ids)
    if is_community_member(user):
        rule |= Q(kind=Forum.Kind.COMMUNITY)
    return Forum.objects.filter(rule)


def moderated_forums(user) -> QuerySet[Forum]:
    if not user.is_authenticated:
        return Forum.objects.none()
    if user.is_superuser:
        return Forum.objects.all()
    facilitated = set(
        CohortStaff.objects.filter(user=user, role=CohortStaff.Role.FACILITATOR).values_list(
            "cohort_id", flat=True
        )
    )
    rule = Q(kind=Forum.Kind.COHORT, cohort_id__in=facilitated | _managed_cohort_ids(user))
    if _organiser(user):
        rule |= Q(kind=Forum.Kind.COMMUNITY)
    return Forum.objects.filter(rule)


def moderates_any(user) -> bool:
    """Whether ``user`` moderates some forum, made yet or not (for the queue's link)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or _organiser(user):
        return True
    return CohortStaff.objects.filter(user=user, role=CohortStaff.Role.FACILITATOR).exists()


def may_moderate(user, forum: Forum) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if forum.kind == Forum.Kind.COMMUNITY:
        return _organiser(user)
    return (
        CohortStaff.objects.filter(
            user=user, cohort_id=forum.cohort_id, role=CohortStaff.Role.FACILITATOR
        ).exists()
        or Membership.objects.filter(
            user=user, role=Membership.Role.ORGANISER,
            organisation__programmes__cohorts=forum.cohort_id,
        ).exists()
    )


def readable_spaces(user) -> QuerySet[Space]:
    return Space.objects.filter(forum__in=readable_forums(user).values("pk"))


def readable_forum(user, pk: int) -> Forum:
    forum = readable_forums(user).select_related("cohort__programme").filter(pk=pk).first()
    if forum is None:
        raise Http404
    return forum


def readable_space(user, pk: int) -> Space:
    space = (
        readable_spaces(user)
        .select_related("forum__cohort__programme", "unit__module__level__programme")
        .filter(pk=pk)
        .first()
    )
    if space is None:
        raise Http404
    return space


def readable_thread(user, pk: int) -> tuple[Thread, bool]:
    """A thread ``user`` may read, and whether they moderate its forum; else 404."""
    thread = (
        Thread.objects.filter(space__in=readable_spaces(user))
        .select_related("space__forum__cohort__programme", "space__unit__module__level__programme")
        .filter(pk=pk)
        .first()
    )
    if thread is None:
        raise Http404
    moderator = may_moderate(user, thread.space.forum)
    if thread.hidden and not moderator:
        raise Http404
    return thread, moderator


def readable_post(user, pk: int) -> tuple[Post, bool]:
    """A post ``user`` may read (hidden ones for moderators only), and whether they moderate."""
    post = (
        Post.objects.filter(thread__space__in=readable_spaces(user))
        .select_related("thread__space__forum__cohort__programme", "author")
        .filter(pk=pk)
        .first()
    )
    if post is None:
        raise Http404
    moderator = may_moderate(user, post.thread.space.forum)
    if (post.hidden or post.thread.hidden) and not moderator:
        raise Http404
    return post, moderator


def moderated_post(user, pk: int) -> Post:
    post, moderator = readable_post(user, pk)
    if not moderator:
        raise Http404
    return post


def editable_post(user, pk: int) -> Post:
    """A post ``user`` may edit (``Post.editable_by``); else 404, as for a post they may not
    read: a member learns nothing from trying another member's post."""
    post, moderator = readable_post(user, pk)
    if not post.editable_by(user, moderator=moderator):
        raise Http404
    return post


def moderated_thread(user, pk: int) -> Thread:
    thread, moderator = readable_thread(user, pk)
    if not moderator:
        raise Http404
    return thread


def may_reply(thread: Thread, moderator: bool) -> bool:
    return moderator or not thread.locked


def readers(space: Space) -> QuerySet:
    """Every person who may read ``space``: whom a mention or a follow may notify."""
    users = get_user_model().objects.filter(is_active=True)
    forum = space.forum
    organisers = Membership.objects.filter(role=Membership.Role.ORGANISER)
    if forum.kind == Forum.Kind.COMMUNITY:
        rule = (
            Q(pk__in=Enrolment.objects.filter(confirmed_at__isnull=False).values("user_id"))
            | Q(pk__in=Enrolment.objects.filter(status=Enrolment.Status.CONFIRMED).values(
                "user_id"))
            | Q(pk__in=CohortStaff.objects.values("user_id"))
            | Q(pk__in=organisers.values("user_id"))
            | Q(is_superuser=True)
        )
    else:
        cohort = forum.cohort
        rule = (
            Q(pk__in=cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).values(
                "user_id"))
            | Q(pk__in=cohort.staff.values("user_id"))
            | Q(pk__in=organisers.filter(
                organisation_id=cohort.programme.organisation_id).values("user_id"))
            | Q(is_superuser=True)
        )
    return users.filter(rule)
