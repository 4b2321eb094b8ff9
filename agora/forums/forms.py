from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from agora.forums.content import sniff_type
from agora.forums.models import Report
from agora.forums.posting import Upload
from agora.portal.forms import MultipleFileField

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_MAX = 3
BODY_MAX = 20_000


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 6}), max_length=BODY_MAX,
        help_text=_("Markdown works: **bold**, *italic*, lists, links. Mention someone "
                    "with @[their full name]."),
        error_messages={"required": _("Write a message.")},
    )  # fmt: skip


def _clean_body(form: forms.Form) -> str:
    body = form.cleaned_data["body"].strip()
    if not body:
        raise forms.ValidationError(_("Write a message."))
    return body


class _PostingForm(forms.Form):
    body = _body_field()
    attachments = MultipleFileField(
        label=_("Attach files"), required=False,
        help_text=_("Up to 3 files: PDF, PNG, JPEG, GIF or WebP, 5 MB each."),
    )  # fmt: skip
    # Sent back with the form, so a second submit of it is recognised.
    key = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4())

    def clean_body(self) -> str:
        return _clean_body(self)

    def clean_attachments(self) -> list[Upload]:
        files = self.cleaned_data.get("attachments") or []
        if len(files) > ATTACHMENTS_MAX:
            raise forms.ValidationError(_("Attach at most 3 files."))
        uploads = []
        for upload in files:
            if upload.size > ATTACHMENT_MAX_BYTES:
                raise forms.ValidationError(
                    _("%(name)s is larger than 5 MB.") % {"name": upload.name}
                )
            upload.seek(0)
            head = upload.read(16)
            upload.seek(0)
            content_type = sniff_type(head, upload.name)
            if content_type is None:
                raise forms.ValidationError(
                    _("%(name)s is not a PDF, PNG, JPEG, GIF or WebP file.")
                    % {"name": upload.name}
                )
            uploads.append(Upload(upload, content_type))
        return uploads


class ThreadForm(_PostingForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    field_order = ["title", "body", "attachments", "key"]

    def clean_title(self) -> str:
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the thread a title."))
        return title


class ReplyForm(_PostingForm):
    quote_of = forms.IntegerField(widget=forms.HiddenInput, required=False)


class EditForm(forms.Form):
    """A post's new text. No key: sending the same text twice changes nothing the second time
    (``posting.edit_post``). Files stay as they were posted."""

    body = _body_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_body(self) -> str:
        return _clean_body(self)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is it hidden?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=500,
        help_text=_("Its author and the other moderators see this; the members see only that "
                    "a moderator hid the post."),
        error_messages={"required": _("Say why the post is hidden.")},
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("Say why the post is hidden."))
        return reason


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"reason": _("Tell the moderators what is wrong with this post.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MoveForm(forms.Form):
    space = forms.ModelChoiceField(label=_("Move to"), queryset=None, empty_label=None)

    def __init__(self, *args, spaces=None, language: str = "", **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces
        self.fields["space"].label_from_instance = lambda space: space.title(language)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search this forum"), max_length=200, required=False)
