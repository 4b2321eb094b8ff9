"""The public blog, proposing a post, and the editorial pages.

Who may see what, in one place:
- public pages (``index``, ``tag``, ``post``, feeds): ``Post.objects.published()``;
- ``propose`` and ``mine``: anyone signed in; ``mine`` lists ``proposals_of(user)``;
- ``proposal`` and ``comment``: ``Post.objects.discussable_by(user)``: the author, or an editor;
- ``edit``: the author's own proposals (``proposals_of``) while ``author_can_edit``;
- ``editorial`` and ``decide``: editors only (``is_editor``: organisers and platform admins).
Anyone else gets 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.blog import workflow
from agora.blog.forms import CommentForm, DecisionForm, PostForm
from agora.blog.models import Post, Tag, is_editor
from agora.portal.markdown import render_markdown

PAGE_SIZE = 10
EDITORIAL_PAGE_SIZE = 50


def _public_posts():
    return Post.objects.published().select_related("author").prefetch_related("tags")


# --- Public blog ----------------------------------------------------------------------------------


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    page = Paginator(_public_posts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/index.html", {"page": page})


@require_http_methods(["GET"])
def tag(request: HttpRequest, slug: str) -> HttpResponse:
    chosen = get_object_or_404(Tag, slug=slug)
    posts = _public_posts().filter(tags=chosen)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "blog/index.html", {"page": page, "tag": chosen})


@require_http_methods(["GET"])
def post(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(_public_posts(), slug=slug)
    return render(request, "blog/post.html", {"post": found, "body": render_markdown(found.body)})


# --- Authors --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    if request.method == "POST" and form.is_valid():
        created = workflow.propose_post(request.user, **form.cleaned_data)
        messages.success(request, _("Thank you: your proposal went to the editors."))
        return redirect("blog:proposal", created.pk)
    return render(request, "blog/propose.html", {"form": form})


@login_required
@require_http_methods(["GET"])
def mine(request: HttpRequest) -> HttpResponse:
    posts = Post.objects.proposals_of(request.user).order_by("-created_at", "-pk")
    return render(request, "blog/mine.html", {"posts": posts})


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Post.objects.proposals_of(request.user), pk=pk)
    if not found.author_can_edit:
        messages.error(request, _("This post can no longer be changed by its author."))
        return redirect("blog:proposal", found.pk)
    initial = {
        "title": found.title,
        "language": found.language,
        "summary": found.summary,
        "body": found.body,
        "tags": ", ".join(t.name for t in found.tags.all()),
    }
    form = PostForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        workflow.revise_post(found, request.user, **form.cleaned_data)
        messages.success(request, _("Your changes are saved and the editors can see them."))
        return redirect("blog:proposal", found.pk)
    return render(request, "blog/edit.html", {"form": form, "post": found})


@login_required
@require_http_methods(["GET"])
def proposal(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Post.objects.discussable_by(request.user).select_related("author"), pk=pk
    )
    return render(request, "blog/proposal.html", _proposal_context(request, found))


def _proposal_context(request, found: Post, **forms) -> dict:
    editor = is_editor(request.user)
    steps = workflow.possible_steps(found)
    return {
        "post": found,
        "body": render_markdown(found.body),
        "comments": found.comments.select_related("author"),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "decision_form": (forms.get("decision_form") or DecisionForm(steps=steps))
        if editor and steps
        else None,
        "is_author": found.author_id == request.user.pk,
        "is_editor": editor,
    }


@login_required
@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(Post.objects.discussable_by(request.user), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        context = _proposal_context(request, found, comment_form=form)
        return render(request, "blog/proposal.html", context, status=400)
    workflow.comment_on(found, request.user, form.cleaned_data["body"])
    messages.success(request, _("Your message is posted."))
    return redirect("blog:proposal", found.pk)


# --- Editors --------------------------------------------------------------------------------------


def _require_editor(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise Http404


@login_required
@require_http_methods(["GET"])
def editorial(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    status = request.GET.get("status", "waiting")
    posts = Post.objects.for_editors(request.user).select_related("author")
    if status == "waiting":
        posts = posts.filter(status__in=[Post.Status.SUBMITTED, Post.Status.ACCEPTED])
    elif status in Post.Status.values:
        posts = posts.filter(status=status)
    else:
        status = ""
    posts = posts.order_by("-updated_at", "-pk")
    page = Paginator(posts, EDITORIAL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "blog/editorial.html",
        {"page": page, "status": status, "statuses": Post.Status.choices},
    )


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    found = get_object_or_404(Post.objects.for_editors(request.user), pk=pk)
    form = DecisionForm(request.POST, steps=workflow.possible_steps(found))
    if not form.is_valid():
        context = _proposal_context(request, found, decision_form=form)
        return render(request, "blog/proposal.html", context, status=400)
    found = workflow.decide(
        found, request.user, form.cleaned_data["step"], form.cleaned_data["message"]
    )
    messages.success(
        request, _("The post is now “%(status)s”.") % {"status": found.get_status_display()}
    )
    return redirect("blog:proposal", found.pk)
