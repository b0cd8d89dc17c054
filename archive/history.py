"""Revision history of workflow records: field-by-field comparison and revert.

django-simple-history writes a version on every save (the through tables of
participations, document links, names and appointments have their own). Here
two versions are laid side by side, and a record is reverted to an earlier
version as a *new* version whose author is the person who reverted. A revert
restores content only: the workflow state, schedule and stamps stay as they
are, so a revert can never publish or unpublish anything.
"""

import datetime as dt
from collections import defaultdict

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models, transaction
from django.utils import timezone

from .rows import insert_values
from .transitions import StaleRecord, TransitionForbidden, TransitionInvalid, may_edit, stale_message
from .workflow import WORKFLOW_FIELDS

# Bookkeeping, the workflow state and the permanent address are never reverted.
NOT_REVERTED = {"id", "slug", "created_at", "updated_at", *WORKFLOW_FIELDS}


def _display(version, field):
    if isinstance(field, models.ForeignKey):
        try:
            related = getattr(version, field.name)
        except ObjectDoesNotExist:
            return f"(deleted #{getattr(version, field.attname)})"
        return "" if related is None else str(related)
    value = getattr(version, field.attname)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    return str(value)


def _m2m_display(version, field):
    through_target = field.m2m_reverse_field_name()
    return sorted(str(getattr(row, through_target)) for row in getattr(version, field.name).all())


def compare_versions(model, older, newer):
    """Rows ``{"label", "old", "new", "changed"}`` for every tracked field of two versions, content first."""
    rows = []
    bookkeeping = []
    for field in model._meta.concrete_fields:
        old, new = _display(older, field), _display(newer, field)
        row = {"name": field.name, "label": field.verbose_name, "old": old, "new": new, "changed": old != new}
        (bookkeeping if field.name in NOT_REVERTED else rows).append(row)
    for field in _history_m2m_fields(model):
        old, new = _m2m_display(older, field), _m2m_display(newer, field)
        rows.append(
            {
                "name": field.name,
                "label": field.verbose_name,
                "old": "; ".join(old),
                "new": "; ".join(new),
                "changed": old != new,
            }
        )
    return rows + bookkeeping


def _history_m2m_fields(model):
    history_model = model.history.model
    return [field for field in model._meta.many_to_many if field in getattr(history_model, "_history_m2m_fields", [])]


def record_revert(*, record, version, user, expected_revision=None):
    """Restore ``record``'s content to ``version`` as a new version by ``user``; return the record."""
    model = type(record)
    if not isinstance(version, model.history.model) or getattr(version, model._meta.pk.attname) != record.pk:
        raise ValueError("That version belongs to another record.")
    with transaction.atomic(using=record._state.db):
        locked = model._default_manager.select_for_update().get(pk=record.pk)
        if not may_edit(user, locked):
            raise TransitionForbidden(f"You may not change this {model._meta.verbose_name}.")
        if expected_revision is not None and int(expected_revision) != locked.revision:
            raise StaleRecord(stale_message(locked) + " Nothing was reverted; reload the page.")
        for field in model._meta.concrete_fields:
            if field.name not in NOT_REVERTED and field.editable:
                setattr(locked, field.attname, getattr(version, field.attname))
        for field in model._meta.concrete_fields:
            target = getattr(locked, field.attname) if field.many_to_one else None
            if target is not None and not field.related_model._default_manager.filter(pk=target).exists():
                raise TransitionInvalid(
                    f"That version's {field.verbose_name} no longer exists in the archive; nothing was reverted."
                )
        try:
            # another record may hold a value that must be unique by now (a meeting's series and ordinal)
            locked.validate_unique()
            locked.validate_constraints()
        except ValidationError as error:
            problems = "; ".join(message for messages in error.message_dict.values() for message in messages)
            raise TransitionInvalid(f"That version cannot be restored: {problems} Nothing was reverted.") from None
        locked.skip_history_when_saving = True
        try:
            for field in _history_m2m_fields(model):
                target = field.m2m_reverse_field_name()
                ids = [getattr(row, f"{target}_id") for row in getattr(version, field.name).all()]
                # Links to records deleted since that version cannot be restored.
                existing = field.related_model._default_manager.filter(pk__in=ids).values_list("pk", flat=True)
                getattr(locked, field.name).set(list(existing))
        finally:
            del locked.skip_history_when_saving
        when = version.history_date.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        locked._history_user = user
        locked._change_reason = f"Reverted to the version of {when}"
        locked.save()
    return locked


def write_versions(model, created, updated, *, user):
    """One history version per written object, with the links it has, in a few multi-row INSERTs.

    For writers that keep simple-history from recording each save and link change on its own
    (``skip_history_when_saving``): ingest's batches, and the admin, whose one save of a record with
    its links and inline rows is one version.

    The records simple-history's ``bulk_history_create`` writes (tracked fields, the
    object's ``_history_user`` else ``user``, its ``_change_reason``, ``+`` or ``~``),
    without building a model instance per record nor a query per object to read the links back.
    """
    if not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    tracked = [field.attname for field in history.tracked_fields]
    now = timezone.now()
    rows, owners = [], []
    for objects, kind in ((created, "+"), (updated, "~")):
        for instance in objects:
            history_user = getattr(instance, "_history_user", user or history.get_default_history_user(instance))
            row = {attname: getattr(instance, attname) for attname in tracked}
            row.update(
                history_date=getattr(instance, "_history_date", now),
                history_user_id=getattr(history_user, "pk", history_user),
                history_change_reason=getattr(instance, "_change_reason", None) or "",
                history_type=kind,
            )
            rows.append(row)
            owners.append(instance.pk)
    m2m_fields = getattr(history, "_history_m2m_fields", [])
    history_ids = insert_values(history, rows, returning=bool(m2m_fields))
    if not m2m_fields or not rows:
        return
    records = defaultdict(list)  # object pk -> its records (a document created and updated in one batch has two)
    for owner, history_id in zip(owners, history_ids, strict=True):
        records[owner].append(history_id)
    for field in m2m_fields:
        m2m_history = apps.get_model(history._meta.app_label, f"{history.__name__}_{field.name}")
        through = field.remote_field.through
        own = f"{field.m2m_field_name()}_id"
        columns = [f.attname for f in through._meta.fields]
        links = through.objects.filter(**{f"{own}__in": list(records)}).values(*columns)
        insert_values(m2m_history, [{**row, "history_id": h} for row in links for h in records[row[own]]])
