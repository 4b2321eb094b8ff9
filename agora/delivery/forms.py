"""Forms of registration: the registration questions and the payment receipt."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from agora.catalogue.models import Module
from agora.catalogue.views import duration
from agora.delivery.models import Ask, Cohort, Stream

LANGUAGE_NAMES = dict(settings.CONTENT_LANGUAGES)
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
# What a receipt may be, recognised by its first bytes (not by its name).
RECEIPT_SIGNATURES = {
    b"%PDF-": "pdf",
    b"\xff\xd8\xff": "jpg",
    b"\x89PNG\r\n\x1a\n": "png",
}
RECEIPT_EXTENSIONS = {"pdf": {"pdf"}, "jpg": {"jpg", "jpeg"}, "png": {"png"}}


class GovernmentLevel:
    CHOICES = [
        ("", _("Choose one")),
        ("local", _("Local or municipal")),
        ("regional", _("Regional")),
        ("national", _("National")),
        ("european", _("European or international")),
        ("other", _("Other, or not in government")),
    ]


def stream_label(stream: Stream) -> str:
    if stream.weekly_minutes:
        return _("%(name)s (about %(time)s a week)") % {
            "name": stream.name, "time": duration(stream.weekly_minutes)
        }
    return str(stream.name)


def module_label(module: Module) -> str:
    title = module.tr.title
    if module.required:
        return _("%(module)s (required)") % {"module": title}
    if module.package_id:
        return f"{title} · {module.package.tr.title}"
    return title


def needs_billing(cohort: Cohort) -> bool:
    return cohort.asks("billing") != Ask.OFF


def needs_travel(cohort: Cohort) -> bool:
    return cohort.asks("travel") != Ask.OFF


class RegistrationForm(forms.Form):
    """The registration questions; ``answers()`` is what goes into ``Enrolment.answers``."""

    ANSWER_FIELDS = ("organisation", "role", "government_level", "reason", "accessibility_needs")
    BILLING_FIELDS = ("billing_name", "billing_address", "billing_reference")
    TRAVEL_FIELDS = ("accommodation", "airport_pickup", "arrival_details")

    language = forms.ChoiceField(label=_("Preferred language"))
    stream = forms.ModelChoiceField(
        label=_("Stream"), queryset=Stream.objects.none(), empty_label=None,
        widget=forms.RadioSelect,
        help_text=_("Each stream is a path through the material; the time is a guide."),
    )
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules"), queryset=Module.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Required modules are already ticked; add the ones that fit your goal."),
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    role = forms.CharField(label=_("Role or job title"), max_length=200)
    government_level = forms.ChoiceField(
        label=_("Level of government"), choices=GovernmentLevel.CHOICES
    )
    reason = forms.CharField(
        label=_("Why do you want to take part?"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    accessibility_needs = forms.CharField(
        label=_("Accessibility needs"), max_length=2000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anything we should arrange so that you can take part fully (optional)."),
    )
    billing_name = forms.CharField(
        label=_("Billing name"), max_length=200,
        help_text=_("The person or organisation the invoice is made out to."),
    )
    billing_address = forms.CharField(
        label=_("Billing address"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
    billing_reference = forms.CharField(
        label=_("VAT or purchase order number"), max_length=100, required=False
    )
    accommodation = forms.BooleanField(
        label=_("I would like help with accommodation"), required=False
    )
    airport_pickup = forms.BooleanField(label=_("I would like an airport pick-up"), required=False)
    arrival_details = forms.CharField(
        label=_("Arrival details"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Airport, date, time and flight number, if you asked for a pick-up."),
    )

    def __init__(self, *args, cohort: Cohort, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        self.fields["language"].choices = [
            (code, LANGUAGE_NAMES.get(code, code)) for code in cohort.languages
        ]
        if len(cohort.languages) == 1:
            self.fields["language"].initial = cohort.languages[0]
        streams = cohort.streams.all()
        if streams:
            self.fields["stream"].queryset = streams
            self.fields["stream"].label_from_instance = stream_label
            if len(streams) == 1:
                self.fields["stream"].initial = streams[0].pk
        else:
            del self.fields["stream"]
        self._set_up_modules(cohort)
        for name in self.ANSWER_FIELDS:
            asked = cohort.asks(name)
            if asked == Ask.OFF:
                del self.fields[name]
            else:
                self.fields[name].required = asked == Ask.REQUIRED
        if "government_level" in self.fields and not self.fields["government_level"].required:
            self.fields["government_level"].choices = [
                ("", _("Prefer not to say")), *GovernmentLevel.CHOICES
            ]
        if not needs_billing(cohort):
            for name in self.BILLING_FIELDS:
                del self.fields[name]
        if not needs_travel(cohort):
            for name in self.TRAVEL_FIELDS:
                del self.fields[name]

    def _set_up_modules(self, cohort: Cohort) -> None:
        """A cohort of one level lets each learner combine its modules toward their own goal."""
        self.default_modules: list[Module] = []
        if cohort.level_id is None:
            del self.fields["modules"]
            return
        modules = cohort.modules.all() or Module.objects.filter(level_id=cohort.level_id)
        modules = modules.select_related("level__programme", "package").order_by("order", "pk")
        if len(modules) <= 1:  # a level that is one course: nothing to choose
            self.default_modules = list(modules)
            del self.fields["modules"]
            return
        self.fields["modules"].queryset = modules
        self.fields["modules"].label_from_instance = module_label
        self.fields["modules"].initial = [module.pk for module in modules if module.required]
        self.required_modules = [module for module in modules if module.required]

    def clean_modules(self):
        chosen = list(self.cleaned_data["modules"])
        missing = [m for m in self.required_modules if m not in chosen]
        if missing:
            raise forms.ValidationError(
                _("These modules are required: %(modules)s")
                % {"modules": ", ".join(m.tr.title for m in missing)}
            )
        if not chosen:
            raise forms.ValidationError(_("Choose at least one module."))
        return chosen

    def clean(self):
        data = super().clean()
        if data.get("airport_pickup") and not (data.get("arrival_details") or "").strip():
            self.add_error(
                "arrival_details", _("Tell us when and where you arrive, for the pick-up.")
            )
        return data

    def chosen_modules(self) -> list[Module]:
        return self.cleaned_data.get("modules") or self.default_modules

    def answers(self) -> dict:
        data = self.cleaned_data
        names = [*self.ANSWER_FIELDS, *self.BILLING_FIELDS, *self.TRAVEL_FIELDS]
        return {name: data[name] for name in names if name in self.fields}


class ReceiptForm(forms.Form):
    receipt = forms.FileField(
        label=_("Proof of payment"),
        help_text=_("A PDF, JPEG or PNG file of at most 5 MB."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_receipt(self):
        upload = self.cleaned_data["receipt"]
        if upload.size > RECEIPT_MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        kind = next(
            (kind for signature, kind in RECEIPT_SIGNATURES.items() if head.startswith(signature)),
            None,
        )
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if kind is None or extension not in RECEIPT_EXTENSIONS[kind]:
            raise forms.ValidationError(_("Upload a PDF, JPEG or PNG file."))
        upload.kind = kind
        return upload
