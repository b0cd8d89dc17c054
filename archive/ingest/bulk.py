"""A segment of files written with a few bulk inserts instead of a save per record.

The writer (records.py, document.py) plans each file in order against the
reference, which learns at once what the file will create, so later files of
the segment link to it; the records themselves wait in a :class:`Plan` and go
to the database in one ``bulk_create`` per table when the segment ends:
SourceFiles (their bytes already stored through Django storage), Meetings,
Documents, Participations, name variants and the link tables. Saves that
bulk_create skips are done here: slugs made unique, partial dates normalised,
the revision counter, the search index (deferred to the end of the batch as
for saved objects, a person's too when a name variant is added) and the
public page version; the batch writes the history records.
"""

from collections import Counter

from archive.cache import bump_public_version
from archive.models import Document, SourceFile
from archive.rows import insert_objects, insert_values
from meetings.models import Meeting, Participation
from people.models import Person, PersonName
from people.names import name_key, script_of

from .records import first_free_slug, slug_for, slugs_taken
from .searchindex import defer_index

LINK_FIELDS = ("people", "organizations", "meetings", "themes")


class Plan:
    def __init__(self):
        self.sources = []
        self.documents = []
        self.meetings = []  # (unsaved Meeting, the text its slug is made from)
        self.participations = []
        self.names = []
        self.links = []  # (document, link field name, pks and unsaved Meetings)
        self.unresolved = []  # (reference dict, key) holding an unsaved Meeting

    def add_meeting(self, meeting, slug_base):
        self.meetings.append((meeting, slug_base))

    def discard_files(self):
        for source in self.sources:
            source.file.storage.delete(source.file.name)

    def insert(self):
        """Every planned record in a few INSERTs; the caller holds the transaction (a savepoint)."""
        insert_objects(SourceFile, self.sources)
        meetings = [meeting for meeting, _base in self.meetings]
        self._unique_meeting_slugs()
        for record in [*meetings, *self.documents]:
            record.normalise_partial_dates()
            record.revision = 1
        insert_objects(Meeting, meetings)
        insert_objects(Document, self.documents)
        insert_objects(Participation, self.participations)
        for variant in self.names:  # what PersonName.save() derives
            variant.key = name_key(variant.name)
            variant.script = variant.script or script_of(variant.name)
        insert_objects(PersonName, self.names)
        self._insert_links()
        defer_index(Meeting, [meeting.pk for meeting in meetings])
        defer_index(Document, [document.pk for document in self.documents], objects=self.documents)
        # As people/signals.py would; the people may be older than this batch.
        defer_index(Person, {variant.person_id for variant in self.names}, created=False)
        bump_public_version()

    def resolve(self, reference):
        """Once inserted: the reference holds the new meetings' pks rather than the objects."""
        for mapping, key in self.unresolved:
            value = mapping.get(key)
            if isinstance(value, Meeting):
                mapping[key] = value.pk
        for meeting, _base in self.meetings:
            reference.written_meetings[meeting.pk] = meeting

    def _unique_meeting_slugs(self):
        """The slugs ``_unique_slug`` would give, with two queries for the whole segment."""
        bases = [((slug_for(text) or "meeting")[:190]) for _meeting, text in self.meetings]
        if not bases:
            return
        taken = set(Meeting.objects.filter(slug__in=set(bases)).values_list("slug", flat=True))
        repeated = {base for base, times in Counter(bases).items() if times > 1}
        if taken | repeated:  # the numbered slugs of the bases that will need a number, in one more query
            taken |= slugs_taken(Meeting, taken | repeated)
        next_number = {}
        for (meeting, _text), base in zip(self.meetings, bases, strict=True):
            slug, next_number[base] = first_free_slug(base, taken, next_number.get(base, 2))
            taken.add(slug)
            meeting.slug = slug

    def _insert_links(self):
        """The link rows of new documents: no row can be there already."""
        rows = {name: [] for name in LINK_FIELDS}
        for document, name, targets in self.links:
            field = Document._meta.get_field(name)
            own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
            pks = dict.fromkeys(getattr(target, "pk", target) for target in targets if target)
            rows[name] += [{own: document.pk, other: pk} for pk in pks if pk]
        for name, values in rows.items():
            insert_values(Document._meta.get_field(name).remote_field.through, values)
