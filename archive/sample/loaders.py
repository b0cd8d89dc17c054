"""One loader per kind of record; each upserts by natural key and reports counts."""

from django.core.files.base import ContentFile
from modelsearch import index

from archive.models import Document, PolicyTheme, SourceFile
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Appointment, Organization, Person, PersonName

from .reading import Record
from .upsert import CREATED, UPDATED, date_values, resolve, sync_many, upsert, validate

PUBLISHED = {"status": Status.PUBLISHED, "publish_at": None}


def _parents_first(records):
    """Records ordered so that a parent in the same file comes before its children."""
    ordered, placed, visiting = [], set(), set()

    def place(key):
        if key in placed:
            return
        if key in visiting:
            raise records[key].error("parent", "the parents form a cycle.")
        visiting.add(key)
        parent = records[key].fields.get("parent")
        if parent in records:
            place(parent)
        visiting.discard(key)
        placed.add(key)
        ordered.append(records[key])

    for key in records:
        place(key)
    return ordered


def _with_parents(records, model, kind, report, values_of):
    by_slug = {obj.slug: obj for obj in model.objects.all()}
    for record in _parents_first(records):
        parent_slug = record.fields.get("parent")
        parent = resolve(record, "parent", parent_slug, by_slug, kind) if parent_slug else None
        obj, outcome = upsert(model, {"slug": record.key}, {**values_of(record), "parent": parent}, record)
        by_slug[obj.slug] = obj
        report.add(kind, outcome)
    return by_slug


def load_themes(records, report):
    return _with_parents(
        records,
        PolicyTheme,
        "theme",
        report,
        lambda r: {"name": r.text("name"), "description": r.text("description"), "keywords": r.lines("keywords")},
    )


def load_organizations(records, report):
    return _with_parents(
        records,
        Organization,
        "organization",
        report,
        lambda r: {
            "name": r.text("name"),
            "acronym": r.text("acronym"),
            "country": r.text("country"),
            "kind": r.text("kind", Organization.Kind.OTHER),
            "description": r.text("description"),
        },
    )


def load_series(records, report):
    for record in records.values():
        values = {
            "name": record.text("name"),
            "acronym": record.text("acronym"),
            "level": record.text("level", MeetingSeries.Level.MINISTERIAL),
            "definition": record.text("definition"),
            "established": record.integer("established"),
        }
        _, outcome = upsert(MeetingSeries, {"slug": record.key}, values, record)
        report.add("series", outcome)
    return {obj.slug: obj for obj in MeetingSeries.objects.all()}


def load_sources(records, reader, report):
    """Source files keyed by file name in the fixtures, by sha256 in the database."""
    by_name = {}
    for record in records.values():
        data = reader.read_bytes(f"sources/{record.key}", key=record.key, referrer=record.path)
        sha256 = SourceFile.fingerprint(data)
        fields = {
            "format": record.text("format", SourceFile.Format.GENERIC),
            "encoding": record.text("encoding"),
            "warnings": record.fields.get("warnings", []),
        }
        source = SourceFile.objects.filter(sha256=sha256).first()
        if source is None:
            source = SourceFile.from_bytes(record.key, data, **fields)
            report.stored_files.append((source.file.storage, source.file.name))
            validate(source, record, exclude=["file"])
            source.save()
            outcome = CREATED
        else:
            source, outcome = upsert(
                SourceFile, {"sha256": sha256}, {"name": record.key, **fields}, record, exclude_from_validation=["file"]
            )
            if not source.file or not source.file.storage.exists(source.file.name):
                source.file.save(record.key, ContentFile(data), save=True)
                report.stored_files.append((source.file.storage, source.file.name))
                outcome = UPDATED
        by_name[record.key] = source
        report.add("source file", outcome)
    return by_name


def load_people(records, organizations, sources, report):
    by_slug = {obj.slug: obj for obj in Person.objects.all()}
    for record in records.values():
        values = {
            "display_name": record.text("display_name"),
            "hangul_name": record.text("hangul_name"),
            "family_name": record.text("family_name"),
            "given_name": record.text("given_name"),
            "country": record.text("country"),
            "biography": record.text("biography"),
            **PUBLISHED,
        }
        person, outcome = upsert(Person, {"slug": record.key}, values, record)
        report.add("person", outcome)
        if outcome == CREATED:
            _load_names(person, record, sources, report)
            # The search index holds the name variants with the person.
            index.insert_or_update_object(person)
            _load_appointments(person, record, organizations, report)
        by_slug[person.slug] = person
    return by_slug


