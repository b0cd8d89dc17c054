"""Search index updates deferred to the end of an ingest batch.

modelsearch indexes every saved object on its own post_save (one index write
and, on SQLite, one refresh of the title norms over the whole index table per
object). Inside :func:`deferred_search_index` the saves of this thread are
collected instead, and on a clean exit written with one ``add_bulk`` per model,
still inside the caller's transaction. Saves in other threads, and saves
outside the block, are indexed as before.
"""

import functools
import threading
from collections import defaultdict
from contextlib import contextmanager

from django.apps import apps
from django.db.models.signals import post_save
from modelsearch import index
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_save_signal_handler

_state = threading.local()
_install_lock = threading.Lock()
_installed = False


def _post_save(sender, instance, **kwargs):
    pending = getattr(_state, "pending", None)
    if pending is None or kwargs.get("raw", False):
        post_save_signal_handler(instance, sender=sender, **kwargs)
        return
    pending[type(instance)].add(instance.pk)


def _install():
    """Stand in for modelsearch's post_save handler on every model it auto-updates (once per process)."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for model in index.get_indexed_models():
            if post_save.disconnect(post_save_signal_handler, sender=model):
                post_save.connect(_post_save, sender=model, dispatch_uid=f"ingest-deferred-{model._meta.label}")
        _installed = True


def index_objects(pending):
    """Bring the index current for {model: pks}: one add_bulk per model and backend."""
    backends = list(get_search_backends(with_auto_update=True))
    with _installed_apps_remembered():
        for model, pks in pending.items():
            if not pks:
                continue
            objects = list(model.get_indexed_objects().filter(pk__in=list(pks)))
            if not objects:
                continue
            for backend in backends:
                backend.add_bulk(model, objects)


@contextmanager
def _installed_apps_remembered():
    """modelsearch asks ``apps.is_installed("taggit")`` for every field of every object it indexes,
    and each answer walks every app config: a third of the time an ingest batch spends indexing.
    The installed apps do not change while a process runs, so the answers are remembered meanwhile.
    """
    if "is_installed" in vars(apps):  # already remembering (a nested block)
        yield
        return
    apps.is_installed = functools.lru_cache(maxsize=None)(type(apps).is_installed.__get__(apps))
    try:
        yield
    finally:
        del apps.is_installed


@contextmanager
def deferred_search_index():
    """Collect this thread's indexed saves; index them on a clean exit (or hand them to an enclosing block).

    On an exception nothing is indexed: the caller's savepoint or transaction
    rolls the saves back too.
    """
    _install()
    outer = getattr(_state, "pending", None)
    pending = defaultdict(set)
    _state.pending = pending
    try:
        yield pending
    finally:
        _state.pending = outer
    if outer is not None:
        for model, pks in pending.items():
            outer[model] |= pks
    else:
        index_objects(pending)


def defer_index(model, pks):
    """Index objects written without a save (bulk_create): at the end of the enclosing block, else now."""
    pending = getattr(_state, "pending", None)
    if pending is None:
        index_objects({model: set(pks)})
    else:
        pending[model].update(pks)
