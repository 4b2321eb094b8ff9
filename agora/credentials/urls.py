"""Certificates (PDF), Open Badges 3.0 credentials, signing keys and public verification.

Mounted at the site's root: the learner's pages under /certificates/, the organisers' under
/certificates/manage/, the public check at /verify/, issuers' profiles and keys under
/credentials/issuers/.
"""

from django.urls import path

from agora.credentials import views

app_name = "credentials"

urlpatterns = [
    path("certificates/", views.my_certificates, name="mine"),
    path("certificates/manage/", views.manage_index, name="manage"),
    path("certificates/manage/cohorts/<slug:slug>/", views.manage_cohort, name="manage_cohort"),
    path("certificates/manage/cohorts/<slug:slug>/issue/<int:enrolment_id>/", views.issue,
         name="issue"),
    path("certificates/manage/issuers/<slug:slug>/", views.issuer_settings,
         name="issuer_settings"),
    path("certificates/manage/issuers/<slug:slug>/rotate-key/", views.rotate, name="rotate"),
    path("certificates/manage/<str:public_id>/revoke/", views.revoke, name="revoke"),
    path("certificates/<str:public_id>/certificate.pdf", views.certificate_pdf, name="pdf"),
    path("certificates/<str:public_id>/credential.json", views.credential_json, name="json"),
    path("certificates/<str:public_id>/credential.jwt", views.credential_jwt, name="jwt"),
    path("verify/", views.verify_file, name="verify_file"),
    path("verify/<str:public_id>/", views.verify_page, name="verify"),
    path("credentials/issuers/<slug:slug>/", views.issuer_profile, name="issuer"),
    path("credentials/issuers/<slug:slug>/jwks.json", views.jwks, name="jwks"),
]
