"""Protections of public forms that need no third-party service: a rate limit on the shared
cache, and an anti-robot check (a honeypot field and a signed timestamp)."""

import logging
import time

from django import forms
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)
# Redis errors, and the socket errors under them.
CACHE_ERRORS = (RedisError, OSError)
_last_warning_at = float("-inf")

_SALT = "monenfant.antirobot"
MAX_PAGE_AGE_SECONDS = 6 * 3600
TOO_FAST = _(
    "Le formulaire a été envoyé trop vite. Patientez quelques secondes puis envoyez-le à nouveau."
)
EXPIRED = _("La page était ouverte depuis trop longtemps. Envoyez à nouveau le formulaire.")


def rate_limit_exceeded(key: str, *, limit: int, window_seconds: int) -> bool:
    """Counts one attempt for `key` in the current window; True once there were more than
    `limit`. With several web processes the cache must be shared (REDIS_URL)."""
    cache_key = f"ratelimit:{key}:{int(time.time() // window_seconds)}"
    try:
        cache.add(cache_key, 0, window_seconds)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, window_seconds)
            count = 1
    except CACHE_ERRORS as error:
        # Fail open: refusing every visitor (or answering 500) while the cache is away would
        # turn a Redis outage into a site outage; the limits only slow down scrapers.
        _warn_cache_unreachable(error)
        return False
    return count > limit


def _warn_cache_unreachable(error: Exception) -> None:
    """One warning per minute and process, not one per request, during an outage."""
    global _last_warning_at
    now = time.monotonic()
    if now - _last_warning_at >= 60:
        _last_warning_at = now
        logger.warning("Rate limits off: the cache is unreachable (%s)", error)


class _StartedAtField(forms.CharField):
    """Hidden signed time at which the form was displayed; always rendered fresh."""

    widget = forms.HiddenInput

    def __init__(self):
        super().__init__(
            required=False, max_length=200, initial=lambda: signing.dumps(time.time(), salt=_SALT)
        )

    def bound_data(self, data, initial):
        return initial


class AntiRobotFormMixin(forms.Form):
    """Robots fill every field and post at once: a field hidden from people must stay empty,
    and the form must have been displayed at least ANTIROBOT_MIN_SECONDS earlier."""

    website = forms.CharField(
        label=_("Laissez ce champ vide"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
        template_name="components/honeypot_field.html",
    )
    form_started = _StartedAtField()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("website"):
            raise forms.ValidationError(TOO_FAST, code="robot")
        try:
            elapsed = time.time() - signing.loads(
                cleaned_data.get("form_started") or "", salt=_SALT
            )
        except signing.BadSignature as error:
            raise forms.ValidationError(EXPIRED, code="expired") from error
        if elapsed > MAX_PAGE_AGE_SECONDS:
            raise forms.ValidationError(EXPIRED, code="expired")
        if elapsed < settings.ANTIROBOT_MIN_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned_data
