"""No unpublished record reaches the public, through any URL the project has or will have.

The walk finds every public URL pattern by resolving the URL configuration
(admin excluded), fills its parameters with the slugs, hashes, keys and years
of unpublished records (and of published and reference records, so that list
pages and pages of themes, organizations and series are visited too), adds
common query strings to list-like URLs, and requests each as an anonymous
reader. With a draft, a record in review, a scheduled record and a withdrawn
record of every kind present, it fails when any of their titles, slugs or
bodies appear in a response, or when any of their own URLs answers 200.

A second walk compares every public answer before and after the unpublished
records are added: any change (a count, a facet, a page number) is a leak even
when no title shows.

Pages, feeds, sitemaps, search, the API and exports added later are covered
without editing this file. ``test_the_walk_catches_*`` and
``test_the_comparison_catches_*`` prove it can fail, on ``leaky_urls.py``.
"""

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.base import resolve
from django.urls.exceptions import Resolver404
from django.urls.resolvers import RoutePattern
from django.utils import timezone
from django.utils.regex_helper import normalize

from archive.workflow import Status
from tests.factories import (
    AppointmentFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PersonNameFactory,
    PolicyThemeFactory,
    SourceFileFactory,
    UserFactory,
)

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/__debug__/")
MAX_URLS_PER_PATTERN = 400
LIST_QUERIES = ["format=json", "format=csv", "status=draft", "status=review", "status=withdrawn", "all=1", "page=2"]

# Each unpublished record carries words found nowhere else: ``seek`` is sent as a
# search term, ``hidden`` never is, so a search page echoing the query is no leak.
STATES = {
    "draft": ("Quillfeather", "Vexmoorian", "Sarsenhollow"),
    "review": ("Marrowgate", "Ulverstane", "Pellucidar"),
    "scheduled": ("Thistlewick", "Orrinshaw", "Gravelmouth"),
    "embargoed": ("Wendlebury", "Carrowmore", "Tillingdon"),
    "withdrawn": ("Brambleshaw", "Kestrelholm", "Dunmarrow"),
}
KINDS = {"document": "memorandum", "meeting": "conclave", "person": "envoy"}


@dataclass
class Secret:
    record: object
    state: str
    title: str
    slug: str
    seek: str
    hidden: str
    body_word: str

    def forbidden(self):
        return [self.title, self.hidden, self.slug, self.body_word]


@dataclass
class World:
    secrets: list = field(default_factory=list)
    public: list = field(default_factory=list)
    references: list = field(default_factory=list)
    values: dict = field(default_factory=dict)
    identifiers: dict = field(default_factory=dict)


def _state_fields(state):
    now = timezone.now()
    return {
        "draft": {"status": Status.DRAFT},
        "review": {"status": Status.REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "publish_at": now + dt.timedelta(days=30)},
        "embargoed": {
            "status": Status.WITHDRAWN,
            "publish_at": now + dt.timedelta(days=30),
            "withdrawn_at": now,
            "withdrawal_reason": "Embargo broken.",
        },
        "withdrawn": {
            "status": Status.WITHDRAWN,
            "publish_at": now - dt.timedelta(days=30),
            "withdrawn_at": now,
            "withdrawal_reason": "Issued in error.",
        },
    }[state]


def build_public():
    """Published and reference records, before any unpublished record exists."""
    world = World()
    theme, organization, series = PolicyThemeFactory(), OrganizationFactory(), MeetingSeriesFactory()
    public_person = PersonFactory(display_name="Lloyd Austin", slug="lloyd-austin")
    public_meeting = MeetingFactory(title="Open ministerial", slug="open-ministerial", series=series, ordinal=1)
    public_meeting.themes.add(theme)
    public_document = DocumentFactory(
        title="Open readout", slug="open-readout", publisher=organization, source_file=SourceFileFactory()
    )
    public_document.themes.add(theme)
    ParticipationFactory(meeting=public_meeting, person=public_person, organization=organization)
    world.public = [public_person, public_meeting, public_document]
    world.references = [theme, organization, series]
    _collect_values(world)
    return world


