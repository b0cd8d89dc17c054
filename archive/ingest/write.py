"""Stage 5, write: a batch of files per transaction, a savepoint per file, everything as draft.

:func:`source_file_ingest` is the one writing path: the ``ingest`` command and
the admin upload page both call it. The same bytes twice change nothing (the
SourceFile's sha256 is unique); a document an editor has changed since it was
ingested, or moved on from draft, is never overwritten by a re-ingest.
"""

import logging
from collections import defaultdict
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction

from archive.dates import PartialDate
from archive.models import Document, SourceFile
from meetings.models import Meeting, Participation

from .document import IngestResult, _write
from .document import document_fingerprint as document_fingerprint  # re-exported: it lived here
from .errors import IngestError
from .pipeline import analyse
from .records import _Writer as _Writer  # re-exported: tests patch write._Writer
from .records import slug_for as slug_for  # re-exported: it lived here
from .reference import load_reference
from .searchindex import deferred_search_index

logger = logging.getLogger(__name__)

# Files per transaction: large enough that the index refresh and commit are paid rarely, small enough
# that a batch which cannot commit costs little to redo.
BATCH_SIZE = 200


def source_file_ingest(*, name, data, user=None, reference=None, decisions=None):
    """Ingest one file as draft records; an IngestResult says created, updated, unchanged or failed.

    ``decisions`` (from the admin review page) corrects or drops extracted values before writing;
    see :func:`archive.ingest.decisions.apply_decisions`. A batch of one: see :func:`source_files_ingest`.
    """
    reference = reference or load_reference()
    return _batch_ingest([(name, data)], user=user, reference=reference, decisions=decisions)[0]


def _file_ingest(name, data, *, user, reference, decisions=None, created=None):
    """One file under its own savepoint: its failure rolls back only its own rows and stored bytes."""
    sha256 = SourceFile.fingerprint(data)
    if SourceFile.objects.filter(sha256=sha256).exists():
        return IngestResult(name, "unchanged", f"{name}: already ingested (same sha256); nothing changed.")
    try:
        analysis = analyse(name, data, reference=reference)
        if decisions:
            from .decisions import apply_decisions

            apply_decisions(analysis, decisions)
        with transaction.atomic(), deferred_search_index():
            result, writer = _write(analysis, data, user)
    except IngestError as error:
        return IngestResult(name, "failed", str(error))
    except IntegrityError as error:
        return IngestResult(name, "failed", f"{name}: the database refused the records ({error}).")
    except Exception as error:  # one file's surprise must not stop the others
        logger.exception("Ingest of %s failed", name)
        return IngestResult(name, "failed", f"{name}: could not be ingested ({type(error).__name__}: {error}).")
    if writer:
        _remember(reference, writer)
        if created is not None:
            created.extend([*writer.created_meetings, *writer.created_participations])
    return result


def _remember(reference, writer):
    """Add what a file created to the reference, so later files of the run link to it without a query."""
    for person, entry in writer.created_people:
        for variant in person.names.values_list("key", flat=True):
            reference.add_person_name(variant, entry)
    reference.person_variants.update(writer.new_variants)
    for pk, series_pk, number, start, person_pks in writer.new_meetings:
        if series_pk and number:
            reference.meetings_by_number[(series_pk, number)] = pk
        if series_pk:
            reference.meetings_by_series_date.setdefault((series_pk, start), pk)
        for person_pk in person_pks:
            reference.meetings_by_person_date.setdefault((person_pk, start), pk)
    for entry, org in writer.created_orgs:
        entry.pk, entry.slug = org.pk, org.slug
    for entry, series in writer.created_series:
        entry.pk, entry.slug = series.pk, series.slug


def _batch_ingest(items, *, user, reference, decisions=None):
    """Files ingested in one transaction, a savepoint each; the search index brought current at its end.

    Should the batch itself fail to commit, its stored bytes are deleted and every
    file it wrote is reported failed, so no result claims a record that is not there.
    """
    results = []
    try:
        with transaction.atomic(), deferred_search_index():
            created = []
            for name, data in items:
                results.append(
                    _file_ingest(name, data, user=user, reference=reference, decisions=decisions, created=created)
                )
            documents = {
                status: [r.document for r in results if r.status == status] for status in ("created", "updated")
            }
            _history_create(Document, documents["created"], documents["updated"], user=user)
            _history_create(Meeting, [m for m in created if isinstance(m, Meeting)], [], user=user)
            _history_create(Participation, [p for p in created if isinstance(p, Participation)], [], user=user)
    except Exception as error:
        logger.exception("Ingest batch of %d files failed", len(items))
        for position, result in enumerate(results):
            if result.status in {"created", "updated"}:
                source = result.document.source_file
                source.file.storage.delete(source.file.name)
                results[position] = IngestResult(
                    result.name, "failed", f"{result.name}: could not be ingested ({type(error).__name__}: {error})."
                )
        reference.__dict__.update(load_reference().__dict__)
        for name, _data in items[len(results) :]:
            results.append(IngestResult(name, "failed", f"{name}: not ingested ({type(error).__name__}: {error})."))
    return results


def _history_create(model, created, updated, *, user):
    """One history record per written object, with the links it has, in a few bulk inserts per batch.

    The same records simple-history writes on save, without its queries per object to read the links back.
    """
    history = model.history.model
    records = defaultdict(list)  # object pk -> its records (a document created and updated in one batch has two)
    for objects, update in ((created, False), (updated, True)):
        if objects:
            for record in model.history.bulk_history_create(objects, update=update, default_user=user):
                records[record.id].append(record)
    if not records:
        return
    for field in getattr(history, "_history_m2m_fields", []):
        m2m_history = apps.get_model(history._meta.app_label, f"{history.__name__}_{field.name}")
        through = field.remote_field.through
        own = f"{field.m2m_field_name()}_id"
        columns = [f.attname for f in through._meta.fields]
        rows = through.objects.filter(**{f"{own}__in": list(records)}).values(*columns)
        m2m_history.objects.bulk_create([m2m_history(history=r, **row) for row in rows for r in records[row[own]]])


def source_files_ingest(*, files, user=None, reference=None, progress=None, batch_size=BATCH_SIZE):
    """Ingest (name, bytes or Path) pairs, ``batch_size`` files per transaction; returns the IngestResults.

    Each file is written whole or not at all (its own savepoint); a bad file does not
    stop the others. A Path over the size limit is refused without being read into memory.
    """
    reference = reference or load_reference()
    results = []
    batch = []

    def flush():
        for result in _batch_ingest(batch, user=user, reference=reference):
            results.append(result)
            if progress:
                progress(result)
        batch.clear()

    for name, data in files:
        if isinstance(data, Path):
            data = _read_path(name, data)
            if isinstance(data, IngestResult):
                flush()
                results.append(data)
                if progress:
                    progress(data)
                continue
        batch.append((name, data))
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return results


def _read_path(name, path):
    limit = settings.ARCHIVE_MAX_SOURCE_BYTES
    try:
        size = path.stat().st_size
        if size <= limit:
            return path.read_bytes()
        reason = f"the file is {size:,} bytes, over the limit of {limit:,} bytes"
    except OSError as error:
        reason = f"cannot be read ({error.strerror})"
    return IngestResult(name, "failed", f"{name}: {reason}")


__all__ = ["BATCH_SIZE", "IngestResult", "PartialDate", "source_file_ingest", "source_files_ingest"]
