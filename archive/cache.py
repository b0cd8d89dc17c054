"""The public page cache and the version that invalidates it.

Rendered public pages are kept per process (cache alias ``pages``) under a key
that includes the *public version*, a random token shared by every process
(cache alias ``public_version``: a file cache on one machine, Redis when
scaled out). Any save, delete or link change of a record in the archive,
people or meetings apps replaces the token, so the next request renders
afresh; so does the moment a scheduled record's ``publish_at`` passes, as the
token records when the next scheduled publication falls due.

Code that changes records without signals (``QuerySet.update()``,
``bulk_create``) must call :func:`bump_public_version` itself.
"""

import contextlib
import contextvars
import uuid

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

VERSION_KEY = "archive:public-version"
WATCHED_APPS = {"archive", "people", "meetings"}
PUBLISHABLE = ("archive.Document", "meetings.Meeting", "people.Person")
#: The version a public page is being rendered for (see :func:`pinned_public_version`).
_PINNED = contextvars.ContextVar("archive_public_version", default=None)


def version_cache():
    return caches["public_version"]


def page_cache():
    return caches["pages"]


def next_scheduled_publication(now):
    """When the next published-but-scheduled record becomes public, or None."""
    upcoming = []
    for label in PUBLISHABLE:
        model = apps.get_model(label)
        first = (
            model._default_manager.scheduled(now).order_by("publish_at").values_list("publish_at", flat=True).first()
        )
        if first:
            upcoming.append(first)
    return min(upcoming) if upcoming else None


@contextlib.contextmanager
def pinned_public_version(version):
    """Within the block, :func:`public_version` is ``version``.

    The page cache stores an anonymous reader's page under the version read as
    the request began; pinning it makes the per-process search maps that page is
    built from (archive/search.py) those of the same version, and spares a
    read of the shared token for each of them. Nothing that changes records
    runs in such a request.
    """
    token = _PINNED.set(version)
    try:
        yield version
    finally:
        _PINNED.reset(token)


#: Values a process derives from the public records (search maps, the facet index) are kept for the
#: last two public versions: a request still answering for the previous version (the page cache pins
#: a request's version, see pinned_public_version) must not evict the current value, nor the other
#: way round.
KEPT_PUBLIC_VERSIONS = 2


def held_for_version(store, key, version):
    """The value ``store`` holds under ``key`` for public ``version``, or None (no kept value is None)."""
    for held, value in store.get(key, ()):
        if held == version:
            return value
    return None


def kept_for_version(store, key, version, read):
    """The value for public ``version`` under ``key`` in ``store``: the one held, else ``read()``, kept
    beside the value of the previous version (``store[key]`` holds ``(version, value)`` pairs, newest first)."""
    value = held_for_version(store, key, version)
    if value is None:
        value = read()
        store[key] = ((version, value), *store.get(key, ())[: KEPT_PUBLIC_VERSIONS - 1])
    return value


def public_version():
    """The current token; a new one once a scheduled publication falls due.

    A new token is added only if no other process added one meanwhile, and when
    this one is added its due time is read again: a publication committed
    between the first read and the ``add`` (its commit found no token to delete)
    would otherwise leave the token without the time it must expire.
    """
    if (pinned := _PINNED.get()) is not None:
        return pinned
    cache = version_cache()
    entry = cache.get(VERSION_KEY)
    now = timezone.now()
    if entry is not None and (entry[1] is None or now < entry[1]):
        return entry[0]
    if entry is not None:
        cache.delete(VERSION_KEY)  # due: replaced below, unless another process does it first
    entry = (uuid.uuid4().hex, next_scheduled_publication(now))
    if not cache.add(VERSION_KEY, entry, None):
        added = cache.get(VERSION_KEY)  # another process's token: everyone uses the same one
        return added[0] if added is not None else entry[0]
    due = next_scheduled_publication(now)
    if due != entry[1]:
        cache.set(VERSION_KEY, (entry[0], due), None)
    return entry[0]


def bump_public_version():
    """Invalidate every cached public page, now and again when the transaction commits."""
    version_cache().delete(VERSION_KEY)
    transaction.on_commit(lambda: version_cache().delete(VERSION_KEY))


def _record_changed(sender, raw=False, **kwargs):
    if sender._meta.app_label in WATCHED_APPS:
        bump_public_version()


def connect_signals():
    post_save.connect(_record_changed, dispatch_uid="archive-public-version-save")
    post_delete.connect(_record_changed, dispatch_uid="archive-public-version-delete")
    m2m_changed.connect(_record_changed, dispatch_uid="archive-public-version-m2m")
