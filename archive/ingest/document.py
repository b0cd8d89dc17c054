"""One file's document written as draft: its fields, provenance and links, and the IngestResult saying how it went."""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from django.db import connections, router
from django.utils import timezone

from archive.models import Document, SourceFile
from archive.models.sources import received_name
from archive.workflow import Status

from .bulk import LINK_FIELDS
from .pipeline import spans_of
from .records import _Writer, slug_for


@dataclass
class IngestResult:
    name: str
    status: str  # created, updated, unchanged, failed
    message: str = ""
    document: Document | None = None
    analysis: object = None


def document_fingerprint(document):
    """A digest of the fields ingest writes, to tell whether an editor has changed them since."""
    values = [
        document.title,
        document.doc_type,
        document.publisher_id,
        str(document.publication_date),
        document.publication_precision,
        document.body,
        document.summary,
        document.citation_details,
        document.pages,
        document.language,
    ]
    return hashlib.sha256(json.dumps(values, default=str).encode()).hexdigest()


def changed_since_ingest(document):
    """Whether anyone saved ``document`` after ingest wrote it, or changed the fields ingest writes.

    Ingest records the revision its own save gives the document: any later save (the admin,
    the API, an import, a transition), links included, counts one more. Documents ingested
    before the revision was recorded are judged by the fingerprint of their fields and by
    whether their last history version is ingest's own.
    """
    provenance = document.provenance or {}
    if provenance.get("revision") is not None:
        return provenance["revision"] != document.revision
    if provenance.get("fingerprint") != document_fingerprint(document):
        return True
    # Ingested before the revision was kept: its links are not in the fingerprint, so the last
    # version must be ingest's own ("Ingested from ...").
    last = document.history.order_by("-history_date", "-history_id").first()
    return last is not None and not (last.history_change_reason or "").startswith("Ingested from")


def _provenance(analysis, source, fingerprint):
    x = analysis.extraction
    return {
        "text": "spans index the text read from the source file (decoded, NFC, spaces and hyphens mended)",
        "source_sha256": source.sha256,
        "format": analysis.layout.format,
        "fields": spans_of(analysis),
        "proposals": [
            {
                "as_written": match.mention.as_written,
                "candidates": [{"slug": e.slug, "score": s, "reason": r} for e, s, r in match.proposals],
            }
            for match in analysis.reconciliation.people
            if match.action == "propose"
        ],
        "warnings": analysis.warnings,
        "ingested_at": timezone.now().isoformat(),
        "fingerprint": fingerprint,
        "summary_source": x.summary[:80],
    }


def document_slug(analysis):
    """The slug of the document ``analysis`` gives (its title and date), kept on it: a pool worker works it out."""
    if analysis.slug is None:
        x = analysis.extraction
        analysis.slug = slug_for(f"{x.title.value} {x.date.value.date}")[:200] or "document"
    return analysis.slug


def _write(analysis, data, user, plan=None):
    """Write one file's records; with a ``plan`` the caller has made sure its document is new."""
    base_slug = document_slug(analysis)
    document = None if plan is not None else Document.objects.filter(slug=base_slug).first()
    status = "created"
    if document is not None:
        if document.status != Status.DRAFT or changed_since_ingest(document):
            message = f"{analysis.name}: kept “{document.title}”: an editor has changed it since it was ingested."
            return IngestResult(analysis.name, "unchanged", message, document, analysis), None
        status = "updated"
    else:
        document = Document(slug=base_slug)
    fields = {
        "format": analysis.layout.format,
        "encoding": analysis.source.encoding,
        "warnings": analysis.warnings,
        "received_by": user,
    }
    if analysis.stored_name:
        source = SourceFile(
            name=received_name(analysis.name),
            size=len(data),
            sha256=analysis.sha256,
            file=analysis.stored_name,
            **fields,
        )
    else:
        source = SourceFile.from_bytes(analysis.name, data, **fields)
    try:
        if plan is None:
            source.save()
        else:
            plan.sources.append(source)
        return _write_records(analysis, source, user, document, status, plan)
    except BaseException:
        source.file.storage.delete(source.file.name)
        analysis.stored_name = None
        raise


def _link(document, field_name, pks, plan=None):
    """Add links in one INSERT, skipping those already there (the document's history is written afterwards)."""
    field = Document._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    if plan is not None:
        plan.links.append((document, field_name, pks))
        return
    rows = [through(**{own: document.pk, other: pk}) for pk in dict.fromkeys(pk for pk in pks if pk)]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def _unlink_all(document):
    """Delete the document's link rows, one DELETE a table: link rows have no history of their own (the
    document's version lists its links) and nothing hangs on them; the document's save bumps the public
    version, as the delete signal would."""
    connection = connections[router.db_for_write(Document)]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name in LINK_FIELDS:
            field = Document._meta.get_field(name)
            through = field.remote_field.through
            column = through._meta.get_field(field.m2m_field_name()).column
            cursor.execute(f"DELETE FROM {quote(through._meta.db_table)} WHERE {quote(column)} = %s", [document.pk])  # noqa: S608


def _write_records(analysis, source, user, document, status, plan=None):
    x = analysis.extraction
    writer = _Writer(analysis, user, source, plan)
    document.title = x.title.value[:400]
    document.doc_type = x.doc_type.value
    document.publisher_id = writer.organization(x.publisher.value) if x.publisher.value else None
    document.publication = x.date.value
    document.citation_details = x.citation[:300]
    document.pages = x.pages
    document.language = x.language
    document.body = x.body
    document.summary = x.summary
    document.source_file = source
    document.status = Status.DRAFT
    fingerprint = document_fingerprint(document)
    document.provenance = _provenance(analysis, source, fingerprint)
    document.provenance["revision"] = (document.revision or 0) + 1  # what the save below (or the bulk insert) gives
    if plan is None:
        # One history record once the links are in place, rather than one per save and per link.
        document.skip_history_when_saving = True
        document.save()
    else:
        plan.documents.append(document)

    people, participants = [], []
    for match in analysis.reconciliation.people:
        pk = writer.person(match)
        if pk is None:
            continue
        people.append(pk)
        if match.mention.participant and pk not in {p for p, _m, _o in participants}:
            participants.append((pk, match, writer.organization(match.mention.organization)))
    organizations = [writer.organization(org.key) for org in x.organizations]
    # the meeting's title names everyone taking part, those only proposed as a match too
    named = [m.canonical for m in analysis.reconciliation.people if m.mention.participant]
    meetings = [writer.reported_meeting(participants, named=list(dict.fromkeys(named)))]
    meetings += [writer.referenced_meeting(mention) for mention in x.meetings]
    theme_pks = [pk for slug, pk, _p in analysis.reference.themes if slug in {s for s, _span in x.themes}]
    if status == "updated":  # no one changed it since: the links of the new text replace those of the old
        _unlink_all(document)
    _link(document, "people", people, plan)
    _link(document, "organizations", organizations, plan)
    _link(document, "meetings", meetings, plan)
    _link(document, "themes", theme_pks, plan)
    if plan is None:
        del document.skip_history_when_saving
    document._history_user = user
    document._change_reason = f"Ingested from {Path(source.name).name}"[:100]
    message = f"{analysis.name}: {status} “{document.title}”."
    return IngestResult(analysis.name, status, message, document, analysis), writer
