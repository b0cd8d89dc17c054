import datetime as dt
import random
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify
from modelsearch.backends import get_search_backend

from archive.cache import bump_public_version
from archive.dates import Precision
from archive.models import Document, PolicyTheme
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation, ordinal
from people.models import Appointment, Organization, Person, PersonName
from people.names import name_key, script_of

from . import vocabulary as words

SYNTHETIC_PREFIX = "gen-"
CHUNK = 2000


class CorpusRefused(Exception):
    """The database is not one the generator may write into."""


@dataclass
class CorpusCounts:
    documents: int = 0
    people: int = 0
    names: int = 0
    appointments: int = 0
    meetings: int = 0
    participations: int = 0
    links: int = 0
    extra: dict = field(default_factory=dict)


def _check_database(force):
    for model in (Document, Meeting, Person):
        if model.objects.filter(slug__startswith=SYNTHETIC_PREFIX).exists():
            raise CorpusRefused(
                f"The database already holds a synthetic corpus ({model._meta.verbose_name_plural} with slugs "
                f"starting {SYNTHETIC_PREFIX!r}). Generate into a fresh database."
            )
        if not force and model.objects.exclude(slug__startswith=SYNTHETIC_PREFIX).exists():
            raise CorpusRefused(
                f"The database holds real {model._meta.verbose_name_plural}; the generator writes only into a "
                "database of its own. Point DATABASE_URL at an empty database, or pass --force to add a "
                "synthetic corpus beside the real records."
            )


def _partial_date(rng, start_year, end_year):
    year = rng.randint(start_year, end_year)
    roll = rng.random()
    if roll < 0.8:
        return dt.date(year, rng.randint(1, 12), rng.randint(1, 28)), Precision.DAY
    if roll < 0.95:
        return dt.date(year, rng.randint(1, 12), 1), Precision.MONTH
    return dt.date(year, 1, 1), Precision.YEAR


def _reference(rng, counts):
    """Themes, series and organizations: the archive's own when present, synthetic ones otherwise."""
    themes = list(PolicyTheme.objects.all())
    if len(themes) < 8:
        themes += PolicyTheme.objects.bulk_create(
            PolicyTheme(
                name=topic[0].upper() + topic[1:],
                slug=f"{SYNTHETIC_PREFIX}{slugify(topic)}",
                description=f"Records about {topic}.",
                keywords=topic,
            )
            for topic in words.TOPICS
            if not PolicyTheme.objects.filter(slug=f"{SYNTHETIC_PREFIX}{slugify(topic)}").exists()
        )
    series = list(MeetingSeries.objects.all())
    if len(series) < 4:
        made = [
            ("Security Consultative Meeting", "SCM"),
            ("Military Committee Meeting", "MCM"),
            ("Korea-U.S. Integrated Defense Dialogue", "KIDD"),
            ("Nuclear Consultative Group", "NCG"),
            ("Foreign and Defense Ministers' Meeting", "2+2"),
            ("Trilateral Ministerial Meeting", "TMM"),
        ]
        series += MeetingSeries.objects.bulk_create(
            MeetingSeries(name=name, acronym=acronym, slug=f"{SYNTHETIC_PREFIX}{slugify(acronym)}", definition=name)
            for name, acronym in made
        )
    organizations = list(Organization.objects.all())
    if len(organizations) < 4:
        made = [
            ("Ministry of National Defense", "MND", "KR"),
            ("Department of Defense", "DoD", "US"),
            ("Joint Chiefs of Staff (ROK)", "JCS", "KR"),
            ("Joint Chiefs of Staff (US)", "JCS", "US"),
            ("United States Forces Korea", "USFK", "US"),
            ("Ministry of Foreign Affairs", "MOFA", "KR"),
            ("Department of State", "DOS", "US"),
            ("United States Senate", "", "US"),
        ]
        organizations += Organization.objects.bulk_create(
            Organization(name=name, acronym=acronym, country=country, slug=f"{SYNTHETIC_PREFIX}{slugify(name)}")
            for name, acronym, country in made
        )
    counts.extra = {"themes": len(themes), "series": len(series), "organizations": len(organizations)}
    return themes, series, organizations


def _korean_name(rng):
    family, family_h = rng.choice(words.KOREAN_FAMILY)
    (first, first_h), (second, second_h) = rng.sample(words.KOREAN_SYLLABLES, 2)
    display = f"{family} {first.capitalize()}-{second}"
    variants = [
        display,
        f"{family} {first.capitalize()}{second}",
        f"{family} {first.capitalize()} {second.capitalize()}",
        f"{family_h}{first_h}{second_h}",
    ]
    return display, family_h + first_h + second_h, family, f"{first.capitalize()}-{second}", variants


def _us_name(rng):
    given, family = rng.choice(words.US_GIVEN), rng.choice(words.US_FAMILY)
    initial, suffix = rng.choice(words.INITIALS), rng.choice(words.SUFFIXES)
    display = " ".join(part for part in (given, f"{initial}.", family, suffix) if part)
    variants = [display, " ".join(part for part in (given, family, suffix) if part)]
    return display, "", family, given, variants


