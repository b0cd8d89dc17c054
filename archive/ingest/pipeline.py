"""The pipeline end to end without writing: bytes -> Analysis -> JSON."""

from dataclasses import dataclass

from django.conf import settings

from archive.models import SourceFile

from .errors import IngestError
from .extract import extract
from .read import read_source
from .recognise import recognise
from .reconcile import reconcile


@dataclass
class Analysis:
    name: str
    sha256: str
    source: object  # SourceText
    layout: object
    extraction: object
    reconciliation: object
    reference: object
    stored_name: str | None = None  # the bytes already stored by a worker (pool.py), else stored on writing
    slug: str | None = None  # the document's slug, once worked out (document.py: document_slug)

    @property
    def text(self):
        return self.source.text

    @property
    def warnings(self):
        return [*self.source.warnings, *self.extraction.warnings, *self.reconciliation.warnings]


def prepare(name, data, *, reference, sha256=None):
    """Read, recognise and extract one file, not yet reconciled; IngestError names the file and the reason.

    Depends only on the bytes and the reference's organizations, series and themes (not its
    people), so it may run in another process: see archive/ingest/pool.py.
    """
    source = read_source(name, data, max_bytes=settings.ARCHIVE_MAX_SOURCE_BYTES)
    layout = recognise(source.text)
    extraction = extract(source.text, layout, reference, name=name, mended_breaks=source.mended_breaks)
    sha256 = sha256 or SourceFile.fingerprint(data)
    return Analysis(name, sha256, source, layout, extraction, None, reference)


def reconciled(analysis, reference):
    """``analysis`` matched against the people of ``reference`` as it stands now."""
    analysis.reference = reference
    analysis.reconciliation = reconcile(analysis.extraction, reference)
    return analysis


def analyse(name, data, *, reference):
    """Read, recognise, extract and reconcile one file; IngestError names the file and the reason."""
    return reconciled(prepare(name, data, reference=reference), reference)


def _span(span):
    return list(span) if span else None


def organization_label(reference, key):
    if key is None:
        return None
    entry = reference.organizations.get(key)
    return entry.name if entry else key


def analysis_as_json(analysis):
    """The dry-run record of one file: exactly the keys the ``ingest --json`` documentation lists."""
    x = analysis.extraction
    reference = analysis.reference
    people = []
    for match in analysis.reconciliation.people:
        mention = match.mention
        people.append(
            {
                "name": match.canonical,
                "as_written": mention.as_written,
                "title": mention.title,
                "organization": organization_label(reference, mention.organization or None),
                "country": mention.country or (match.entry.country if match.entry else "") or None,
                "participant": mention.participant,
                "matched": match.entry.slug if match.action == "link" else None,
            }
        )
    city, country = x.location.value or (None, None)
    return {
        "file": analysis.name,
        "sha256": analysis.sha256,
        "format": analysis.layout.format,
        "title": x.title.value,
        "doc_type": x.doc_type.value,
        "publisher": organization_label(reference, x.publisher.value),
        "date": x.date.value.isoformat() if x.date.value else None,
        "date_precision": str(x.date.value.precision) if x.date.value else None,
        "event_date": x.event_date.value.isoformat() if x.event_date.value else None,
        "event_date_precision": str(x.event_date.value.precision) if x.event_date.value else None,
        "location": {"city": city, "country": country},
        "people": people,
        "organizations": [
            {"name": org.name, "acronym": org.acronym, "as_written": org.as_written} for org in x.organizations
        ],
        "meetings": [
            {
                "series": meeting.series_name,
                "ordinal": meeting.ordinal,
                "date": meeting.date.isoformat() if meeting.date else None,
                "date_precision": str(meeting.date.precision) if meeting.date else None,
                "as_written": meeting.as_written,
            }
            for meeting in x.meetings
        ],
        "themes": [slug for slug, _span in x.themes],
        "warnings": analysis.warnings,
        "spans": spans_of(analysis),
    }


def spans_of(analysis):
    """For every extracted value, [start, end] in the read text; lists follow the order of their values."""
    x = analysis.extraction
    return {
        "title": _span(x.title.span),
        "doc_type": _span(x.doc_type.span),
        "publisher": _span(x.publisher.span),
        "date": _span(x.date.span),
        "event_date": _span(x.event_date.span),
        "location": _span(x.location.span),
        "people": [[list(span) for span in m.mention.spans] for m in analysis.reconciliation.people],
        "organizations": [list(org.span) for org in x.organizations],
        "meetings": [list(meeting.span) for meeting in x.meetings],
        "themes": [list(span) for _slug, span in x.themes],
    }


__all__ = ["Analysis", "IngestError", "analyse", "analysis_as_json", "prepare", "reconciled", "spans_of"]
