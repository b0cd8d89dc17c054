"""A source file's bytes are stored once, under their fingerprint, whatever the storage."""

import hashlib
import os
import stat

import pytest
from django.core.files.storage import InMemoryStorage

from archive.ingest import pool
from archive.models import SourceFile


def unsaved(data):
    return SourceFile(sha256=hashlib.sha256(data).hexdigest(), size=len(data))


def test_bytes_are_written_under_their_fingerprint_with_the_storage_file_mode(settings):
    data = "국방부 보도자료\n".encode()
    sha256 = hashlib.sha256(data).hexdigest()
    stored = unsaved(data).store_bytes("../folder/보도자료 1.txt", data)
    assert stored == f"sources/{sha256[:2]}/{sha256}/보도자료_1.txt"
    path = settings.MEDIA_ROOT / stored
    assert path.read_bytes() == data
    assert stat.S_IMODE(path.stat().st_mode) == settings.FILE_UPLOAD_PERMISSIONS


def test_a_name_already_taken_gets_another_and_both_files_are_kept(settings):
    data = b"Readout of the meeting\n"
    first = unsaved(data).store_bytes("readout.txt", data)
    (settings.MEDIA_ROOT / first).write_bytes(b"someone else's bytes")
    second = unsaved(data).store_bytes("readout.txt", data)
    assert second != first and second.startswith(first.rsplit("/", 1)[0] + "/readout_")
    assert (settings.MEDIA_ROOT / first).read_bytes() == b"someone else's bytes"
    assert (settings.MEDIA_ROOT / second).read_bytes() == data


@pytest.mark.parametrize("mode", [0o600, None])
def test_the_configured_file_mode_is_applied(settings, mode):
    settings.FILE_UPLOAD_PERMISSIONS = mode
    data = f"mode {mode}\n".encode()
    path = settings.MEDIA_ROOT / unsaved(data).store_bytes("a.txt", data)
    expected = mode if mode is not None else 0o666 & ~_umask()
    assert stat.S_IMODE(path.stat().st_mode) == expected


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_another_storage_stores_through_django_storage(monkeypatch, settings):
    memory = InMemoryStorage()
    monkeypatch.setattr(SourceFile._meta.get_field("file"), "storage", memory)
    data = b"Joint statement\n"
    stored = unsaved(data).store_bytes("statement.txt", data)
    assert memory.open(stored).read() == data
    assert not (settings.MEDIA_ROOT / "sources").exists()


@pytest.mark.parametrize("niceness", [19, 0])
def test_extraction_workers_run_below_the_writer_priority(settings, niceness):
    settings.ARCHIVE_INGEST_WORKER_NICENESS = niceness
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(1, mp_context=context, initializer=pool._start, initargs=(None,)) as workers:
        worker_niceness = workers.submit(os.nice, 0).result()
    assert worker_niceness == min(19, os.nice(0) + settings.ARCHIVE_INGEST_WORKER_NICENESS)


def test_a_long_korean_file_name_is_cut_to_what_a_file_system_takes(settings):
    from archive.models.sources import stored_file_name

    name = "국방부" * 40 + ".txt"  # 124 characters, 364 bytes of UTF-8
    stored = stored_file_name(name)
    assert stored.endswith("국방부.txt") and len(stored.encode()) <= 200
    data = b"long name\n"
    path = settings.MEDIA_ROOT / unsaved(data).store_bytes(name, data)
    assert path.read_bytes() == data
