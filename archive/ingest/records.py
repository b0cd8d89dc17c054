"""The records one file's ingest links to or creates (organizations, series, people, meetings) and their slugs."""

import hashlib
import re

from django.utils.text import slugify

from archive.transitions import may_edit
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from meetings.models import ordinal as ordinal_label
from people.models import Organization, Person, PersonName
from people.names import name_key

from .reference import Entry, PersonEntry, family_key, new_organization_name


def slug_for(text):
    """A slug for any text: words not written in Latin letters (Hangul) are stood for by a short digest."""
    latin = slugify(text)
    if re.sub(r"[\W\d_]", "", text).isascii():
        return latin
    digest = hashlib.sha1(text.encode()).hexdigest()[:8]
    return f"{latin}-{digest}" if latin else digest


def slugs_taken(model, bases, *, exclude_pk=None):
    """The slugs of ``model`` that are one of ``bases`` followed by "-…" (the numbered ones), in one query.

    On SQLite a range of the slug index (its order is bytewise: "-" sorts just before "."); elsewhere a
    prefix match, which PostgreSQL serves from Django's pattern index (a range would follow the
    database's collation, which may not order punctuation so).
    """
    from django.db import connections, router
    from django.db.models import Q

    condition = Q()
    vendor = connections[router.db_for_read(model)].vendor
    for base in set(bases):
        condition |= (
            Q(slug__gt=f"{base}-", slug__lt=f"{base}.") if vendor == "sqlite" else Q(slug__startswith=f"{base}-")
        )
    queryset = model.objects.filter(condition)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    return set(queryset.values_list("slug", flat=True))


def first_free_slug(base, taken, number=2):
    """(``base``, or the first "base-N" from ``number`` on that is not in ``taken``; the N after it)."""
    slug = base
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    return slug, number


def _unique_slug(model, base, *, exclude_pk=None):
    base = (slug_for(base) or model._meta.model_name)[:190]
    queryset = model.objects.all()
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    if not queryset.filter(slug=base).exists():
        return base
    # every numbered slug of the base in one query, rather than one query for each number taken
    return first_free_slug(base, {base} | slugs_taken(model, [base], exclude_pk=exclude_pk))[0]


