"""Stage 5, write: a batch of files per transaction, a savepoint per file, everything as draft.

:func:`source_file_ingest` is the one writing path: the ``ingest`` command and
the admin upload page both call it. The same bytes twice change nothing (the
SourceFile's sha256 is unique); a document an editor has changed since it was
ingested, or moved on from draft, is never overwritten by a re-ingest.
"""

import hashlib
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from archive.dates import PartialDate
from archive.models import Document, SourceFile
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from meetings.models import ordinal as ordinal_label
from people.models import Organization, Person, PersonName
from people.names import name_key

from .errors import IngestError
from .pipeline import analyse, spans_of
from .reference import PersonEntry, family_key, load_reference
from .searchindex import deferred_search_index

logger = logging.getLogger(__name__)

# Files per transaction: large enough that the index refresh and commit are paid rarely, small enough
# that a batch which cannot commit costs little to redo.
BATCH_SIZE = 200


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


def slug_for(text):
    """A slug for any text: words not written in Latin letters (Hangul) are stood for by a short digest."""
    latin = slugify(text)
    if re.sub(r"[\W\d_]", "", text).isascii():
        return latin
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{latin}-{digest}" if latin else digest


def _unique_slug(model, base, *, exclude_pk=None):
    base = (slug_for(base) or model._meta.model_name)[:190]
    slug, number = base, 2
    queryset = model.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


class _Writer:
    def __init__(self, analysis, user, source):
        self.analysis = analysis
        self.reference = analysis.reference
        self.user = user
        self.source = source
        self.created_people = []
        self.created_orgs = []
        self.created_series = []
        self.new_variants = set()
        self.new_meetings = []  # (meeting pk, series pk, ordinal, start date, person pks)
        self.created_meetings = []  # their history is written in bulk at the end of the batch
        self.created_participations = []

    def organization(self, key):
        if not key:
            return None
        entry = self.reference.organizations.get(key)
        if entry is None:
            return None
        if entry.pk:
            return entry.pk
        found = Organization.objects.filter(name=entry.name).only("pk").first()
        if found is None:
            found = Organization.objects.create(
                name=entry.name,
                acronym=entry.acronym,
                slug=_unique_slug(Organization, entry.name),
                country=entry.country,
                kind=entry.kind or Organization.Kind.OTHER,
                description="",
            )
        self.created_orgs.append((entry, found))
        return found.pk

    def series(self, key):
        entry = self.reference.series.get(key)
        if entry is None:
            return None
        if entry.pk:
            return entry.pk
        found = MeetingSeries.objects.filter(name=entry.name).only("pk").first()
        if found is None:
            found = MeetingSeries.objects.create(
                name=entry.name,
                acronym=entry.acronym,
                slug=_unique_slug(MeetingSeries, entry.name),
                level=entry.kind or MeetingSeries.Level.MINISTERIAL,
                definition=f"Created by ingest from {self.source.name}; the definition is still to be written.",
            )
        self.created_series.append((entry, found))
        return found.pk

    def person(self, match):
        mention = match.mention
        if match.action == "link":
            pk = match.entry.pk
            if (pk, mention.name) not in self.reference.person_variants:
                if not PersonName.objects.filter(person_id=pk, name=mention.name).exists():
                    PersonName.objects.create(person_id=pk, name=mention.name, source=self.source)
                self.new_variants.add((pk, mention.name))
            return pk
        if match.action != "create":
            return None
        for person, _entry in self.created_people:
            if name_key(person.display_name) == name_key(mention.name):
                return person.pk
        display = match.canonical
        hangul = mention.name if mention.name and "\uac00" <= mention.name[0] <= "\ud7a3" else ""
        person = Person(
            display_name=display,
            hangul_name=hangul,
            slug=_unique_slug(Person, display),
            country=mention.country,
            status=Status.DRAFT,
        )
        person._history_user = self.user
        person.save()
        self.new_variants.update({(person.pk, display), (person.pk, mention.name)})
        PersonName.objects.create(person=person, name=display, is_preferred=True, source=self.source)
        if mention.name != display:
            PersonName.objects.create(person=person, name=mention.name, source=self.source)
        entry = PersonEntry(person.pk, person.slug, display, person.country, family_key(display, person.country))
        self.created_people.append((person, entry))
        return person.pk

    def reported_meeting(self, participants):
        x = self.analysis.extraction
        event = x.event_date.value
        if not participants or event is None:
            return None
        reported = x.reported_series
        meeting = None
        series_pk = self.series(reported.series_key) if reported else None
        known = None
        if series_pk and reported.ordinal:
            known = self.reference.meetings_by_number.get((series_pk, reported.ordinal))
        for pk, _m, _o in participants:
            known = known or self.reference.meetings_by_person_date.get((pk, event.date))
        if known:
            meeting = Meeting.objects.filter(pk=known).first()
        city, country = x.location.value or ("", "")
        if meeting is None:
            if series_pk and reported.ordinal:
                title = f"{ordinal_label(reported.ordinal)} {reported.series_name}"
            elif series_pk:
                title = f"{reported.series_name}, {event}"
            else:
                names = [m.canonical for _pk, m, _o in participants]
                title = " and ".join(names[:2]) + (" and others" if len(names) > 2 else "") + " meeting"
                title += f" in {city}" if city else ""
            meeting = Meeting(
                series_id=series_pk,
                ordinal=reported.ordinal if series_pk and reported else None,
                title=title[:300],
                city=city or "",
                country=country or "",
                kind=x.meeting_kind,
                summary=x.summary,
                status=Status.DRAFT,
            )
            meeting.start = event
            meeting.slug = _unique_slug(Meeting, f"{title} {event.date}")
            meeting._history_user = self.user
            meeting.skip_history_when_saving = True
            meeting.save()
            del meeting.skip_history_when_saving
            self.created_meetings.append(meeting)
        self.new_meetings.append(
            (meeting.pk, meeting.series_id, meeting.ordinal, meeting.start_date, [pk for pk, _m, _o in participants])
        )
        if meeting.status == Status.DRAFT:
            created = bool(self.created_meetings) and self.created_meetings[-1] is meeting
            present = set() if created else set(meeting.participations.values_list("person_id", flat=True))
            rows = [
                Participation(
                    meeting=meeting,
                    person_id=pk,
                    organization_id=org_pk,
                    role=match.mention.title[:200],
                    side=match.mention.country or "",
                    order=order,
                )
                for order, (pk, match, org_pk) in enumerate(participants, start=1)
                if pk not in present
            ]
            if rows:
                Participation.objects.bulk_create(rows)
                self.created_participations.extend(rows)
        return meeting.pk

    def referenced_meeting(self, mention):
        series_pk = self.series(mention.series_key)
        if series_pk is None:
            return None
        if mention.ordinal:
            known = self.reference.meetings_by_number.get((series_pk, mention.ordinal))
        elif mention.date:
            known = self.reference.meetings_by_series_date.get((series_pk, mention.date.date))
        else:
            return None
        if known:
            return known
        if mention.date is None:
            return None
        if mention.ordinal:
            title = f"{ordinal_label(mention.ordinal)} {mention.series_name}"
        else:
            title = f"{mention.series_name}, {mention.date}"
        meeting = Meeting(
            series_id=series_pk,
            ordinal=mention.ordinal,
            title=title,
            status=Status.DRAFT,
            summary=f"Referred to in {self.source.name}: “{mention.as_written}”.",
        )
        meeting.start = mention.date
        meeting.slug = _unique_slug(Meeting, f"{title} {mention.date.date}")
        meeting._history_user = self.user
        meeting.skip_history_when_saving = True
        meeting.save()
        del meeting.skip_history_when_saving
        self.created_meetings.append(meeting)
        self.new_meetings.append((meeting.pk, series_pk, mention.ordinal, meeting.start_date, []))
        return meeting.pk


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


