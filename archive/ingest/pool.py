"""Read, recognise and extract in worker processes while the main process reconciles and writes.

Those three stages depend only on a file's bytes and on the reference's
organizations, series and themes, which a run does not change, so a worker
forked with the run's reference gives exactly what the main process would.
Reconciliation stays in the main process, in file order, because it depends on
the people the files before created. Workers never touch the database (a forked
connection is left alone) and send back each file's Analysis without its
reference, or the failed IngestResult. Chunks are submitted a batch ahead of the
writer, so the workers extract the next batch while the current one is written,
and a long run never holds more than two batches in memory.
"""

import gc
import logging
import multiprocessing
import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from itertools import islice

CHUNK_SIZE = 25  # files per task: large enough that the hand-over costs little, small enough to keep both busy
AHEAD = 4  # tasks in flight per worker, at the least
GC_THRESHOLD = 50_000  # allocations between young-generation collections during a run (Python's default: 700)

logger = logging.getLogger(__name__)
_reference = None


def _start(reference):
    global _reference
    _reference = reference
    from django.conf import settings

    # The lowest priority by default: the writer is the run's critical path (it writes in file order)
    # and with every core busy it would wait its turn behind the workers, which keep a batch ahead of
    # it and lose nothing by yielding. On a machine busy with other work, set 0.
    os.nice(settings.ARCHIVE_INGEST_WORKER_NICENESS)
    gc.freeze()  # what the fork inherited is never collected: fewer pages copied, shorter collections
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _prepare_chunk(chunk):
    """Each file's Analysis, its bytes already stored (the writer removes those it does not keep)."""
    from archive.models import SourceFile
    from archive.models.sources import received_name

    from .document import IngestResult, document_slug
    from .write import failure, prepared

    out = []
    for name, data in chunk:
        analysis = data if isinstance(data, IngestResult) else prepared(name, data, _reference)
        if not isinstance(analysis, IngestResult):
            analysis.reference = None  # the main process has its own, and it is large
            source = SourceFile(name=received_name(name), size=len(data), sha256=analysis.sha256)
            try:
                analysis.stored_name = source.store_bytes(name, data)
            except Exception as error:  # the storage refused this file (full, unwritable, remote error): it alone fails
                analysis = failure(name, error)
            else:
                document_slug(analysis)  # worked out here rather than by the writer
        out.append(analysis)
    return out


def _prepare_here(chunk, reference):
    from .document import IngestResult
    from .write import prepared

    return [data if isinstance(data, IngestResult) else prepared(name, data, reference) for name, data in chunk]


def prepared_batches(items, *, reference, batch_size, workers):
    """Yield (batch of (name, bytes or failed IngestResult), their prepared Analyses) in file order.

    Should a worker die (killed, out of memory), the files it held and those after are
    prepared in this process instead: the run goes on, only slower.
    """
    reference.organization_regex()  # compiled once, before the fork, rather than in every worker
    reference.series_regex()
    chunks = iter(lambda: list(islice(items, CHUNK_SIZE)), [])
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_start, initargs=(reference,))
    with pool:
        pending = deque()
        broken = False

        def submit():
            chunk = next(chunks, None)
            if chunk is not None:
                pending.append((chunk, None if broken else pool.submit(_prepare_chunk, chunk)))

        # Enough in flight for the workers to prepare the next batch while this one is written.
        for _ in range(max(workers * AHEAD, -(-batch_size // CHUNK_SIZE) + workers)):
            submit()
        batch, analyses = [], []
        while pending:
            chunk, future = pending.popleft()
            try:
                done = future.result() if future else _prepare_here(chunk, reference)
            except BrokenProcessPool:
                logger.warning("An ingest worker process died; the rest of the run is prepared in this process")
                broken = True
                done = _prepare_here(chunk, reference)
            submit()
            for item, analysis in zip(chunk, done, strict=True):
                batch.append(item)
                analyses.append(analysis)
                if len(batch) >= batch_size:
                    yield batch, analyses
                    batch, analyses = [], []
        if batch:
            yield batch, analyses
