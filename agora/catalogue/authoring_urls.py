"""Authoring for organisers (see authoring.py), under /organise/."""

from django.urls import path, register_converter

from agora.catalogue import authoring


class KindConverter:
    """The kinds of programme parts, by their plural name in addresses."""

    regex = "|".join(authoring.KINDS)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(KindConverter, "part_kind")

app_name = "authoring"
urlpatterns = [
    path("", authoring.dashboard, name="dashboard"),
    path("new/", authoring.programme_create, name="programme_create"),
    path("<slug:slug>/", authoring.programme, name="programme"),
    path("<slug:slug>/details/", authoring.programme_edit, name="programme_edit"),
    path("<slug:slug>/preview/", authoring.programme_preview, name="programme_preview"),
    path(
        "<slug:slug>/translate/<str:language>/",
        authoring.programme_translate,
        name="programme_translate",
    ),
    path("<slug:slug>/status/<str:action>/", authoring.programme_status, name="programme_status"),
    path("<slug:slug>/module/<int:pk>/", authoring.module, name="module"),
    path("<slug:slug>/module/<int:pk>/preview/", authoring.module_preview, name="module_preview"),
    path(
        "<slug:slug>/module/<int:pk>/translate/<str:language>/",
        authoring.module_translate,
        name="module_translate",
    ),
    path("<slug:slug>/<part_kind:kind>/new/", authoring.part_create, name="part_create"),
    path(
        "<slug:slug>/<part_kind:kind>/new/in/<int:parent>/",
        authoring.part_create,
        name="part_create_in",
    ),
    path("<slug:slug>/<part_kind:kind>/<int:pk>/edit/", authoring.part_edit, name="part_edit"),
    path(
        "<slug:slug>/<part_kind:kind>/<int:pk>/delete/", authoring.part_delete, name="part_delete"
    ),
    path("<slug:slug>/<part_kind:kind>/<int:pk>/move/", authoring.part_move, name="part_move"),
    path("<slug:slug>/<part_kind:kind>/reorder/", authoring.part_reorder, name="part_reorder"),
    path(
        "<slug:slug>/<part_kind:kind>/reorder/in/<int:parent>/",
        authoring.part_reorder,
        name="part_reorder_in",
    ),
]
