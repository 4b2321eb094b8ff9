from django.conf import settings


def site(request):
    return {"ui_languages": settings.LANGUAGES}
