"""Stage 5, write: a batch of files per transaction, a savepoint per file, everything as draft.

:func:`source_file_ingest` is the one writing path: the ``ingest`` command and
the admin upload page both call it. The same bytes twice change nothing (the
SourceFile's sha256 is unique); a document an editor has changed since it was
ingested, or moved on from draft, is never overwritten by a re-ingest.
"""

import gc
import logging
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction

from archive.dates import PartialDate
from archive.history import write_versions
from archive.models import Document, SourceFile
from meetings.models import Meeting, Participation
from people.models import PersonName

from .bulk import Plan
from .document import IngestResult, _write, document_slug
from .document import document_fingerprint as document_fingerprint  # re-exported: it lived here
from .errors import IngestError
from .pipeline import prepare, reconciled
from .pool import GC_THRESHOLD, prepared_batches
from .records import _Writer as _Writer  # re-exported: tests patch write._Writer
from .records import slug_for as slug_for  # re-exported: it lived here
from .reference import load_reference
from .searchindex import deferred_search_index

logger = logging.getLogger(__name__)

# Files per transaction: large enough that the index refresh and commit are paid rarely, small enough
# that a batch which cannot commit costs little to redo.
BATCH_SIZE = 500
# Below this many files a run is prepared in this process: starting workers would cost more than it saves.
POOL_MIN_FILES = 400


def source_file_ingest(*, name, data, user=None, reference=None, decisions=None):
    """Ingest one file as draft records; an IngestResult says created, updated, unchanged or failed.

    ``decisions`` (from the admin review page) corrects or drops extracted values before writing;
    see :func:`archive.ingest.decisions.apply_decisions`. A batch of one: see :func:`source_files_ingest`.
    """
    reference = reference or load_reference()
    return _batch_ingest([(name, data)], user=user, reference=reference, decisions=decisions)[0]


def failure(name, error):
    """The failed IngestResult of a file whose reading, extraction or writing raised ``error``."""
    if isinstance(error, IngestError):
        return IngestResult(name, "failed", str(error))
    if isinstance(error, IntegrityError):
        return IngestResult(name, "failed", f"{name}: the database refused the records ({error}).")
    logger.error("Ingest of %s failed", name, exc_info=error)
    return IngestResult(name, "failed", f"{name}: could not be ingested ({type(error).__name__}: {error}).")


def prepared(name, data, reference):
    """``prepare`` of one file, or the failed IngestResult saying why it cannot be."""
    try:
        return prepare(name, data, reference=reference)
    except Exception as error:  # one file's surprise must not stop the others
        return failure(name, error)


def _file_ingest(name, data, *, user, reference, decisions=None, created=None, analysis=None):
    """One file under its own savepoint: its failure rolls back only its own rows and stored bytes."""
    sha256 = SourceFile.fingerprint(data)
    if SourceFile.objects.filter(sha256=sha256).exists():
        return IngestResult(name, "unchanged", f"{name}: already ingested (same sha256); nothing changed.")
    try:
        analysis = analysis or prepare(name, data, reference=reference)
        reconciled(analysis, reference)
        if decisions:
            from .decisions import apply_decisions

            apply_decisions(analysis, decisions)
        with transaction.atomic(), deferred_search_index():
            result, writer = _write(analysis, data, user)
    except Exception as error:  # one file's surprise must not stop the others
        reference.written_meetings.clear()  # they may count participants the savepoint rolled back
        return failure(name, error)
    if writer:
        _remember(reference, writer)
        if created is not None:
            created.extend([*writer.created_meetings, *writer.created_participations])
    return result


def _remember(reference, writer, plan=None):
    """Add what a file created to the reference, so later files of the run link to it without a query.

    Within a planned segment a new meeting is still unsaved: the plan swaps in its pk once inserted.
    """
    for key, entry in writer.created_names:
        reference.add_person_name(key, entry)
    reference.person_variants.update(writer.new_variants)
    for meeting in [*writer.created_meetings, *writer.fetched_meetings]:
        if meeting.pk:
            reference.written_meetings[meeting.pk] = meeting
    for meeting, series_pk, number, start, person_pks in writer.new_meetings:
        keys = []
        if series_pk and number:
            reference.meetings_by_number[(series_pk, number)] = meeting
            keys.append((reference.meetings_by_number, (series_pk, number)))
        if series_pk:
            reference.meetings_by_series_date.setdefault((series_pk, start), meeting)
            keys.append((reference.meetings_by_series_date, (series_pk, start)))
        for person_pk in person_pks:
            reference.meetings_by_person_date.setdefault((person_pk, start), meeting)
            keys.append((reference.meetings_by_person_date, (person_pk, start)))
        if plan is not None and not isinstance(meeting, int):
            plan.unresolved += keys
    for entry, org in writer.created_orgs:
        entry.pk, entry.slug = org.pk, org.slug
    for entry, series in writer.created_series:
        entry.pk, entry.slug = series.pk, series.slug


def _segment_ingest(entries, *, user, reference, created):
    """Files whose documents are new, planned in order and inserted in bulk under one savepoint.

    Should anything fail, the savepoint and the stored bytes are discarded, the reference
    is read again and the files are written one by one, so the good ones land and the bad
    one is reported with its reason.
    """
    plan = Plan()
    results, writers = [], []
    try:
        with transaction.atomic(), deferred_search_index():
            for _name, data, analysis in entries:
                reconciled(analysis, reference)
                result, writer = _write(analysis, data, user, plan=plan)
                _remember(reference, writer, plan)
                results.append(result)
                writers.append(writer)
            plan.insert()
    except Exception:
        logger.info("Bulk write of %d files failed; writing them one by one", len(entries), exc_info=True)
        plan.discard_files()
        for _name, _data, analysis in entries:
            analysis.stored_name = None
        reference.__dict__.update(load_reference().__dict__)
        return [
            _file_ingest(name, data, user=user, reference=reference, created=created, analysis=analysis)
            for name, data, analysis in entries
        ]
    plan.resolve(reference)
    created.extend(plan.names)  # their history is written with the batch's, as the meetings'
    for writer in writers:
        created.extend([*writer.created_meetings, *writer.created_participations])
    return results


def _write_batch(items, analyses, *, user, reference, decisions, results, created):
    """Write the prepared files of a batch in order: runs of new documents in bulk, the rest one by one."""
    shas = [None if isinstance(data, IngestResult) else SourceFile.fingerprint(data) for _name, data in items]
    known_sha = set(SourceFile.objects.filter(sha256__in=set(shas) - {None}).values_list("sha256", flat=True))
    seen_sha, seen_slugs, segment, todo = set(), set(), [], []
    for position, ((name, data), sha256) in enumerate(zip(items, shas, strict=True)):
        if sha256 is None:
            results[position] = data
        elif sha256 in known_sha or sha256 in seen_sha:
            results[position] = IngestResult(
                name, "unchanged", f"{name}: already ingested (same sha256); nothing changed."
            )
        else:
            seen_sha.add(sha256)
            if analyses[position] is None:
                analyses[position] = prepared(name, data, reference)
            if isinstance(analyses[position], IngestResult):
                results[position] = analyses[position]
            else:
                todo.append(position)
    slugs = {p: document_slug(analyses[p]) for p in todo}
    existing = set(Document.objects.filter(slug__in=set(slugs.values())).values_list("slug", flat=True))

    def flush():
        if segment:
            written = _segment_ingest([entry for _p, entry in segment], user=user, reference=reference, created=created)
            for (position, _entry), result in zip(segment, written, strict=True):
                results[position] = result
            segment.clear()

    for position in todo:
        (name, data), analysis, slug = items[position], analyses[position], slugs[position]
        if decisions or slug in existing or slug in seen_slugs:
            flush()
            results[position] = _file_ingest(
                name, data, user=user, reference=reference, decisions=decisions, created=created, analysis=analysis
            )
        else:
            segment.append((position, (name, data, analysis)))
        seen_slugs.add(slug)
    flush()


