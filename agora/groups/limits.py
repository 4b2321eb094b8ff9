"""Posting limits per person (cache-based fixed windows, shared by processes with Redis)."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.utils.translation import gettext as _

# (window in seconds, posts allowed in it)
RATE_LIMITS: list[tuple[int, int]] = [(60, 6), (3600, 60)]


class PostingTooFast(Exception):
    """More posts than ``RATE_LIMITS`` allow; nothing was written."""


def take_allowance(user, scope: str) -> None:
    """Count one post by ``user`` in ``scope`` ("groups", "mentoring"), or raise."""
    now = int(time.time())
    for window, allowed in RATE_LIMITS:
        key = f"{scope}:posts:{user.pk}:{window}:{now // window}"
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)
            count = 1
        if count > allowed:
            raise PostingTooFast


TOO_FAST = 429  # HTTP "Too Many Requests": the page comes back with the form as typed


def tell_too_fast(form) -> None:
    """Put the "too fast" error on ``form``; the view shows it again with what was typed."""
    form.add_error(None, _("You are posting too fast. Wait a minute, then send again: "
                           "your text is kept below."))  # fmt: skip
