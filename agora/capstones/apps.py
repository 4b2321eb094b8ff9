from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CapstonesConfig(AppConfig):
    name = "agora.capstones"
    verbose_name = _("Capstone projects")