def add_secrets(world):
    """A draft, an in-review, a scheduled and a withdrawn record of every kind, linked every way to public ones."""
    public_person, public_meeting, public_document = world.public
    theme, organization, series = world.references
    for ordinal, (state, (seek, hidden_stem, body_stem)) in enumerate(STATES.items(), start=2):
        extra = _state_fields(state)
        for kind, noun in KINDS.items():
            hidden, body_word = f"{hidden_stem}{kind[:3]}", f"{body_stem}{kind[:3]}"
            title = f"{seek} {hidden} {noun}"
            slug = f"zz-{state}-{kind}-secret"
            text = f"The {body_word} passage of this {noun}."
            if kind == "document":
                source = SourceFileFactory(content=f"{text} {hidden}".encode())
                record = DocumentFactory(
                    title=title, slug=slug, body=text, summary=text, publisher=organization, source_file=source, **extra
                )
                record.themes.add(theme)
                record.people.add(public_person)
                record.meetings.add(public_meeting)
                record.organizations.add(organization)
            elif kind == "meeting":
                record = MeetingFactory(
                    title=title, slug=slug, summary=text, outcomes=text, series=series, ordinal=ordinal, **extra
                )
                record.themes.add(theme)
                ParticipationFactory(meeting=record, person=public_person, role=f"{hidden} delegate")
                public_document.meetings.add(record)
            else:
                record = PersonFactory(display_name=title, slug=slug, biography=text, **extra)
                PersonNameFactory(person=record, name=f"{hidden} {seek}")
                AppointmentFactory(person=record, organization=organization, title=f"{hidden} minister")
                ParticipationFactory(meeting=public_meeting, person=record, role=f"{hidden} adviser")
                public_document.people.add(record)
            secret = Secret(record, state, title, slug, seek, hidden, body_word)
            world.secrets.append(secret)
            world.identifiers[slug] = secret
            if kind == "document":
                world.identifiers[source.sha256] = secret
    _collect_values(world)
    return world


def build_world():
    return add_secrets(build_public())


def _collect_values(world):
    from archive.models import SourceFile

    records = [s.record for s in world.secrets] + world.public
    world.values = {
        "slug": [r.slug for r in records] + [r.slug for r in world.references],
        "sha256": list(SourceFile.objects.values_list("sha256", flat=True)),
        "pk": sorted({r.pk for r in records} | {r.pk for r in world.references}),
        "year": sorted({2024, timezone.now().year}),
        "format": ["json", "csv", "xml", "atom", "rss", "txt", "xlsx"],
        "word": ["documents", "meetings", "people", "persons", "themes", "organizations", "series", "sources"],
    }


def _values_for(name, converter, values):
    lowered = name.lower()
    if "slug" in lowered or lowered in ("path", "name"):
        pool = values["slug"]
    elif "sha" in lowered or "hash" in lowered or "digest" in lowered:
        pool = values["sha256"]
    elif lowered in ("pk", "id") or lowered.endswith(("_id", "_pk")):
        pool = values["pk"]
    elif lowered in ("year", "yyyy"):
        pool = values["year"]
    elif lowered in ("format", "ext", "extension"):
        pool = values["format"]
    else:
        pool = [*values["word"], *values["slug"], *values["pk"], *values["year"], *values["sha256"]]
    if converter is not None:
        pool = [value for value in pool if re.fullmatch(converter.regex, str(value))]
    return [str(value) for value in pool]


def public_patterns(resolver=None, chain=()):
    """Every URL pattern outside the admin, as the chain of patterns from the root."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.namespace in SKIPPED_NAMESPACES or entry.app_name in SKIPPED_NAMESPACES:
                continue
            yield from public_patterns(entry, (*chain, entry))
        elif isinstance(entry, URLPattern):
            yield (*chain, entry)


def urls_for(chain, values):
    """``(url, values used)`` for a pattern chain, its parameters filled from ``values``."""
    template, names, converters = "/", [], {}
    for entry in chain:
        fmt, params = normalize(entry.pattern.regex.pattern)[0]
        template += fmt
        names += params
        if isinstance(entry.pattern, RoutePattern):
            converters.update(entry.pattern.converters)
    if not names:
        yield template, ()
        return
    pools = [_values_for(name, converters.get(name), values) for name in names]
    for combination in itertools.islice(itertools.product(*pools), MAX_URLS_PER_PATTERN):
        url = template % dict(zip(names, combination, strict=True))
        try:
            resolve(url)
        except Resolver404:
            continue
        yield url, combination


def _body_text(response):
    body = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return body.decode("utf-8", errors="replace").lower()


def _response_text(response):
    headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items()).lower()
    return headers + "\n" + _body_text(response)


def plan_requests(world, only=None):
    """The URLs to request, and for each URL built from an unpublished record's identifier, that record."""
    owner = {secret.record.get_absolute_url(): secret for secret in world.secrets}
    searches = [f"q={seek}" for seek, _, _ in STATES.values()]
    queries = [*LIST_QUERIES, *searches, *(f"{q}&format=json" for q in searches)]
    requests = []
    for chain in public_patterns():
        for url, used in urls_for(chain, world.values):
            if url.startswith(SKIPPED_PREFIXES) or (only and not url.startswith(only)):
                continue
            requests.append(url)
            secrets_used = [world.identifiers[value] for value in used if value in world.identifiers]
            if secrets_used:
                owner.setdefault(url, secrets_used[0])
            else:
                requests += [f"{url}?{query}" for query in queries]
    requests += [secret.record.get_absolute_url() for secret in world.secrets]
    return list(dict.fromkeys(requests)), owner


