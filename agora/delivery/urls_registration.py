"""Routes of registration views (see registration_views.py)."""

from django.urls import path, register_converter

from agora.delivery import registration_views as views


class CohortSlug:
    """A cohort's slug; never ``manage``, which is the organisers' part (urls_organiser.py)."""

    regex = r"(?!manage/)[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CohortSlug, "cohort")

urlpatterns = [
    path("<cohort:slug>/", views.cohort_page, name="cohort"),
    path("<cohort:slug>/register/", views.register_page, name="register"),
    path("<cohort:slug>/enrolment/", views.enrolment_page, name="enrolment"),
    path("<cohort:slug>/enrolment/accept/", views.accept_page, name="accept_offer"),
    path("<cohort:slug>/enrolment/stream/", views.change_stream_page, name="change_stream"),
    path("<cohort:slug>/enrolment/receipt/", views.receipt_page, name="upload_receipt"),
    path("<cohort:slug>/enrolment/withdraw/", views.withdraw_page, name="withdraw"),
    path("<cohort:slug>/enrolment/invoice.pdf", views.invoice_page, name="invoice"),
    path(
        "<cohort:slug>/enrolments/<int:pk>/invoice.pdf",
        views.invoice_page,
        name="enrolment_invoice",
    ),
]