def _write(analysis, data, user):
    x = analysis.extraction
    base_slug = slug_for(f"{x.title.value} {x.date.value.date}")[:200] or "document"
    document = Document.objects.filter(slug=base_slug).first()
    status = "created"
    if document is not None:
        stored = (document.provenance or {}).get("fingerprint")
        if document.status != Status.DRAFT or stored != document_fingerprint(document):
            message = f"{analysis.name}: kept “{document.title}”: an editor has changed it since it was ingested."
            return IngestResult(analysis.name, "unchanged", message, document, analysis), None
        status = "updated"
    else:
        document = Document(slug=base_slug)
    source = SourceFile.from_bytes(
        analysis.name,
        data,
        format=analysis.layout.format,
        encoding=analysis.source.encoding,
        warnings=analysis.warnings,
        received_by=user,
    )
    try:
        source.save()
        return _write_records(analysis, source, user, document, status)
    except BaseException:
        source.file.storage.delete(source.file.name)
        raise


def _link(document, field_name, pks):
    """Add links in one INSERT, skipping those already there (the document's history is written afterwards)."""
    field = Document._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
    rows = [through(**{own: document.pk, other: pk}) for pk in dict.fromkeys(pk for pk in pks if pk)]
    through.objects.bulk_create(rows, ignore_conflicts=True)


def _write_records(analysis, source, user, document, status):
    x = analysis.extraction
    writer = _Writer(analysis, user, source)
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
    # One history record once the links are in place, rather than one per save and per link.
    document.skip_history_when_saving = True
    document.save()

    people, participants = [], []
    for match in analysis.reconciliation.people:
        pk = writer.person(match)
        if pk is None:
            continue
        people.append(pk)
        if match.mention.participant and pk not in {p for p, _m, _o in participants}:
            participants.append((pk, match, writer.organization(match.mention.organization)))
    organizations = [writer.organization(org.key) for org in x.organizations]
    meetings = [writer.reported_meeting(participants)]
    meetings += [writer.referenced_meeting(mention) for mention in x.meetings]
    theme_pks = [pk for slug, pk, _p in analysis.reference.themes if slug in {s for s, _span in x.themes}]
    _link(document, "people", people)
    _link(document, "organizations", organizations)
    _link(document, "meetings", meetings)
    _link(document, "themes", theme_pks)
    document.save(update_fields=["provenance", "updated_at"])
    del document.skip_history_when_saving
    document._history_user = user
    document._change_reason = f"Ingested from {Path(source.name).name}"[:100]
    message = f"{analysis.name}: {status} “{document.title}”."
    return IngestResult(analysis.name, status, message, document, analysis), writer


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
