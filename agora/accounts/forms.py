from django import forms
from django.utils.translation import gettext_lazy as _

from agora.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]
        help_texts = {
            "full_name": _("As it should appear on certificates."),
            "preferred_language": _("Agora's menus and messages appear in this language."),
        }


class ErasureRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you want your data erased? (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and everything it holds will be erased for good."),
        required=True,
        error_messages={"required": _("Tick the box to confirm that you want your data erased.")},
    )