def _make_people(rng, n, organizations, counts):
    by_country = {}
    for organization in organizations:
        by_country.setdefault(organization.country, []).append(organization)
    people, pending_names, pending_appointments = [], [], []
    for i in range(n):
        country = "KR" if rng.random() < 0.5 else "US"
        display, hangul, family, given, variants = (_korean_name if country == "KR" else _us_name)(rng)
        person = Person(
            display_name=display,
            hangul_name=hangul,
            family_name=family,
            given_name=given,
            slug=f"{SYNTHETIC_PREFIX}{slugify(display)}-{i}",
            country=country,
            biography=f"{display} served in the {'Korean' if country == 'KR' else 'United States'} government.",
            status=Status.PUBLISHED,
        )
        people.append(person)
        pending_names.append(variants)
        titles = words.KR_TITLES if country == "KR" else words.US_TITLES
        start, precision = _partial_date(rng, 1990, 2022)
        terms = []
        for _ in range(rng.randint(1, 2)):
            end = start + dt.timedelta(days=rng.randint(200, 1400))
            terms.append((rng.choice(titles), rng.choice(by_country.get(country, [None])), start, precision, end))
            start, precision = end + dt.timedelta(days=1), Precision.DAY
        pending_appointments.append(terms)

    for offset in range(0, n, CHUNK):
        chunk = Person.objects.bulk_create(people[offset : offset + CHUNK])
        names, appointments = [], []
        for person, variants, terms in zip(
            chunk, pending_names[offset : offset + CHUNK], pending_appointments[offset : offset + CHUNK], strict=True
        ):
            for position, variant in enumerate(dict.fromkeys(variants)):
                names.append(
                    PersonName(
                        person=person,
                        name=variant,
                        key=name_key(variant),
                        script=script_of(variant),
                        is_preferred=position == 0,
                    )
                )
            for title, organization, start, precision, end in terms:
                appointments.append(
                    Appointment(
                        person=person,
                        title=title,
                        organization=organization,
                        start_date=start,
                        start_precision=precision,
                        end_date=end,
                        end_precision=Precision.DAY,
                    )
                )
        PersonName.objects.bulk_create(names)
        Appointment.objects.bulk_create(appointments)
        counts.names += len(names)
        counts.appointments += len(appointments)
    counts.people = n
    return people, pending_appointments


def _make_meetings(rng, n, series, people, terms, themes, counts):
    next_ordinal = {
        s.pk: (Meeting.objects.filter(series=s).order_by("-ordinal").values_list("ordinal", flat=True).first() or 0) + 1
        for s in series
    }
    korean = [i for i, p in enumerate(people) if p.country == "KR"]
    american = [i for i, p in enumerate(people) if p.country == "US"]
    meetings, rosters = [], []
    for i in range(n):
        chosen_series = rng.choice(series) if rng.random() < 0.7 else None
        start, precision = _partial_date(rng, 1968, 2025)
        city, country = rng.choice(words.CITIES)
        if chosen_series:
            number = next_ordinal[chosen_series.pk]
            next_ordinal[chosen_series.pk] += 1
            title = f"{ordinal(number)} {chosen_series.name}"
        else:
            number = None
            title = f"Defense officials' meeting in {city}"
        topic_a, topic_b = rng.sample(words.TOPICS, 2)
        meetings.append(
            Meeting(
                series=chosen_series,
                ordinal=number,
                title=title,
                slug=f"{SYNTHETIC_PREFIX}{slugify(title)[:80]}-{i}",
                start_date=start,
                start_precision=precision,
                city=city,
                country=country,
                kind=rng.choice(list(Meeting.Kind.values)),
                summary=f"The delegations discussed {topic_a} and {topic_b}.",
                outcomes=f"Both sides agreed to strengthen {topic_a}.",
                status=Status.PUBLISHED,
            )
        )
        size = rng.randint(1, 3)
        rosters.append(rng.sample(korean, min(size, len(korean))) + rng.sample(american, min(size, len(american))))

    meeting_theme = Meeting.themes.through
    for offset in range(0, n, CHUNK):
        chunk = Meeting.objects.bulk_create(meetings[offset : offset + CHUNK])
        participations, links = [], []
        for meeting, roster in zip(chunk, rosters[offset : offset + CHUNK], strict=True):
            for order, index in enumerate(roster):
                person = people[index]
                title, organization = terms[index][0][0], terms[index][0][1]
                participations.append(
                    Participation(
                        meeting=meeting,
                        person=person,
                        organization=organization,
                        role=title,
                        side=person.country,
                        order=order,
                    )
                )
            for theme in rng.sample(themes, rng.randint(1, 2)):
                links.append((meeting.pk, theme.pk))
        Participation.objects.bulk_create(participations)
        counts.links += _insert_pairs(meeting_theme, "meeting_id", links)
        counts.participations += len(participations)
    counts.meetings = n
    return meetings, rosters


