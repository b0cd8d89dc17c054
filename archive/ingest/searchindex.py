"""Search index updates deferred to the end of an ingest batch.

modelsearch indexes every saved object on its own post_save (one index write
and, on SQLite, one refresh of the title norms over the whole index table per
object). Inside :func:`deferred_search_index` the saves of this thread are
collected instead, and on a clean exit written in bulk (new records directly,
changed ones with one ``add_bulk`` per model), still inside the caller's transaction. Saves in other threads, and saves
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

from archive.bulkindex import EntryPlan, index_objects_bulk

_state = threading.local()
_install_lock = threading.Lock()
_installed = False


class Pending:
    """The records saved inside a block, by model, which of them the block created, and the
    instances a bulk writer handed over for records it created (read back from the database otherwise)."""

    def __init__(self):
        self.saved = defaultdict(set)
        self.created = defaultdict(set)
        self.instances = defaultdict(dict)  # model -> {pk: the instance as inserted}

    def add(self, model, pks, *, created, objects=()):
        self.saved[model].update(pks)
        if created:
            self.created[model].update(pks)
        held = self.instances[model]
        for pk in pks:
            held.pop(pk, None)  # saved again since: the database has it as it is now
        for obj in objects:
            held[obj.pk] = obj

    def merge_into(self, outer):
        for model, pks in self.saved.items():
            outer.add(model, pks, created=False)
        for model, pks in self.created.items():
            outer.created[model].update(pks)
        for model, held in self.instances.items():
            outer.instances[model].update(held)


def _post_save(sender, instance, **kwargs):
    pending = getattr(_state, "pending", None)
    if pending is None or kwargs.get("raw", False):
        post_save_signal_handler(instance, sender=sender, **kwargs)
        return
    pending.add(type(instance), (instance.pk,), created=kwargs.get("created", False))


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
    """Bring the index current for a :class:`Pending`.

    Records created inside the block have no entry yet: they take the direct path of
    :func:`archive.bulkindex.index_objects_bulk`; the others one ``add_bulk`` per model and backend.
    """
    backends = list(get_search_backends(with_auto_update=True))
    with _installed_apps_remembered():
        for model, pks in pending.saved.items():
            if not pks:
                continue
            # instances handed over by a bulk writer serve for a model indexed from its own columns
            held = pending.instances.get(model, {}) if EntryPlan.of(model) is not None else {}
            held = {pk: obj for pk, obj in held.items() if pk in pks and pk in pending.created[model]}
            objects = list(held.values())
            if len(held) < len(pks):
                unread = [pk for pk in pks if pk not in held]
                objects += model.get_indexed_objects().filter(pk__in=unread)
            created = pending.created.get(model, set()) - _with_entries(model, pending.created.get(model, ()))
            new = [obj for obj in objects if obj.pk in created]
            index_objects_bulk(model, new, new=True)
            changed = [obj for obj in objects if obj.pk not in created]
            if changed:
                for backend in backends:
                    backend.add_bulk(model, changed)


def _with_entries(model, pks):
    """Those of ``pks`` that have a search entry already (a handler may have indexed a new record at once)."""
    if not pks:
        return set()
    from django.contrib.contenttypes.models import ContentType
    from modelsearch.models import IndexEntry

    content_type = ContentType.objects.get_for_model(model)
    ids = {str(pk): pk for pk in pks}
    found = set()
    keys = list(ids)
    for start in range(0, len(keys), 900):
        entries = IndexEntry.objects.filter(content_type=content_type, object_id__in=keys[start : start + 900])
        found.update(ids[object_id] for object_id in entries.values_list("object_id", flat=True))
    return found


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
    pending = Pending()
    _state.pending = pending
    try:
        yield pending
    finally:
        _state.pending = outer
    if outer is not None:
        pending.merge_into(outer)
    else:
        index_objects(pending)


def defer_index(model, pks, *, created=True, objects=()):
    """Index objects written without a save (bulk_create): at the end of the enclosing block, else now.

    ``created=False`` for records that may already have an entry (a person given new name variants).
    ``objects``: the new records' instances as inserted, so that they need not be read back.
    """
    pending = getattr(_state, "pending", None)
    now = pending is None
    if now:
        pending = Pending()
    pending.add(model, pks, created=created, objects=objects)
    if now:
        index_objects(pending)
