from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The public face: layout, home page, language choice, error pages and the ops commands."""

    name = "agora.portal"
    verbose_name = _("Portal")
