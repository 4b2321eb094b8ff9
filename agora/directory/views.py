"""The directory pages, the profile forms and the contact requests.

Who may see what, in one place:
- Every page needs a signed-in person: anonymous visitors are sent to log in (``login_required``).
- Listing and profile pages: ``Profile.objects.visible_to(user)``, i.e. profiles their owners
  keep listed, plus the person's own (hidden ones included); any other profile is a 404.
- Editing and deleting a profile: ``Profile.objects.filter(owner=user)``; an organisation's
  profile is created only for an organisation the person organises (``OrganisationProfileForm``).
- Sending a contact request: to a profile the person may see, not their own, not when blocked.
- Answering a request: ``ContactRequest.objects.received_by(user)`` (the recipient only).
- E-mail addresses appear only on accepted requests, to the two people involved
  (``ContactRequest.reveals_emails_to``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from agora.directory.contacts import (
    ContactRefused,
    answer_contact_request,
    block_sender,
    send_contact_request,
    unblock,
)
from agora.directory.forms import (
    ContactRequestForm,
    DirectorySearchForm,
    OrganisationProfileForm,
    PersonProfileForm,
)
from agora.directory.models import Block, ContactRequest, Profile
from agora.portal.markdown import render_markdown

PAGE_SIZE = 20


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    filters = DirectorySearchForm(request.GET or None)
    profiles = filters.filter(Profile.objects.visible_to(request.user).filter(visible=True))
    profiles = profiles.prefetch_related("competences").order_by("display_name", "pk")
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in request.GET.items() if key != "page" and value})
    own = Profile.objects.filter(owner=request.user, kind=Profile.Kind.PERSON).first()
    return render(
        request,
        "directory/index.html",
        {"filters": filters, "page": page, "query": query, "own_profile": own},
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest, pk: int) -> HttpResponse:
    shown = get_object_or_404(
        Profile.objects.visible_to(request.user).select_related("owner", "organisation"), pk=pk
    )
    own = shown.owner_id == request.user.pk
    form = None
    if not own:
        form = ContactRequestForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                send_contact_request(request.user, shown, form.cleaned_data["message"])
            except ContactRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, _("Your contact request was sent."))
                return redirect("directory:profile", pk=shown.pk)
    requests = ContactRequest.objects.filter(
        Q(sender=request.user, profile=shown) | Q(sender=shown.owner, profile__owner=request.user)
    ).select_related("profile")
    accepted = any(item.reveals_emails_to(request.user) for item in requests)
    pending = any(
        item.status == ContactRequest.Status.PENDING and item.sender_id == request.user.pk
        for item in requests
    )
    return render(
        request,
        "directory/profile.html",
        {
            "profile": shown,
            "own": own,
            "form": form,
            "contact_email": shown.owner.email if accepted and not own else "",
            "pending": pending,
            "bio": render_markdown(shown.bio),
            "methods": render_markdown(shown.methods),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_my_profile(request: HttpRequest) -> HttpResponse:
    existing = Profile.objects.filter(owner=request.user, kind=Profile.Kind.PERSON).first()
    form = PersonProfileForm(request.POST or None, instance=existing, owner=request.user)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("Your directory profile was saved."))
        return redirect("directory:profile", pk=saved.pk)
    return render(
        request, "directory/profile_form.html", {"form": form, "existing": existing,
                                                 "organisation": False},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def edit_organisation_profile(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    existing = None
    if pk is not None:
        existing = get_object_or_404(
            Profile.objects.filter(owner=request.user, kind=Profile.Kind.ORGANISATION), pk=pk
        )
    form = OrganisationProfileForm(request.POST or None, instance=existing, owner=request.user)
    if existing is None and not form.fields["organisation"].queryset.exists():
        messages.info(
            request,
            _("Only an organiser of an organisation on Agora can give it a directory profile."),
        )
        return redirect("directory:index")
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, _("The organisation's directory profile was saved."))
        return redirect("directory:profile", pk=saved.pk)
    return render(
        request, "directory/profile_form.html", {"form": form, "existing": existing,
                                                 "organisation": True},
    )  # fmt: skip


@login_required
@require_POST
def delete_profile(request: HttpRequest, pk: int) -> HttpResponse:
    # Deleting a profile deletes its contact requests too (they were about it).
    Profile.objects.filter(owner=request.user, pk=pk).delete()
    messages.success(request, _("The profile was deleted from the directory."))
    return redirect("directory:index")


@login_required
@require_http_methods(["GET"])
def requests(request: HttpRequest) -> HttpResponse:
    involving = ContactRequest.objects.select_related("sender", "profile__owner")
    received = list(involving.received_by(request.user)[:100])
    sent = list(involving.sent_by(request.user)[:100])
    for item in received + sent:
        item.shows_emails = item.reveals_emails_to(request.user)
    blocks = Block.objects.filter(blocker=request.user).select_related("blocked")
    return render(
        request,
        "directory/requests.html",
        {"received": received, "sent": sent, "blocks": blocks},
    )


@login_required
@require_POST
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        ContactRequest.objects.received_by(request.user).select_related("profile"), pk=pk
    )
    decision = request.POST.get("decision")
    if decision == "accept":
        answer_contact_request(contact, accept=True)
        messages.success(request, _("You accepted the request: you now see each other's e-mail."))
    elif decision == "decline":
        answer_contact_request(contact, accept=False)
        messages.success(request, _("You declined the request."))
    elif decision == "block":
        block_sender(contact)
        messages.success(request, _("This person can no longer send you contact requests."))
    else:
        messages.error(request, _("Choose to accept, decline or block."))
    return redirect("directory:requests")


@login_required
@require_POST
def unblock_view(request: HttpRequest, pk: int) -> HttpResponse:
    unblock(request.user, pk)
    messages.success(request, _("The person can send you contact requests again."))
    return redirect("directory:requests")
