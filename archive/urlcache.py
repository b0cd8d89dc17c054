"""A record's public URL without running Django's URL reversal each time.

A list or search page links every record it shows; ``reverse()`` matches the
URL pattern and quotes its arguments on each call, some 20 microseconds, while
the URL of one kind of record only differs by its slug. :func:`slug_url`
reverses the pattern once (per URLconf and script prefix) with a stand-in slug
and puts each record's slug in its place. A slug is made of ASCII letters,
digits, hyphens and underscores, which need no quoting; anything else goes
through ``reverse()`` as before (and fails there as it would have).
"""

import re

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_STAND_IN = "slug-stand-in-7c1f"
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
_reversed = {}


def slug_url(name, slug):
    """``reverse(name, kwargs={"slug": slug})``."""
    if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    pattern = _reversed.get(key)
    if pattern is None:
        pattern = _reversed[key] = reverse(name, kwargs={"slug": _STAND_IN})
    return pattern.replace(_STAND_IN, slug, 1)
