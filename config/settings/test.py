"""Settings for the test suite: the same stack, faster hashing, no manifest."""

from .base import *  # noqa: F403
from .base import STORAGES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the source folders; no collectstatic needed.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Tests roll back their data without signals: a page cached by one test must
# not answer another. Tests of the page cache switch it on themselves.
ARCHIVE_PAGE_CACHE = False
ARCHIVE_FACET_INDEX = False

# Suites walk hundreds of API URLs from one address; tests of the rate limit set it themselves.
API_ANON_THROTTLE_RATE = None
