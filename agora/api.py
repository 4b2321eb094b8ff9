"""The JSON API /api/v1/: one django-ninja API (and one OpenAPI document at
/api/v1/openapi.json) gathering each app's router, as urls.py gathers their pages."""

from django.conf import settings
from ninja import NinjaAPI, Swagger

from agora.catalogue.api import router as catalogue_router
from agora.credentials.api import router as credentials_router
from agora.delivery.api import router as delivery_router

api = NinjaAPI(
    title="Agora API",
    version="1",
    urls_namespace="api",
    # Swagger UI from ninja's own static files (no CDN, no inline script: fits our CSP) needs
    # "ninja" in INSTALLED_APPS; without it ninja would load it from a CDN, which CSP blocks.
    docs_url="/docs" if "ninja" in settings.INSTALLED_APPS else None,
    # Deep links put a link inside each operation's expand button, which WCAG forbids (nested
    # interactive controls). Our ninja/swagger.html override adds the page's language and
    # colours with enough contrast.
    docs=Swagger(settings={"deepLinking": False}),
    description=(
        "Agora's catalogue of training programmes and their cohorts. Published programmes and "
        "listed cohorts are public; a signed-in editor (session cookie) also reads their drafts, "
        "and a signed-in person reads their own enrolments at /me/enrolments. Texts come in the "
        "language given by `?lang=` or `Accept-Language`, else in the programme's source language."
    ),
)
api.add_router("/", catalogue_router)
api.add_router("/", delivery_router)
api.add_router("/", credentials_router)
