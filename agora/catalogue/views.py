"""Public catalogue: every published programme is public; drafts only for their editors."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from agora.catalogue.models import Module, Programme


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.visible_to(request.user).select_related("organisation")
    return render(request, "catalogue/index.html", {"programmes": programmes})


@require_GET
def programme(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Programme.objects.visible_to(request.user), slug=slug)
    return render(request, "catalogue/programme.html", {"programme": found})


@require_GET
def module(request: HttpRequest, slug: str, level: str, module: str) -> HttpResponse:
    programmes = Programme.objects.visible_to(request.user)
    found = get_object_or_404(
        Module.objects.select_related("level__programme"),
        level__programme__in=programmes,
        level__programme__slug=slug,
        level__slug=level,
        slug=module,
    )
    return render(request, "catalogue/module.html", {"module": found, "programme": found.programme})
