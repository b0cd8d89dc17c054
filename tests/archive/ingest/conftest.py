from pathlib import Path

import pytest

from archive.ingest import known
from archive.ingest.read import read_source
from archive.ingest.reference import Entry, Reference

SEEDS = Path(__file__).resolve().parents[3] / "fixtures" / "sources"


def builtin_reference():
    """A Reference of the built-in tables only, for tests that need no database."""
    reference = Reference()
    for key, (name, acronym, country, kind, aliases) in known.ORGANIZATIONS.items():
        reference.add_organization(Entry(key, name, acronym, country, kind, list(aliases)))
    for key, (name, acronym, level, aliases) in known.SERIES.items():
        reference.add_series(Entry(key, name, acronym, "", level, list(aliases)))
    return reference


def read_text(text, name="sample.txt"):
    return read_source(name, text.encode(), max_bytes=5 * 1024 * 1024).text


def iso(value):
    """The ISO form of an extracted date Value, or None."""
    return value.value.isoformat() if value.value else None


def extract_source(text, name="sample.txt", reference=None):
    """(read text, Extraction) of ``text`` read as a file is, words broken at line ends mended and their
    breaks passed on, as the pipeline does; against the built-in tables unless ``reference`` is given."""
    from archive.ingest.extract import extract
    from archive.ingest.recognise import recognise

    source = read_source(name, text.encode(), max_bytes=5 * 1024 * 1024)
    extraction = extract(
        source.text,
        recognise(source.text),
        reference or builtin_reference(),
        name=name,
        mended_breaks=source.mended_breaks,
    )
    return source.text, extraction


def seed_bytes(prefix):
    return next(SEEDS.glob(f"{prefix}_*.txt")).read_bytes()


@pytest.fixture
def reference():
    return builtin_reference()