def _batch_ingest(items, *, user, reference, decisions=None, analyses=None):
    """Files ingested in one transaction; history and search index brought current at its end.

    ``items`` are (name, bytes or failed IngestResult); ``analyses`` their prepared
    Analyses or failures (from the pool), else each file is prepared here once it is
    known not to be ingested already. Should the batch itself fail to
    commit, its stored bytes are deleted and every file it wrote is reported failed,
    so no result claims a record that is not there.
    """
    analyses = list(analyses) if analyses is not None else [None] * len(items)
    results = [None] * len(items)
    try:
        with transaction.atomic(), deferred_search_index():
            created = []
            _write_batch(
                items, analyses, user=user, reference=reference, decisions=decisions, results=results, created=created
            )
            documents = {
                status: [r.document for r in results if r.status == status] for status in ("created", "updated")
            }
            write_versions(Document, documents["created"], documents["updated"], user=user)
            write_versions(Meeting, [m for m in created if isinstance(m, Meeting)], [], user=user)
            write_versions(Participation, [p for p in created if isinstance(p, Participation)], [], user=user)
            write_versions(PersonName, [n for n in created if isinstance(n, PersonName)], [], user=user)
    except Exception as error:
        logger.exception("Ingest batch of %d files failed", len(items))
        for position, result in enumerate(results):
            name = items[position][0]
            if result is None:
                results[position] = IngestResult(
                    name, "failed", f"{name}: not ingested ({type(error).__name__}: {error})."
                )
            elif result.status in {"created", "updated"}:
                source = result.document.source_file
                source.file.storage.delete(source.file.name)
                results[position] = IngestResult(
                    name, "failed", f"{name}: could not be ingested ({type(error).__name__}: {error})."
                )
        reference.__dict__.update(load_reference().__dict__)
    _remove_unused_files(analyses, results)
    return results


def _remove_unused_files(analyses, results):
    """Delete the bytes a worker stored for files that were not written (already ingested, refused, failed)."""
    kept = {r.document.source_file.file.name for r in results if r.status in {"created", "updated"}}
    storage = SourceFile._meta.get_field("file").storage
    for analysis in analyses:
        stored = getattr(analysis, "stored_name", None)
        if stored and stored not in kept:
            storage.delete(stored)


def source_files_ingest(
    *, files, user=None, reference=None, progress=None, batch_size=BATCH_SIZE, workers=None, pool_min_files=None
):
    """Ingest (name, bytes or Path) pairs, ``batch_size`` files per transaction; returns the IngestResults.

    Each file is written whole or not at all; a bad file does not stop the others. A Path
    over the size limit is refused without being read into memory. A run of at least
    ``pool_min_files`` (POOL_MIN_FILES) files is read, recognised and extracted by ``workers``
    processes (setting ARCHIVE_INGEST_WORKERS) while this one reconciles and writes: the same
    results as one process, see archive/ingest/pool.py.
    """
    reference = reference or load_reference()
    workers = settings.ARCHIVE_INGEST_WORKERS if workers is None else workers
    pool_min_files = POOL_MIN_FILES if pool_min_files is None else pool_min_files
    files = list(files)
    items = ((name, _read_path(name, data) if isinstance(data, Path) else data) for name, data in files)
    if workers > 1 and len(files) >= pool_min_files:
        batches = prepared_batches(items, reference=reference, batch_size=batch_size, workers=workers)
    else:
        batches = ((batch, None) for batch in _batched(items, batch_size))
    results = []
    with fewer_collections():
        for batch, analyses in batches:
            for result in _batch_ingest(batch, user=user, reference=reference, analyses=analyses):
                results.append(result)
                if progress:
                    progress(result)
    return results


@contextmanager
def fewer_collections():
    """Collect cyclic garbage less often during a run.

    A run keeps many objects alive (the reference, a batch's records), which every full
    collection walks again: a fifth of the writing time at the default thresholds. What
    is alive at the start is set aside (gc.freeze) and collections wait for more allocations.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _batched(items, size):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _read_path(name, path):
    """The bytes of ``path``, or the failed IngestResult saying why they cannot be read."""
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