def _insert_pairs(through, source_column, pairs):
    """Insert many-to-many rows straight into the through table: far faster than model instances."""
    table = connection.ops.quote_name(through._meta.db_table)
    target_column = next(f.column for f in through._meta.fields if f.column not in ("id", source_column))
    columns = ", ".join(connection.ops.quote_name(c) for c in (source_column, target_column))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s)", pairs)
    return len(pairs)


def _paragraph(rng, topic):
    sentences = []
    for position in range(rng.randint(3, 4)):
        actor = rng.choice(words.ACTORS)
        subject = topic if position == 0 else rng.choice(words.TOPICS)
        sentence = f"{actor} {rng.choice(words.VERBS)} {subject} {rng.choice(words.QUALIFIERS)}."
        if position and rng.random() < 0.5:
            sentence = f"{rng.choice(words.CONNECTIVES)} {sentence[0].lower()}{sentence[1:]}"
        sentences.append(sentence)
    return " ".join(sentences)


def _make_documents(rng, n, themes, organizations, people, meetings, rosters, counts):
    through = {name: getattr(Document, name).through for name in ("themes", "people", "organizations", "meetings")}
    backend = get_search_backend()
    types = list(Document.Type.values)
    for offset in range(0, n, CHUNK):
        documents, plans = [], []
        for i in range(offset, min(offset + CHUNK, n)):
            meeting_index = rng.randrange(len(meetings)) if meetings else None
            meeting = meetings[meeting_index] if meeting_index is not None else None
            roster = rosters[meeting_index] if meeting_index is not None else []
            cast = [people[j] for j in roster[:2]] or rng.sample(people, min(2, len(people)))
            topic = rng.choice(words.TOPICS)
            a = cast[0].display_name if cast else "The minister"
            b = cast[1].display_name if len(cast) > 1 else "his counterpart"
            title = rng.choice(words.HEADLINE_FORMS).format(
                a=a,
                b=b,
                topic=topic,
                city=meeting.city if meeting else "Seoul",
                series=meeting.title if meeting else "The alliance",
            )
            title = title[0].upper() + title[1:]
            date, precision = (
                (meeting.start_date, meeting.start_precision)
                if meeting and rng.random() < 0.7
                else _partial_date(rng, 1990, 2025)
            )
            paragraphs = [_paragraph(rng, topic) for _ in range(rng.randint(4, 6))]
            documents.append(
                Document(
                    title=title,
                    slug=f"{SYNTHETIC_PREFIX}{slugify(title)[:80]}-{i}",
                    doc_type=rng.choice(types),
                    publisher=rng.choice(organizations),
                    publication_date=date,
                    publication_precision=precision,
                    language="en",
                    body="\n\n".join(paragraphs),
                    summary=paragraphs[0][:300],
                    citation_details="",
                    status=Status.PUBLISHED,
                )
            )
            plans.append(
                {
                    "themes": rng.sample(themes, rng.randint(1, 3)),
                    "people": cast + rng.sample(people, rng.randint(0, 2)),
                    "organizations": rng.sample(organizations, rng.randint(0, 2)),
                    "meetings": [meeting] if meeting else [],
                }
            )
        documents = Document.objects.bulk_create(documents)
        rows = {name: set() for name in through}
        for document, plan in zip(documents, plans, strict=True):
            for name, targets in plan.items():
                for target in targets:
                    rows[name].add((document.pk, target.pk))
        for name, pairs in rows.items():
            counts.links += _insert_pairs(through[name], "document_id", sorted(pairs))
        backend.add_bulk(Document, documents)
    counts.documents = n


def _index(model, queryset):
    backend = get_search_backend()
    ids = list(queryset.values_list("pk", flat=True))
    for offset in range(0, len(ids), CHUNK):
        backend.add_bulk(
            model,
            list(
                model.objects.filter(pk__in=ids[offset : offset + CHUNK]).prefetch_related("names")
                if model is Person
                else model.objects.filter(pk__in=ids[offset : offset + CHUNK]).select_related("series")
            ),
        )


def generate_corpus(*, documents, people, meetings, seed=1, force=False):
    """Fill the database with a synthetic published corpus; returns the counts."""
    if min(documents, people, meetings) < 0 or (documents and not people):
        raise ValueError("Counts must be zero or more, and documents need at least one person.")
    rng = random.Random(seed)
    counts = CorpusCounts()
    with transaction.atomic():
        _check_database(force)
        themes, series, organizations = _reference(rng, counts)
        made_people, terms = _make_people(rng, people, organizations, counts)
        made_meetings, rosters = _make_meetings(rng, meetings, series, made_people, terms, themes, counts)
        _make_documents(rng, documents, themes, organizations, made_people, made_meetings, rosters, counts)
        _index(Person, Person.objects.filter(slug__startswith=SYNTHETIC_PREFIX))
        _index(Meeting, Meeting.objects.filter(slug__startswith=SYNTHETIC_PREFIX))
        # Bulk writes send no model signals: say the public archive changed.
        bump_public_version()
    # Fresh statistics let the query planner pick the published-record indexes.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts
