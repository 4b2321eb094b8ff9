"""Forum pages: forums, spaces, threads, posting, editing, reactions, moderation, search, forum
tasks.

Every view starts from what the person may read (``access.py`` holds the rules); a forum,
space, thread, post or file they may not read is 404 (the community page, linked from every
footer, tells a signed-in non-member who it is for, with a 403), and moderation views are 404 for
anyone who does not moderate that forum.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agora.catalogue.models import pick_text
from agora.forums import access, moderation, posting, search
from agora.forums.forms import (
    EditForm,
    HideForm,
    MoveForm,
    ReplyForm,
    ReportForm,
    SearchForm,
    ThreadForm,
)
from agora.forums.models import Attachment, Follow, Forum, Post, Reaction, Report, Thread
from agora.learning.access import learner_activity
from agora.learning.frame import activity_frame

THREADS_PER_PAGE = 25
POSTS_PER_PAGE = 20
RESULTS_PER_PAGE = 20
TOO_FAST = 429


def _language() -> str:
    return translation.get_language() or "en"


def _too_fast(form) -> None:
    form.add_error(
        None,
        _("You are posting too fast. Wait a minute, then send your message again: "
          "it is kept below."),
    )  # fmt: skip


# --- Forums and spaces ---------------------------------------------------------------------------


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    cohorts = access.readable_cohorts(request.user).select_related("programme")
    return render(
        request,
        "forums/index.html",
        {
            "cohorts": cohorts.order_by("-starts_on", "slug"),
            "community": access.is_community_member(request.user),
            "moderates": access.moderates_any(request.user),
        },
    )


def _forum_page(request: HttpRequest, forum: Forum) -> HttpResponse:
    spaces = forum.spaces.select_related("unit__module__level__programme").annotate(
        thread_total=Count("threads", filter=Q(threads__hidden=False))
    )
    return render(
        request,
        "forums/forum.html",
        {
            "forum": forum,
            "spaces": [(space, space.title(_language())) for space in spaces],
            "search_form": SearchForm(),
            "moderator": access.may_moderate(request.user, forum),
        },
    )


@login_required
@require_GET
def cohort_forum(request: HttpRequest, slug: str) -> HttpResponse:
    cohort = get_object_or_404(access.readable_cohorts(request.user), slug=slug)
    return _forum_page(request, posting.cohort_forum(cohort))


@login_required
@require_GET
def community(request: HttpRequest) -> HttpResponse:
    if not access.is_community_member(request.user):
        # Linked from every page's footer: say who it is for rather than a bare 404.
        return render(request, "forums/community_closed.html", status=403)
    return _forum_page(request, posting.community_forum())


def _space_context(request, space, form, moderator: bool) -> dict:
    threads = space.threads.listed(moderator=moderator).select_related("author")
    page = Paginator(threads, THREADS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "space": space,
        "space_title": space.title(_language()),
        "forum": space.forum,
        "page": page,
        "form": form,
        "moderator": moderator,
    }


@login_required
@require_GET
def space(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.readable_space(request.user, pk)
    moderator = access.may_moderate(request.user, found.forum)
    return render(
        request, "forums/space.html", _space_context(request, found, ThreadForm(), moderator)
    )


@login_required
@require_POST
def new_thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.readable_space(request.user, pk)
    form = ThreadForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            thread = posting.start_thread(
                found, request.user, title=data["title"], body=data["body"],
                uploads=data["attachments"], key=data["key"],
            )  # fmt: skip
        except posting.PostingTooFast:
            _too_fast(form)
            status = TOO_FAST
        else:
            return redirect("forums:thread", pk=thread.pk)
    moderator = access.may_moderate(request.user, found.forum)
    return render(
        request, "forums/space.html", _space_context(request, found, form, moderator),
        status=status,
    )  # fmt: skip


# --- Threads -------------------------------------------------------------------------------------


def _posts_page(request, thread: Thread, moderator: bool, page_number=None):
    # Hidden posts are listed for everyone: members see in their place that a moderator hid
    # something (``_post.html`` shows them nothing of it), so replies still make sense and a
    # post keeps its page whoever reads.
    posts = thread.posts.select_related("author", "quote_of__author").prefetch_related(
        "attachments"
    )
    paginator = Paginator(posts, POSTS_PER_PAGE)
    number = page_number or request.GET.get("page")
    page = paginator.get_page(paginator.num_pages if number == "last" else number)
    shown = list(page.object_list)
    _attach_reactions(shown, request.user)
    for each in shown:
        each.may_edit = each.editable_by(request.user, moderator=moderator)
    return page


def _attach_reactions(posts: list[Post], user) -> None:
    """Each post gets ``reaction_buttons``: (kind, label, count, mine) for every kind."""
    ids = [post.pk for post in posts]
    counts: dict[tuple[int, str], int] = {}
    for row in (
        Reaction.objects.filter(post_id__in=ids).values("post_id", "kind")
        .annotate(total=Count("pk")).order_by()
    ):  # fmt: skip
        counts[(row["post_id"], row["kind"])] = row["total"]
    mine = set(
        Reaction.objects.filter(post_id__in=ids, user=user).values_list("post_id", "kind")
    )
    for post in posts:
        post.reaction_buttons = [
            (kind, label, counts.get((post.pk, kind), 0), (post.pk, kind) in mine)
            for kind, label in Reaction.Kind.choices
        ]


def _thread_context(request, thread: Thread, moderator: bool, form=None, page_number=None):
    quote = None
    if form is None:
        form = ReplyForm()
        quote_id = request.GET.get("quote", "")
        if quote_id.isdigit():
            quote = thread.posts.shown().filter(pk=int(quote_id)).select_related("author").first()
            if quote is not None:
                form.initial["quote_of"] = quote.pk
    elif form.is_bound and str(form.data.get("quote_of", "")).isdigit():
        quote = thread.posts.shown().filter(pk=int(form.data["quote_of"])).first()
    return {
        "thread": thread,
        "space": thread.space,
        "space_title": thread.space.title(_language()),
        "forum": thread.space.forum,
        "page": _posts_page(request, thread, moderator, page_number),
        "form": form,
        "quote": quote,
        "moderator": moderator,
        "may_reply": access.may_reply(thread, moderator),
        "following": Follow.objects.filter(thread=thread, user=request.user).exists(),
    }


@login_required
@require_GET
def thread(request: HttpRequest, pk: int) -> HttpResponse:
    found, moderator = access.readable_thread(request.user, pk)
    return render(request, "forums/thread.html", _thread_context(request, found, moderator))


def _quoted(thread: Thread, form) -> Post | None:
    quote_id = form.cleaned_data.get("quote_of")
    if not quote_id:
        return None
    return thread.posts.shown().filter(pk=quote_id).first()


@login_required
@require_POST
def reply(request: HttpRequest, pk: int) -> HttpResponse:
    found, moderator = access.readable_thread(request.user, pk)
    if not access.may_reply(found, moderator):
        messages.error(request, _("This thread is locked: it takes no more replies."))
        return redirect("forums:thread", pk=found.pk)
    form = ReplyForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            post = posting.reply(
                found, request.user, body=data["body"], uploads=data["attachments"],
                quote_of=_quoted(found, form), key=data["key"],
            )  # fmt: skip
        except posting.PostingTooFast:
            _too_fast(form)
            status = TOO_FAST
        else:
            return redirect(posting.post_url(post))
    context = _thread_context(request, found, moderator, form=form, page_number="last")
    return render(request, "forums/thread.html", context, status=status)


@login_required
@require_GET
def post(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's permanent address: its thread, at the page that shows it."""
    found, _moderator = access.readable_post(request.user, pk)
    before = found.thread.posts.filter(pk__lt=found.pk).count()  # as _posts_page lists them
    page = before // POSTS_PER_PAGE + 1
    url = reverse("forums:thread", args=[found.thread_id])
    return redirect(f"{url}?page={page}#post-{found.pk}")


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    found, _moderator = access.readable_post(request.user, pk)
    kind = request.POST.get("kind", "")
    if kind not in Reaction.Kind.values:
        return HttpResponse(_("Unknown reaction."), status=400)
    posting.toggle_reaction(found, request.user, kind)
    if request.headers.get("HX-Request"):
        _attach_reactions([found], request.user)
        return render(request, "forums/_reactions.html", {"post": found})
    return redirect(posting.post_url(found))


