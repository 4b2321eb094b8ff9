"""Agora: capacity-building programmes in citizen engagement for civil servants."""

__version__ = "0.1.0"