def find_leaks(world, client=None, only=None):
    """Walk the public URLs (those starting with ``only``, if given); return ``(leaks, visited)``."""
    client = client or Client()
    leaks, visited = [], []
    requests, owner = plan_requests(world, only)
    for url in requests:
        response = client.get(url)
        visited.append((url, response.status_code))
        text = _response_text(response)
        secret_here = owner.get(url.split("?")[0])
        if secret_here is not None and response.status_code == 200:
            leaks.append(f"{url} answers 200 for the {secret_here.state} record “{secret_here.title}”.")
        for secret in world.secrets:
            for word in secret.forbidden():
                if word.lower() in url.lower():
                    continue  # an echo of the request is not a leak
                if (
                    response.status_code == 410
                    and secret.state == "withdrawn"
                    and word in (secret.title, secret.hidden)
                ):
                    continue  # the withdrawal notice names the record, by design
                if word.lower() in text:
                    leaks.append(
                        f"{url} (HTTP {response.status_code}) shows “{word}” of the {secret.state} "
                        f"{secret.record._meta.verbose_name} “{secret.title}”."
                    )
    return leaks, visited


VOLATILE = [
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r"\d{4}-\d\d-\d\dt\d\d:\d\d:\d\d(\.\d+)?(z|[+-]\d\d:?\d\d)?"),
    re.compile(r"[a-z]{3}, \d\d [a-z]{3} \d{4} \d\d:\d\d:\d\d ([+-]\d{4}|gmt)"),
]


def snapshot(urls, client=None):
    """Each URL's status and body, with tokens and timestamps blanked."""
    client = client or Client()
    result = {}
    for url in urls:
        response = client.get(url)
        text = _body_text(response)
        for pattern in VOLATILE:
            text = pattern.sub("", text)
        result[url] = (response.status_code, text)
    return result


def find_differences(only=None):
    """Public URLs whose anonymous answer changes when unpublished records are added: counts, facets, pages."""
    world = build_public()
    urls, _ = plan_requests(world, only)
    before = snapshot(urls)
    add_secrets(world)
    after = snapshot(urls)
    return [url for url in urls if before[url] != after[url]]


@pytest.fixture
def world(db):
    return build_world()


@pytest.mark.parametrize("reader", ["anonymous", "signed-in reader"])
def test_no_public_url_reveals_an_unpublished_record(world, reader):
    client = Client()
    if reader != "anonymous":
        # An account without staff status or permissions sees what the public sees.
        client.force_login(UserFactory(username="reader", is_staff=False))
    leaks, visited = find_leaks(world, client)
    assert not leaks, "Unpublished records leak:\n" + "\n".join(leaks[:50])
    assert len(visited) > 100
    ok = {url for url, status in visited if status == 200}
    # The walk really reached the records' pages and the public content.
    for record in world.public:
        assert record.get_absolute_url() in ok
    for secret in world.secrets:
        expected = 410 if secret.state == "withdrawn" else 404
        assert (secret.record.get_absolute_url(), expected) in visited


@pytest.mark.django_db
def test_unpublished_records_change_no_public_answer_not_even_a_count():
    changed = find_differences()
    assert not changed, "Adding unpublished records changed these public answers:\n" + "\n".join(changed[:50])


@pytest.mark.django_db
@pytest.mark.urls("tests.security.leaky_urls")
def test_the_comparison_catches_a_count_that_includes_unpublished_records():
    changed = find_differences(only="/leaky/")
    assert "/leaky/count/" in changed
    assert "/leaky/record/open-readout/" not in changed


def test_the_walk_finds_every_named_public_pattern(world):
    resolver_names = {
        ":".join(
            [entry.namespace for entry in chain[:-1] if getattr(entry, "namespace", None)] + [chain[-1].name or ""]
        )
        for chain in public_patterns()
    }
    assert {"archive:document-detail", "meetings:meeting-detail", "people:person-detail"} <= resolver_names
    assert not any(name.startswith("admin:") for name in resolver_names)


@pytest.mark.urls("tests.security.leaky_urls")
def test_the_walk_catches_a_list_that_forgets_published(world):
    leaks, _ = find_leaks(world, only="/leaky/")
    assert any(leak.startswith("/leaky/everything/") and "Vexmoorian" in leak for leak in leaks)


@pytest.mark.urls("tests.security.leaky_urls")
def test_the_walk_catches_a_rule_retyped_as_not_draft(world):
    leaks, _ = find_leaks(world, only="/leaky/")
    not_draft = [leak for leak in leaks if leak.startswith("/leaky/not-draft/")]
    assert any("Ulverstane" in leak for leak in not_draft)  # in review
    assert any("Orrinshaw" in leak for leak in not_draft)  # scheduled
    assert not any("Vexmoorian" in leak for leak in not_draft)  # the draft was excluded


@pytest.mark.urls("tests.security.leaky_urls")
def test_the_walk_catches_a_detail_page_answering_200_and_a_search_that_leaks(world):
    leaks, _ = find_leaks(world, only="/leaky/")
    assert any("/leaky/record/zz-draft-document-secret/ answers 200" in leak for leak in leaks)
    assert any(leak.startswith("/leaky/search/?q=Marrowgate") and "Ulverstane" in leak for leak in leaks)
