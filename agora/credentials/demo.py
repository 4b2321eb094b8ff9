"""Demo certificates: two learners of the running P5 cohort finished early and hold their
certificates (PDF and Open Badges credential); the issuing school has a signatory and a
signature image.

Runs after the delivery and learning loaders. Loading again adds nothing: completion and
issuing happen once per enrolment.
"""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageDraw

from agora.credentials import issuing
from agora.credentials.models import IssuerProfile
from agora.delivery.models import Enrolment
from agora.learning import progress

P5_SLUG = "public-engagement-2027"
EARLY_FINISHERS = ["learner01@agora.example", "learner02@agora.example"]


def _signature_png() -> bytes:
    """A hand-drawn-looking line, so that the demo certificate shows a signature."""
    image = Image.new("RGBA", (360, 110), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    points = [(20, 80), (60, 30), (85, 75), (120, 35), (150, 78), (185, 40), (215, 70),
              (250, 45), (290, 72), (340, 50)]
    draw.line(points, fill=(20, 40, 90, 255), width=5, joint="curve")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@transaction.atomic
def load() -> None:
    enrolments = Enrolment.objects.filter(
        cohort__slug=P5_SLUG,
        status=Enrolment.Status.CONFIRMED,
        user__email__in=EARLY_FINISHERS,
    ).select_related("cohort__programme__organisation", "user")
    for enrolment in enrolments:
        organisation = enrolment.cohort.programme.organisation
        profile, _ = IssuerProfile.objects.get_or_create(
            organisation=organisation,
            defaults={"signatory_name": "Claire Dubois", "signatory_title": "Director of studies"},
        )
        if not profile.signature:
            profile.signature.save("signature.png", ContentFile(_signature_png()))
        progress.complete_enrolment(enrolment)  # issues the certificate, once
        issuing.issue_certificate(enrolment)  # and, should it be missing, issues it now
