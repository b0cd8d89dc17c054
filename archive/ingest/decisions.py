"""An editor's corrections to an Analysis, applied before writing.

``decisions`` is a dict, every key optional::

    {"title": "...", "doc_type": "readout", "date": "2024-07-28", "event_date": "2024-07" or "",
     "city": "Tokyo", "country": "JP", "publisher": "<organization key>" or "",
     "people": {"0": "keep" | "drop" | "create" | "link:<person pk>"},
     "participants": ["0", "2"], "organizations": ["mnd", ...], "meetings": ["0", ...], "themes": ["slug", ...]}

A corrected value loses its span (it no longer comes from the text); a
dropped value is removed. Accepting a proposed match is "link:<pk>",
rejecting it is "create" (a new draft person) or "drop".
"""

from archive.dates import PartialDate
from archive.models import Document

from .errors import IngestError
from .extract import Value
from .reference import PersonEntry, family_key, new_organization_name


def _corrected(value, new):
    if new is None or new == (value.value or ""):
        return value
    return Value(new or None, None)


def _date(name, label, text, current):
    if text is None:
        return current
    if not text:
        return Value(None, None)
    if current.value is not None and current.value.isoformat() == text:
        return current
    try:
        return Value(PartialDate.parse(text), None)
    except ValueError as error:
        raise IngestError(name, f"{label}: {error}") from None


def apply_decisions(analysis, decisions):
    from people.models import Person

    x = analysis.extraction
    name = analysis.name
    x.title = _corrected(x.title, decisions.get("title"))
    if not x.title.value:
        raise IngestError(name, "title: a document needs a title")
    doc_type = decisions.get("doc_type")
    if doc_type:
        if doc_type not in Document.Type.values:
            raise IngestError(name, f"type: {doc_type!r} is not a document type")
        x.doc_type = _corrected(x.doc_type, doc_type)
    x.date = _date(name, "date", decisions.get("date"), x.date)
    if x.date.value is None:
        raise IngestError(name, "date: a document needs a publication date")
    x.event_date = _date(name, "event date", decisions.get("event_date"), x.event_date)
    analysis.slug = None  # the document's slug follows the title and date as corrected
    if "city" in decisions or "country" in decisions:
        city, country = x.location.value or ("", "")
        new = (decisions.get("city", city) or "", decisions.get("country", country) or "")
        if new != (city or "", country or ""):
            x.location = Value(new if any(new) else None, None)
    if "publisher" in decisions:
        key = decisions["publisher"] or None
        found_new = key == x.publisher.value and new_organization_name(analysis.reference, key)
        if key and key not in analysis.reference.organizations and not found_new:
            raise IngestError(name, f"publisher: {key!r} is not a known organization")
        x.publisher = _corrected(x.publisher, key) if key else Value(None, None)  # "—": no publisher
    choices = decisions.get("people", {})
    participants = decisions.get("participants")
    kept = []
    for index, match in enumerate(analysis.reconciliation.people):
        choice = choices.get(str(index), "keep")
        if choice == "drop":
            continue
        if choice == "create":
            match.action, match.entry = "create", None
        elif choice.startswith("link:"):
            person = Person.objects.filter(pk=choice[5:]).first()
            if person is None:
                raise IngestError(name, f"people: no person with id {choice[5:]}")
            match.action = "link"
            match.entry = PersonEntry(
                person.pk,
                person.slug,
                person.display_name,
                person.country,
                family_key(person.display_name, person.country),
            )
        if participants is not None:
            match.mention.participant = str(index) in participants
        kept.append(match)
    analysis.reconciliation.people = kept
    if "organizations" in decisions:
        keep = set(decisions["organizations"])
        x.organizations = [org for org in x.organizations if org.key in keep]
    if "meetings" in decisions:
        keep = set(decisions["meetings"])
        x.meetings = [m for i, m in enumerate(x.meetings) if str(i) in keep]
        if x.reported_series and x.reported_series not in x.meetings:
            x.reported_series = None
    if "themes" in decisions:
        keep = set(decisions["themes"])
        x.themes = [(slug, span) for slug, span in x.themes if slug in keep]
    return analysis