class _Writer:
    """What one file links to or creates.

    With a ``plan`` (archive/ingest/bulk.py) new meetings, participations and name
    variants are handed to it to be inserted in bulk with the rest of the segment,
    and a meeting created by an earlier file of the segment stands for itself
    (unsaved) wherever a pk would be.
    """

    def __init__(self, analysis, user, source, plan=None):
        self.analysis = analysis
        self.reference = analysis.reference
        self.user = user
        self.source = source
        self.plan = plan
        self.created_people = []
        self.created_names = []  # (name key, PersonEntry) of the people created
        self.created_orgs = []
        self.created_series = []
        self.new_variants = set()
        self.new_meetings = []  # (meeting pk or unsaved Meeting, series pk, ordinal, start date, person pks)
        self.created_meetings = []  # their history is written in bulk at the end of the batch
        self.fetched_meetings = []
        self.created_participations = []

    def organization(self, key):
        entry = self.reference.organizations.get(key) if key else None
        if entry is None and new_organization_name(self.reference, key):
            # a new organization, remembered under that name for the files after this one
            entry = Entry(key=key, name=key[:200], kind=Organization.Kind.MEDIA)
            self.reference.organizations[key] = entry
        return self._reference_pk(
            Organization,
            entry,
            self.created_orgs,
            ("kind", Organization.Kind.OTHER),
            country=getattr(entry, "country", ""),
        )

    def series(self, key):
        return self._reference_pk(
            MeetingSeries,
            self.reference.series.get(key),
            self.created_series,
            ("level", MeetingSeries.Level.MINISTERIAL),
            definition=f"Created by ingest from {self.source.name}; the definition is still to be written.",
        )

    @staticmethod
    def _reference_pk(model, entry, created, kind, **fields):
        """The pk of the organization or series ``entry`` names, found by name or created; None if unknown.

        ``kind`` is the model's (field, default) that the entry's kind fills.
        """
        if entry is None:
            return None
        if entry.pk:
            return entry.pk
        found = model.objects.filter(name=entry.name).only("pk").first()
        if found is None:
            kind_field, default = kind
            found = model.objects.create(
                name=entry.name,
                acronym=entry.acronym,
                slug=_unique_slug(model, entry.name),
                **{kind_field: entry.kind or default},
                **fields,
            )
        created.append((entry, found))
        return found.pk

    def person(self, match):
        mention = match.mention
        if match.action == "link":
            pk = match.entry.pk
            if (pk, mention.name) not in self.reference.person_variants:
                if not PersonName.objects.filter(person_id=pk, name=mention.name).exists():
                    if not self._may_add_name(pk):
                        return pk  # linked, but the new spelling is not recorded on a record this user may not edit
                    self._add_name(PersonName(person_id=pk, name=mention.name, source=self.source))
                    # a save of the person's record: an editor's form opened before is refused as stale
                    Person.objects.filter(pk=pk).count_as_saved()
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
        self._add_name(PersonName(person=person, name=display, is_preferred=True, source=self.source))
        if mention.name != display:
            self._add_name(PersonName(person=person, name=mention.name, source=self.source))
        entry = PersonEntry(person.pk, person.slug, display, person.country, family_key(display, person.country))
        self.created_people.append((person, entry))
        self.created_names += [(name_key(name), entry) for name in dict.fromkeys([display, mention.name])]
        return person.pk

    def _may_add_name(self, person_pk):
        """Whether a spelling ingest found may be added to an existing person: a name variant changes the
        person's record (and, once public, their page), so the user must be one who may edit it there
        (a draft for a contributor; past draft, the review permission). A shell run without ``--user`` may."""
        if self.user is None:
            return True
        person = Person.objects.filter(pk=person_pk).only("pk", "status").first()
        return person is not None and may_edit(self.user, person)

    def _add_name(self, variant):
        variant._history_user = self.user
        if self.plan is None:
            variant.save()
        else:
            self.plan.names.append(variant)

    def _save_meeting(self, meeting, slug_base):
        """A new draft meeting saved now, or handed to the plan; its history is written with the batch's."""
        meeting._history_user = self.user
        meeting.ingest_present = set()
        if self.plan is None:
            meeting.slug = _unique_slug(Meeting, slug_base)
            meeting.skip_history_when_saving = True
            meeting.save()
            del meeting.skip_history_when_saving
        else:
            self.plan.add_meeting(meeting, slug_base)
        self.created_meetings.append(meeting)

    def _known_meeting(self, known):
        """The meeting ``known`` stands for, its ``ingest_present`` holding who takes part in it so far.

        A meeting this run has written is kept in the reference, so a later file costs no query.
        """
        if isinstance(known, Meeting) or not known:
            return known or None
        meeting = self.reference.written_meetings.get(known)
        if meeting is None:
            meeting = Meeting.objects.filter(pk=known).first()
            if meeting is not None:
                meeting.ingest_present = set(meeting.participations.values_list("person_id", flat=True))
                self.fetched_meetings.append(meeting)
        return meeting

    def reported_meeting(self, participants, named=None):
        x = self.analysis.extraction
        event = x.event_date.value
        if not participants or event is None:
            return None
        reported = x.reported_series
        meeting = None
        series_pk = self.series(reported.series_key) if reported else None
        known = None
        if series_pk and reported.ordinal:
            # A numbered meeting is that meeting: never another one its participants had that day.
            known = self.reference.meetings_by_number.get((series_pk, reported.ordinal))
            known = known or self._written_here(series_pk, reported.ordinal, None)
        else:
            for pk, _m, _o in participants:
                known = known or self.reference.meetings_by_person_date.get((pk, event.date))
        meeting = self._known_meeting(known)
        city, country = x.location.value or ("", "")
        if meeting is None:
            if series_pk and reported.ordinal:
                title = f"{ordinal_label(reported.ordinal)} {reported.series_name}"
            elif series_pk:
                title = f"{reported.series_name}, {event}"
            else:
                names = named or [m.canonical for _pk, m, _o in participants]
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
            self._save_meeting(meeting, f"{title} {event.date}")
        self.new_meetings.append(
            (
                meeting.pk or meeting,
                meeting.series_id,
                meeting.ordinal,
                meeting.start_date,
                [pk for pk, _m, _o in participants],
            )
        )
        # Participants are added only to a draft no one has saved since ingest wrote it (revision 1):
        # an editor who removed someone from the meeting is not overruled by the next source.
        if meeting.status == Status.DRAFT and (meeting.revision or 0) <= 1:
            present = meeting.ingest_present
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
                if self.plan is None:
                    Participation.objects.bulk_create(rows)
                else:
                    self.plan.participations.extend(rows)
                meeting.ingest_present |= {row.person_id for row in rows}
                self.created_participations.extend(rows)
        return meeting.pk or meeting

    def _written_here(self, series_pk, ordinal, date):
        """A meeting of the series this file has just created (not in the reference until the file is
        written): by its ordinal, else by its date."""
        for meeting, series, number, start, _people in self.new_meetings:
            if series == series_pk and (number == ordinal if ordinal else date and start == date.date):
                return meeting
        return None

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
        known = known or self._written_here(series_pk, mention.ordinal, mention.date)
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
        self._save_meeting(meeting, f"{title} {mention.date.date}")
        self.new_meetings.append((meeting.pk or meeting, series_pk, mention.ordinal, meeting.start_date, []))
        return meeting.pk or meeting
