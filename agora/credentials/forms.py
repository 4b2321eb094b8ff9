"""Forms: a reason for issuing or revoking, the issuer profile, and the credential checker."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image

from agora.credentials.models import IssuerProfile

SIGNATURE_MAX_BYTES = 1024 * 1024
# A signature image is recognised by its first bytes, not by its name.
IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": "png", b"\xff\xd8\xff": "jpg"}
IMAGE_EXTENSIONS = {"png": {"png"}, "jpg": {"jpg", "jpeg"}}
CREDENTIAL_MAX_BYTES = 512 * 1024


class _Form(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            described = [f"id_{name}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class ReasonForm(_Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the certificate's log; a revocation's reason is shown publicly."),
    )


class SignatureInput(forms.ClearableFileInput):
    """Names the signature on file without linking to it: Agora does not serve /media/."""

    template_name = "credentials/widgets/signature_input.html"


class IssuerProfileForm(forms.ModelForm):
    class Meta:
        model = IssuerProfile
        fields = ["signatory_name", "signatory_title", "signature"]
        help_texts = {"signature": _("A PNG or JPEG image of at most 1 MB.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["signature"].widget = SignatureInput(attrs={"accept": "image/png,image/jpeg"})
        for name, field in self.fields.items():
            described = [f"id_{name}_helptext"] if field.help_text else []
            if self.is_bound and name in self.errors:
                described.append(f"id_{name}_error")
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)

    def clean_signature(self):
        upload = self.cleaned_data.get("signature")
        if not upload or not hasattr(upload, "content_type"):
            return upload  # unchanged or cleared
        if upload.size > SIGNATURE_MAX_BYTES:
            raise forms.ValidationError(_("The image is larger than 1 MB."))
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        kind = next((kind for signature, kind in IMAGE_SIGNATURES.items()
                     if head.startswith(signature)), None)
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if kind is None or extension not in IMAGE_EXTENSIONS[kind] or not _decodes(upload):
            raise forms.ValidationError(_("Upload a PNG or JPEG image."))
        return upload


def _decodes(upload) -> bool:
    """Whether the image decodes: a file with the right first bytes may still be broken."""
    try:
        with Image.open(upload) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return False
    finally:
        upload.seek(0)
    return True


class VerifyForm(_Form):
    credential = forms.CharField(
        label=_("Signed credential (JWT) or credential JSON"), required=False,
        max_length=CREDENTIAL_MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_("Paste the contents of the credential file."),
    )
    file = forms.FileField(
        label=_("Or upload the credential file"), required=False,
        help_text=_("A .jwt or .json file of at most 512 KB."),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > CREDENTIAL_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 512 KB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        text = cleaned.get("credential", "")
        if upload:
            try:
                text = upload.read().decode("utf-8")
            except UnicodeDecodeError:
                self.add_error("file", _("The file is not a text file."))
                return cleaned
        if not self.errors and not text.strip():
            self.add_error("credential", _("Paste a credential or upload its file."))
        cleaned["text"] = text
        return cleaned
