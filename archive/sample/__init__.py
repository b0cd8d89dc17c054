"""Loading the reference data and the curated sample collection.

``fixtures/reference/`` holds the authority data every archive starts with
(policy themes, meeting series, organizations); ``fixtures/sample/`` holds the
published sample collection made by hand from the files in
``fixtures/sources/``. Records are keyed by slug (source files by the sha256
of their bytes) and refer to each other by slug, so :func:`sample_load` can
run any number of times: the second run creates and changes nothing.
"""

from django.conf import settings
from django.db import transaction

from .loaders import (
    load_documents,
    load_meetings,
    load_organizations,
    load_people,
    load_series,
    load_sources,
    load_themes,
)
from .reading import FixtureReader, SampleDataError
from .upsert import LoadReport

__all__ = ["LoadReport", "SampleDataError", "reference_load", "sample_load"]

THEME_FIELDS = (("name",), ("description", "keywords", "parent"))
SERIES_FIELDS = (("name", "definition"), ("acronym", "level", "established"))
ORGANIZATION_FIELDS = (("name",), ("acronym", "country", "kind", "parent", "description"))
SOURCE_FIELDS = ((), ("format", "encoding", "warnings"))
PERSON_FIELDS = (
    ("display_name",),
    ("hangul_name", "family_name", "given_name", "country", "biography", "names", "appointments"),
)
MEETING_FIELDS = (
    ("title", "start"),
    ("series", "ordinal", "end", "city", "country", "kind", "summary", "outcomes", "themes", "participants"),
)
DOCUMENT_FIELDS = (
    ("title", "type", "publication", "body_file"),
    (
        "publisher",
        "source_url",
        "citation_details",
        "pages",
        "language",
        "source",
        "summary",
        "themes",
        "people",
        "organizations",
        "meetings",
    ),
)


def default_fixtures_dir():
    return settings.BASE_DIR / "fixtures"


def _read(reader, path, fields):
    required, optional = fields
    return reader.records(path, required=required, optional=optional)


def _reference(reader, report):
    return {
        "theme": load_themes(_read(reader, "reference/themes.json", THEME_FIELDS), report),
        "series": load_series(_read(reader, "reference/series.json", SERIES_FIELDS), report),
        "organization": load_organizations(_read(reader, "reference/organizations.json", ORGANIZATION_FIELDS), report),
    }


def _load(reference_only, fixtures_dir, dry_run):
    reader = FixtureReader(fixtures_dir or default_fixtures_dir())
    report = LoadReport()
    try:
        with transaction.atomic():
            refs = _reference(reader, report)
            if not reference_only:
                _sample(reader, refs, report)
            if dry_run:
                transaction.set_rollback(True)
    except BaseException:
        report.discard_stored_files()
        raise
    if dry_run:
        report.discard_stored_files()
    return report


def _sample(reader, refs, report):
    refs["source file"] = load_sources(_read(reader, "sample/sources.json", SOURCE_FIELDS), reader, report)
    refs["person"] = load_people(
        _read(reader, "sample/people.json", PERSON_FIELDS), refs["organization"], refs["source file"], report
    )
    refs["meeting"] = load_meetings(
        _read(reader, "sample/meetings.json", MEETING_FIELDS),
        refs["series"],
        refs["person"],
        refs["organization"],
        refs["theme"],
        report,
    )
    load_documents(_read(reader, "sample/documents.json", DOCUMENT_FIELDS), reader, refs, report)


def reference_load(*, fixtures_dir=None, dry_run=False):
    """Load only the reference data (themes, meeting series, organizations), in one transaction."""
    return _load(True, fixtures_dir, dry_run)


def sample_load(*, fixtures_dir=None, dry_run=False):
    """Load the reference data and the published sample collection in one transaction.

    Returns a :class:`LoadReport` of created, updated and unchanged records per
    kind. Raises :class:`SampleDataError` naming the file, record and field of
    the first problem, leaving the database (and storage) as it was. With
    ``dry_run`` the counts are those a real load would give, and nothing is kept.
    """
    return _load(False, fixtures_dir, dry_run)