def _load_names(person, record, sources, report):
    names = record.objects("names")
    for position, entry in enumerate(names):
        if set(entry) - {"name", "preferred", "source", "note", "script"} or not isinstance(entry.get("name"), str):
            raise record.error(
                f"names[{position}]",
                "a name variant has a text 'name' and optional 'preferred', 'source', 'note', 'script'.",
            )
    if sum(bool(entry.get("preferred")) for entry in names) > 1:
        raise record.error("names", "only one name variant may be preferred.")
    for position, entry in enumerate(names):
        field = f"names[{position}]"
        source = (
            resolve(record, f"{field}.source", entry["source"], sources, "source file") if entry.get("source") else None
        )
        values = {"is_preferred": bool(entry.get("preferred")), "source": source, "note": entry.get("note", "")}
        if entry.get("script"):
            values["script"] = entry["script"]
        _, outcome = upsert(PersonName, {"person": person, "name": entry["name"]}, values, record)
        report.add("name variant", outcome)


def _load_appointments(person, record, organizations, report):
    """Appointments keyed by (person, title, start date)."""
    for position, entry in enumerate(record.objects("appointments")):
        field = f"appointments[{position}]"
        sub = Record(record.path, record.key, entry)
        start = sub.partial_date("start")
        end = sub.partial_date("end", required=False)
        organization = (
            resolve(record, f"{field}.organization", entry["organization"], organizations, "organization")
            if entry.get("organization")
            else None
        )
        values = {"organization": organization, **date_values("end_date", "end_precision", end)}
        if end is None:
            values["end_precision"] = ""
        lookup = {"person": person, "title": sub.text("title"), "start_date": start.date}
        _, outcome = upsert(Appointment, lookup, {"start_precision": start.precision, **values}, record)
        report.add("appointment", outcome)


def load_meetings(records, series, people, organizations, themes, report):
    by_slug = {obj.slug: obj for obj in Meeting.objects.all()}
    for record in records.values():
        series_slug = record.fields.get("series")
        values = {
            "title": record.text("title"),
            "series": resolve(record, "series", series_slug, series, "meeting series") if series_slug else None,
            "ordinal": record.integer("ordinal"),
            **date_values("start_date", "start_precision", record.partial_date("start")),
            **date_values("end_date", "end_precision", record.partial_date("end", required=False)),
            "city": record.text("city"),
            "country": record.text("country"),
            "kind": record.text("kind", Meeting.Kind.IN_PERSON),
            "summary": record.text("summary"),
            "outcomes": record.lines("outcomes", joiner="\n\n"),
            **PUBLISHED,
        }
        meeting, outcome = upsert(Meeting, {"slug": record.key}, values, record)
        report.add("meeting", outcome)
        if outcome == CREATED:
            sync_many(
                meeting, "themes", [resolve(record, "themes", slug, themes, "theme") for slug in record.slugs("themes")]
            )
            _load_participations(meeting, record, people, organizations, report)
        by_slug[meeting.slug] = meeting
    return by_slug


def _load_participations(meeting, record, people, organizations, report):
    for position, entry in enumerate(record.objects("participants"), start=1):
        field = f"participants[{position - 1}]"
        person = resolve(record, f"{field}.person", entry.get("person"), people, "person")
        organization = (
            resolve(record, f"{field}.organization", entry["organization"], organizations, "organization")
            if entry.get("organization")
            else None
        )
        sub = Record(record.path, record.key, entry)
        values = {"organization": organization, "role": sub.text("role"), "side": sub.text("side"), "order": position}
        _, outcome = upsert(Participation, {"meeting": meeting, "person": person}, values, record)
        report.add("participation", outcome)


def load_documents(records, reader, refs, report):
    for record in records.values():
        publisher = record.fields.get("publisher")
        source = record.fields.get("source")
        body_file = record.text("body_file")
        body = reader.read_text(f"sample/{body_file}", key=record.key, field="body_file", referrer=record.path)
        values = {
            "title": record.text("title"),
            "doc_type": record.text("type"),
            "publisher": resolve(record, "publisher", publisher, refs["organization"], "organization")
            if publisher
            else None,
            **date_values("publication_date", "publication_precision", record.partial_date("publication")),
            "source_url": record.text("source_url"),
            "citation_details": record.text("citation_details"),
            "pages": record.text("pages"),
            "language": record.text("language", Document.Language.ENGLISH),
            "body": body.strip(),
            "summary": record.text("summary"),
            "source_file": resolve(record, "source", source, refs["source file"], "source file") if source else None,
            **PUBLISHED,
        }
        document, outcome = upsert(Document, {"slug": record.key}, values, record)
        if outcome == CREATED:
            for name, kind in (
                ("themes", "theme"),
                ("people", "person"),
                ("organizations", "organization"),
                ("meetings", "meeting"),
            ):
                sync_many(
                    document, name, [resolve(record, name, slug, refs[kind], kind) for slug in record.slugs(name)]
                )
        report.add("document", outcome)
