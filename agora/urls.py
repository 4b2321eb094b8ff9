from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from agora.api import api

urlpatterns = [
    path("", include("agora.portal.urls")),
    path("account/", include("agora.accounts.urls")),
    path("programmes/", include("agora.catalogue.urls")),
    path("organise/", include("agora.catalogue.authoring_urls")),
    path("cohorts/", include("agora.delivery.urls")),
    path("learn/", include("agora.learning.urls")),
    path("quizzes/", include("agora.quizzes.urls")),
    path("assignments/", include("agora.assignments.urls")),
    path("", include("agora.credentials.urls")),  # /certificates/… and the public /verify/<id>/
    path("live/", include("agora.live.urls")),
    path("notifications/", include("agora.notifications.urls")),
    path("forums/", include("agora.forums.urls")),
    path("groups/", include("agora.groups.urls")),
    path("mentoring/", include("agora.mentoring.urls")),
    path("capstones/", include("agora.capstones.urls")),
    path("surveys/", include("agora.surveys.urls")),
    path("directory/", include("agora.directory.urls")),
    path("newsletter/", include("agora.newsletter.urls")),
    path("blog/", include("agora.blog.urls")),
    path("problems/", include("agora.problems.urls")),
    path("api/v1/", api.urls),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.AGORA_BENCH:
    from agora.portal.views import bench_floor

    urlpatterns.append(path("bench/floor/", bench_floor))

handler403 = "agora.portal.views.permission_denied"
handler404 = "agora.portal.views.page_not_found"
handler500 = "agora.portal.views.server_error"