@login_required
@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    found, _moderator = access.readable_thread(request.user, pk)
    following = posting.set_following(found, request.user, request.POST.get("follow") == "1")
    if following:
        messages.success(request, _("You follow this thread: replies will notify you."))
    else:
        messages.success(request, _("You no longer follow this thread."))
    return redirect("forums:thread", pk=found.pk)


@login_required
@require_GET
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attached file, to those who may read its post; images inline, the rest downloaded."""
    found = (
        Attachment.objects.filter(post__thread__space__in=access.readable_spaces(request.user))
        .select_related("post__thread__space__forum")
        .filter(pk=pk)
        .first()
    )
    if found is None:
        raise Http404
    post = found.post
    if (post.hidden or post.thread.hidden) and not access.may_moderate(
        request.user, post.thread.space.forum
    ):
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=not found.is_image, filename=found.name,
        content_type=found.content_type,
    )  # fmt: skip
    # Whatever the file holds, a browser opening it runs nothing and loads nothing.
    response["Content-Security-Policy"] = "sandbox; default-src 'none'; frame-ancestors 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found, _moderator = access.readable_post(request.user, pk)
    existing = Report.objects.filter(post=found, reporter=request.user).first()
    form = ReportForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        posting.report_post(found, request.user, form.cleaned_data["reason"])
        messages.success(request, _("Thank you: the moderators will look at this post."))
        return redirect(posting.post_url(found))
    return render(
        request, "forums/report.html", {"post": found, "form": form},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Its author (while it is shown) or a moderator changes a post's text."""
    found = access.editable_post(request.user, pk)
    data = request.POST if request.method == "POST" else None
    form = EditForm(data, initial={"body": found.body})
    if request.method == "POST" and form.is_valid():
        posting.edit_post(found, request.user, form.cleaned_data["body"])
        messages.success(request, _("Your changes to the post are saved."))
        return redirect(posting.post_url(found))
    return render(
        request, "forums/edit.html",
        {"post": found, "form": form, "own": found.author_id == request.user.pk},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


# --- Moderation ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Hide a post, with a reason (a form of its own), or show it again (one button)."""
    found = access.moderated_post(request.user, pk)
    back_to_queue = request.POST.get("next", request.GET.get("next")) == "queue"
    if request.method == "POST" and request.POST.get("hidden") == "0":
        moderation.show_post(found, request.user)
        messages.success(request, _("The post is shown again."))
        return redirect(posting.post_url(found))
    form = HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        moderation.hide_post(found, request.user, form.cleaned_data["reason"])
        messages.success(request, _("The post is hidden from members."))
        if back_to_queue:
            return redirect("forums:queue")
        return redirect(posting.post_url(found))
    return render(
        request, "forums/hide.html",
        {"post": found, "form": form, "back_to_queue": back_to_queue},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_GET
def history(request: HttpRequest, pk: int) -> HttpResponse:
    """The earlier versions of an edited post, for its forum's moderators."""
    found = access.moderated_post(request.user, pk)
    revisions = found.revisions.select_related("edited_by")
    return render(request, "forums/history.html", {"post": found, "revisions": revisions})


THREAD_ACTIONS = {
    "lock": (moderation.set_locked, True, _("The thread is locked.")),
    "unlock": (moderation.set_locked, False, _("The thread is open for replies again.")),
    "pin": (moderation.set_pinned, True, _("The thread is pinned to the top of its space.")),
    "unpin": (moderation.set_pinned, False, _("The thread is no longer pinned.")),
}


@login_required
@require_POST
def moderate_thread(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.moderated_thread(request.user, pk)
    action = THREAD_ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        return HttpResponse(_("Unknown action."), status=400)
    function, value, message = action
    function(found, value)
    messages.success(request, str(message))
    return redirect("forums:thread", pk=found.pk)


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.moderated_thread(request.user, pk)
    spaces = found.space.forum.spaces.exclude(pk=found.space_id).select_related(
        "unit__module__level__programme"
    )
    form = MoveForm(request.POST or None, spaces=spaces, language=_language())
    if request.method == "POST" and form.is_valid():
        moderation.move_thread(found, form.cleaned_data["space"])
        messages.success(request, _("The thread is moved."))
        return redirect("forums:thread", pk=found.pk)
    return render(
        request, "forums/move.html", {"thread": found, "form": form},
        status=400 if form.is_bound else 200,
    )  # fmt: skip


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    forums = access.moderated_forums(request.user)
    reports = moderation.queue(forums)
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    return render(request, "forums/queue.html", {"page": page})


@login_required
@require_POST
def dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        moderation.queue(access.moderated_forums(request.user)), pk=pk
    )
    moderation.dismiss_report(found, request.user)
    messages.success(request, _("The report is dismissed."))
    return redirect("forums:queue")


# --- Search --------------------------------------------------------------------------------------


@login_required
@require_GET
def search_forum(request: HttpRequest, pk: int) -> HttpResponse:
    forum = access.readable_forum(request.user, pk)
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    findable = Post.objects.filter(thread__space__forum=forum, hidden=False, thread__hidden=False)
    found = search.search_posts(findable, forum.pk, query)
    page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    posts = Post.objects.select_related("thread", "author").in_bulk(list(page.object_list))
    page.object_list = [posts[pk] for pk in page.object_list if pk in posts]
    return render(
        request,
        "forums/search.html",
        {"forum": forum, "form": form, "query": query, "page": page},
    )


# --- "Post your result" forum tasks --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def task(request: HttpRequest, cohort_slug: str, activity_id: int) -> HttpResponse:
    enrolment, activity = learner_activity(request.user, cohort_slug, activity_id)
    if activity.kind != "forum_task":
        raise Http404
    thread = posting.task_thread(enrolment.cohort, activity)
    form = ReplyForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if thread.locked:
            messages.error(request, _("This thread is locked: it takes no more replies."))
            return redirect("forums:task", cohort_slug=cohort_slug, activity_id=activity_id)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = posting.post_result(
                    enrolment, activity, body=data["body"], uploads=data["attachments"],
                    key=data["key"],
                )  # fmt: skip
            except posting.PostingTooFast:
                _too_fast(form)
                status = TOO_FAST
            else:
                messages.success(request, _("Your result is posted. This activity is done."))
                url = reverse("forums:task", args=[cohort_slug, activity_id])
                return redirect(f"{url}#post-{post.pk}")
    context = activity_frame(enrolment, activity)
    context.update(
        thread=thread,
        thread_title=pick_text(activity.title, enrolment.language, activity.source_language),
        page=_posts_page(request, thread, moderator=False),
        form=form,
        may_reply=not thread.locked,
    )
    return render(request, "forums/task.html", context, status=status)
