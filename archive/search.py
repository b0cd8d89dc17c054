"""Full-text search through modelsearch, shared by pages, the API and the admin.

:func:`filter_by_search` narrows a QuerySet to the records matching ``q`` while
keeping it a QuerySet (the match is a subquery, never a list of ids), so
FilterSets, facets, ordering and pagination still apply. Public callers pass a
queryset that starts from ``.published()``.

:func:`search_model` serves the search page: it counts the hits (up to
:data:`COUNT_LIMIT`) and ranks them by relevance; a very common term is listed
newest first instead. :func:`highlight` makes the snippets.

Query syntax: words (all must match), ``"quoted phrases"``, and a trailing
``*`` for a prefix ("deter*"). A person is also found through the folded key
of any name variant, so "Shin Wonsik" finds Shin Won-sik.

Fast path on SQLite (FTS5): modelsearch's SQLite backend filters the model by
``pk IN (every hit)`` and scores each hit with a MATCH of its own, so a common
term costs seconds. :func:`fts_hits` instead reads modelsearch's own index
tables with the MATCH expression modelsearch's own query compiler builds for
the query (so the hits are the same set) and lists their entry ids from the
FTS5 index, stopping past the count limit; two per-process arrays turn them
into published records without a per-hit lookup in SQL (:class:`EntryMap`,
entry id to record id, read once; :class:`PublishedIds`, the published keys of
the current public version). Ranking uses the compiler's own bm25 expression
inside one MATCH. A very common term lists its newest hits first: dense hits by
walking the records in date order, sparse ones and prefixes by listing every
hit once and picking the first in memory (:class:`ListingOrder`); a prefix is
listed once for all three sections of the search page (:func:`prefix_listing`).
The index is still written only by modelsearch (and the project's bulk
writers). Other backends (PostgreSQL) go through modelsearch's querysets.
"""

import re
import threading
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from django.db import connections
from django.db.models import CharField, Exists, IntegerField, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.query import MatchAll, Not, Or, PlainText
from modelsearch.utils import get_descendants_content_types_pks, parse_query_string

from people.names import name_key

#: Up to this many hits, results are ranked by relevance; above it the newest
#: come first. Ranking computes bm25 for every hit, in the one MATCH that finds
#: them on SQLite, so it stays cheap up to the count limit.
RANK_LIMIT = 1000
#: The same limit where modelsearch's querysets rank (off SQLite FTS5).
QUERYSET_RANK_LIMIT = 100
#: Counting stops here; the page says "more than".
COUNT_LIMIT = 1000
#: What probing one record for a match costs, in rows of listing the matches:
#: a very common term is probed record by record in date order when that is
#: cheaper than listing all its matches once.
PROBE_COST = 200
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+", re.UNICODE)
#: A middle initial: a capital letter and a full stop between two capitalised words ("Lloyd J. Austin").
_MIDDLE_INITIAL = re.compile(r"(\b[A-Z][\w'-]*\s+)[A-Z]\.(?=\s+[A-Z])")


@dataclass
class SearchQuery:
    text: str
    prefix: bool = False
    query: object = None
    terms: list = field(default_factory=list)


def parse(text):
    text = " ".join((text or "").split())[:200]
    prefix = text.endswith("*")
    clean = text.rstrip("*").strip()
    if not clean or not _WORD.search(clean):
        return None
    _filters, query = parse_query_string(_without_initials(clean).replace(":", " "))
    terms = [term for term in _WORD.findall(clean) if len(term) > 1 or not term.isascii()]
    return SearchQuery(text=clean, prefix=prefix, query=query, terms=terms)


def _without_initials(text):
    """``text`` without the middle initials of names outside quotes ("Ashley A. Adams" -> "Ashley Adams").

    A one-letter word is in almost every record, so a middle initial narrows
    nothing (and misses "Lloyd Austin" written without it), while FTS5 reads the
    letter's whole list of rows to weigh it whenever the hits are ranked
    (milliseconds per section). Only a capital and a full stop between two
    capitalised words is taken for an initial: "Plan B", "World War I",
    "S. Korea" and quoted phrases are searched as written. A person is still
    found by a variant written with the initial, on the whole name's key.
    """
    parts = text.split('"')
    parts[::2] = [_MIDDLE_INITIAL.sub(r"\1", part) for part in parts[::2]]
    return " ".join('"'.join(parts).split())


def _with_name_key(model, parsed):
    key = name_key(parsed.text)
    if model._meta.label == "people.Person" and key and " " in parsed.text and '"' not in parsed.text:
        return Or([parsed.query, PlainText(key)])
    return parsed.query


def matches(model, parsed, *, order_by_relevance=False):
    """The modelsearch results for published records of ``model``."""
    base = model.objects.published().order_by()
    if parsed.prefix:
        return base.autocomplete(parsed.text, order_by_relevance=order_by_relevance)
    return base.search(_with_name_key(model, parsed), order_by_relevance=order_by_relevance)


def _match_queryset(results):
    # The database backends expose the matching QuerySet; keeping it lazy lets
    # the database run the match as a subquery of the caller's query.
    return results.get_queryset()


class FTSHits:
    """The FTS5 index rows matching a query, for one model, from modelsearch's own compiler.

    ``rows``, ``entries`` and ``score`` are querysets and expressions built when
    first used; the listings of hits run plain SQL with :attr:`match_param`, the
    MATCH argument modelsearch's compiler writes for the query.
    """

    def __init__(self, match, content_types, compiler, config, using):
        #: The MATCH condition alone (modelsearch's lookup).
        self.match = match
        self.using = using
        self._content_types, self._compiler, self._config = content_types, compiler, config

    @cached_property
    def match_param(self):
        """The MATCH argument, e.g. ``{title body} : ("alliance")``, compiled as modelsearch compiles it."""
        from modelsearch.models import SQLiteFTSIndexEntry

        rows = SQLiteFTSIndexEntry.objects.using(self.using).filter(self.match).values("pk")
        _sql, params = rows.query.sql_with_params()
        (param,) = params
        return param

    def listing(self, *, first=None, last=None, after=0, limit=None):
        """The matching entry ids (in id order), between ``first`` and ``last`` if given, above ``after``,
        at most ``limit``: one FTS5 statement that returns them as one text value."""
        from modelsearch.models import SQLiteFTSIndexEntry

        table = SQLiteFTSIndexEntry._meta.db_table
        # One lower and one upper bound: FTS5 seeks to a row id range only from a single pair.
        where, params = [f"{table} MATCH %s", "rowid >= %s"], [self.match_param, max(after + 1, first or 0)]
        if last is not None:
            where.append("rowid <= %s")
            params.append(last)
        bound = f" LIMIT {int(limit)}" if limit else ""
        sql = f"SELECT rowid FROM {table} WHERE {' AND '.join(where)} ORDER BY rowid{bound}"  # noqa: S608
        return _listed_ids(self.using, sql, params, "rowid")

    @cached_property
    def rows(self):
        """SQLiteFTSIndexEntry rows matching, bounded to the model's entry ids."""
        from modelsearch.models import IndexEntry, SQLiteFTSIndexEntry

        # The index holds every model's entries: bounding the row ids to this
        # model's (two index seeks) keeps FTS5 from walking the hits of a term
        # common in other models. Plain SQL: a Subquery costs more to build.
        table, marks = IndexEntry._meta.db_table, ", ".join(["%s"] * len(self._content_types))
        first, last = (
            RawSQL(
                f"SELECT id FROM {table} WHERE content_type_id IN ({marks}) ORDER BY id {way} LIMIT 1",  # noqa: S608
                self._content_types,
            )
            for way in ("ASC", "DESC")
        )
        return SQLiteFTSIndexEntry.objects.using(self.using).filter(
            self.match, index_entry__gte=first, index_entry__lte=last
        )

    @cached_property
    def entries(self):
        """The same rows of the model's content types, annotated with ``record_id``."""
        return self.rows.filter(index_entry__content_type_id__in=self._content_types).annotate(
            record_id=Cast("index_entry__object_id", IntegerField())
        )

    @cached_property
    def score(self):
        """modelsearch's rank expression over the rows (bm25; lower is better)."""
        return self._compiler._build_rank_expression(self._compiler.get_search_vectors(), self._config)


def fts_hits(model, results):
    """The FTS5 rows behind modelsearch ``results`` of ``model``, or None off SQLite FTS5.

    The MATCH expression and the score are built by modelsearch's own query
    compiler, exactly as its ``search()`` does, so the rows are the ones it
    would match. The rows are not filtered by publication: callers do that.
    """
    if type(results).__name__ != "SQLiteSearchResults":
        return None
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize

    compiler = results.query_compiler
    query = normalize(compiler.query)
    if isinstance(query, (MatchAll, Not)):
        return None
    config = compiler.get_config(results.backend)
    match = MatchExpression(compiler.fields or compiler.FTS_TABLE_FIELDS, compiler.build_search_query(query, config))
    content_types = get_descendants_content_types_pks(model)
    return FTSHits(match, content_types, compiler, config, compiler.queryset.db)


def filter_by_search(queryset, q):
    parsed = parse(q)
    if parsed is None:
        return queryset
    results = matches(queryset.model, parsed)
    hits = fts_hits(queryset.model, results)
    if hits is None:
        return queryset.filter(pk__in=_match_queryset(results).values("pk"))
    return queryset.filter(pk__in=hits.entries.values("record_id"))


def hit_pks(model, q):
    """Primary keys of the records of ``model`` whose index entries match ``q``, or None.

    NOT filtered by publication: only for intersecting with a set that already
    holds published records alone (the document list's facet index). None when
    ``q`` is empty or the backend is not SQLite FTS5; callers then use
    :func:`filter_by_search`.

    A very common word matches most of the archive, and any SQL that turns
    that many FTS5 rows into record ids reads a wide index row per hit
    (hundreds of milliseconds). Here FTS5 lists only its row ids, and an
    in-memory map from index entry id to record id (see :class:`EntryMap`)
    turns them into primary keys.
    """
    parsed = parse(q)
    if parsed is None:
        return None
    hits = fts_hits(model, matches(model, parsed))
    if hits is None:
        return None
    entry_map = EntryMap.of(model, hits.using)
    return entry_map.record_ids(hits.listing(**entry_map.bounds()))


class EntryMap:
    """Index entry id -> record primary key for one model, read once per process.

    modelsearch's entry ids are SQLite AUTOINCREMENT ids, never reused, and an
    entry keeps its id and record when updated; so the map stays right while
    new entries (ids above the highest one read) are read as they appear. A
    deleted entry stays in the map but FTS5 no longer lists it. Inside a
    transaction the map is neither cached nor reused: rows it could see may
    still be rolled back.
    """

    _maps = {}
    _lock = threading.Lock()

    def __init__(self, content_types):
        self.content_types = content_types
        self.entries = np.array([], dtype=np.int64)
        self.records = np.array([], dtype=np.int64)
        self.last = 0

    @classmethod
    def of(cls, model, using):
        from modelsearch.models import IndexEntry

        connection = connections[using]
        content_types = tuple(get_descendants_content_types_pks(model))
        with connection.cursor() as cursor:  # plain SQL: an ORM aggregate costs more to build than to run
            cursor.execute(f"SELECT MAX(id) FROM {IndexEntry._meta.db_table}")  # noqa: S608 - a model's own table
            last = cursor.fetchone()[0] or 0
        key = (using, str(connection.settings_dict["NAME"]), content_types)
        if connection.in_atomic_block:
            return cls(content_types).read(using, last)
        with cls._lock:
            found = cls._maps.get(key)
            if found is None or last < found.last:
                found = cls._maps[key] = cls(content_types)
            if last > found.last:
                found.read(using, last)
            return found

    def read(self, using, last):
        from modelsearch.models import IndexEntry

        new = IndexEntry.objects.using(using).filter(content_type_id__in=self.content_types)
        if self.last:
            new = new.filter(pk__gt=self.last, pk__lte=last)
        # else a first read: on the content type alone SQLite reads the (content type, object id)
        # index, which holds the entry ids too, instead of every wide entry row (15 times slower).
        pairs = np.array(list(new.values_list("pk", "object_id")), dtype=np.int64).reshape(-1, 2)
        pairs = pairs[pairs[:, 0] <= last]  # entries added since ``last`` was read come next time
        entries = np.concatenate([self.entries, pairs[:, 0]])
        order = np.argsort(entries, kind="stable")
        self.entries = entries[order]
        self.records = np.concatenate([self.records, pairs[:, 1]])[order]
        self.last = last
        return self

    def bounds(self):
        """The lowest and highest entry id of the model, as ``first`` and ``last`` (empty when it has none)."""
        if not len(self.entries):
            return {"first": 1, "last": 0}
        return {"first": int(self.entries[0]), "last": int(self.entries[-1])}

    def lookup(self, entries):
        """(the entries this model holds, their record ids), in the order given."""
        index, known = _find(self.entries, entries)
        return entries[known], self.records[index[known]]

    def record_ids(self, entries):
        return self.lookup(entries)[1]


def _per_public_version(store, key, model, using, read):
    """``read()``, kept in ``store`` under ``key`` for the current public version of this process.

    Any edit, publication or withdrawal, and the moment a scheduled record falls
    due, gives a new public version (archive/cache.py), and the next call reads
    afresh. Inside a transaction the value is read and not kept.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        return read()
    from .cache import kept_for_version, public_version

    key = (model._meta.label, using, str(connection.settings_dict["NAME"]), *key)
    return kept_for_version(store, key, public_version(), read)


class PublishedIds:
    """The sorted primary keys of a model's published records, per process and public version."""

    _current = {}

    @classmethod
    def of(cls, model, using):
        return _per_public_version(cls._current, (), model, using, lambda: cls.read(model, using))

    @staticmethod
    def read(model, using):
        """``.published()``, read through :meth:`~archive.workflow.PublishableQuerySet.published_parts`."""
        with_status, scheduled = model.objects.using(using).published_parts()
        return np.setdiff1d(_group_keys(with_status), _group_keys(scheduled))


class Places:
    """Each of some keys' place in a sequence of them (0 first), looked up many at a time."""

    def __init__(self, keys):
        top = int(keys.max()) + 1 if len(keys) else 0
        if top <= 4 * len(keys) + 65536:  # keys from a sequence, as primary keys are: an array indexed by key
            self.by_key = np.full(top, -1, dtype=np.int64)
            self.by_key[keys] = np.arange(len(keys), dtype=np.int64)
            self.keys = self.places = None
        else:  # sparse keys: sorted, found by binary search
            self.by_key = None
            self.places = np.argsort(keys, kind="stable")
            self.keys = keys[self.places]

    def of(self, records):
        """(the ``records`` that have a place, their places)."""
        if self.by_key is not None:
            records = records[(records >= 0) & (records < len(self.by_key))]
            places = self.by_key[records]
            placed = places >= 0
            return records[placed], places[placed]
        index, placed = _find(self.keys, records)
        return records[placed], self.places[index[placed]]


class ListingOrder:
    """Where each published record of a model comes in a listing order, per process and public version.

    Read as the published keys, sorted, and each one's place in ``ordering``
    (0 first); records that are not published, or newer than the read, have
    none. The search page picks the first hits of a prefix, or of a term whose
    hits are sparse, in this order from the hits it has listed, instead of
    walking the records in SQL.
    """

    _current = {}

    @classmethod
    def of(cls, model, ordering, using, published=None):
        """``published``: the model's published keys (:class:`PublishedIds`), when the caller has them."""
        return _per_public_version(
            cls._current, tuple(ordering), model, using, lambda: cls.read(model, ordering, using, published)
        )

    @classmethod
    def read(cls, model, ordering, using, published=None):
        """The :class:`Places` of the published records in ``ordering``."""
        # The records with the published status, in order, from an index on (status, date) where there is one
        # (the scheduled ones are left out after: testing each record's publication time would read its row).
        with_status, _scheduled = model.objects.using(using).published_parts()
        sql, params = with_status.order_by(*ordering).values_list("pk", flat=True).query.sql_with_params()
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            keys = np.fromiter((row[0] for row in cursor.fetchall()), dtype=np.int64)
        keys = keys[_member(keys, PublishedIds.of(model, using) if published is None else published)]
        return Places(keys)

    @staticmethod
    def first(order, records, limit):
        """The first ``limit`` of ``records`` in the listing order (only those it places)."""
        if limit <= 0:
            return []
        records, places = order.of(records)
        if len(places) > limit:  # the first ``limit`` places, then only those sorted
            nearest = np.argpartition(places, limit)[:limit]
            records, places = records[nearest], places[nearest]
        return records[np.argsort(places, kind="stable")].tolist()


def _group_keys(queryset):
    """The primary keys of ``queryset``, sorted; read as one text value rather than a row per record."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return np.unique(_listed_ids(queryset.db, sql, params, "pk"))


@dataclass
class SearchSection:
    name: str
    count: int
    records: list
    by_date: bool


@dataclass
class PrefixListing:
    """Every index entry id matching one MATCH, of every model, listed by FTS5 once."""

    #: The database and MATCH argument it was listed with: a section uses it only if its own are the same.
    key: tuple
    entries: object


def _list_all(hits):
    return PrefixListing((hits.using, hits.match_param), hits.listing())


def prefix_listing(model, parsed):
    """For a prefix query on SQLite FTS5, every matching index entry id of every model; else None.

    FTS5 expands a prefix into every term it starts and merges their lists in
    each statement that matches it, whatever rows the statement then keeps, so a
    prefix of a common stem ("secur*") costs milliseconds per statement. One
    listing of the hits of all models costs about what one statement bounded to
    a model costs, and serves the count and the first page of every section of
    the search page: pass it to :func:`search_model` as ``listing``.
    """
    if not parsed.prefix:
        return None
    hits = fts_hits(model, matches(model, parsed))
    return None if hits is None else _list_all(hits)


def search_model(model, parsed, *, limit=10, date_field=None, select_related=(), listing=None):
    """Up to ``limit`` published records of ``model`` for the search page, and the hit count.

    Up to :data:`RANK_LIMIT` hits are ranked by relevance; above it the newest
    come first (or, for records without a date, the model's own order). A prefix
    query is listed once (:func:`prefix_listing`); pass that ``listing`` when
    searching several models for one query.
    """
    results = matches(model, parsed)
    hits = fts_hits(model, results)
    if hits is None:
        return _search_model_queryset(model, parsed, limit=limit, date_field=date_field, select_related=select_related)
    if parsed.prefix and (listing is None or listing.key != (hits.using, hits.match_param)):
        listing = _list_all(hits)
    elif not parsed.prefix:
        listing = None
    published = model.objects.published()
    found = _count_hits(model, hits, listing)
    count = found["count"]
    by_date = count > RANK_LIMIT
    queryset = published.select_related(*select_related)
    if not count:
        records = []
    elif not by_date:
        ids = _ranked(hits, found, published)[:limit]
        in_bulk = queryset.in_bulk(ids)
        records = [in_bulk[pk] for pk in ids if pk in in_bulk]
    elif found["all"] is not None or parsed.prefix or not _probing_is_cheaper(found, limit):
        # Every published hit's record id, in memory (listed now unless the count listed them all
        # already), and the first of them in the listing order: no walk of the records in SQL.
        every = found["all"] if found["all"] is not None else _every_public_hit(hits, found)
        ordering = listing_ordering(model, date_field)
        order = ListingOrder.of(model, ordering, hits.using, published=found["published"])
        ids = ListingOrder.first(order, every, limit)
        in_bulk = queryset.in_bulk(ids)
        records = [in_bulk[pk] for pk in ids if pk in in_bulk]
    else:
        # Dense hits: the page fills after a few records, each probed in date order.
        queryset = _newest_first_hits(queryset, hits).order_by(*listing_ordering(model, date_field))
        records = list(queryset[:limit])
    return SearchSection(model._meta.verbose_name_plural, count, records, by_date and bool(date_field))


def listing_ordering(model, date_field):
    """The order of a section's records when it lists the newest first: by ``date_field``, else the model's own."""
    return [f"-{date_field}", "-pk"] if date_field else [*model._meta.ordering, "pk"]


def _count_hits(model, hits, listing=None):
    """The published hits, up to the count limit: how many, their index entry and record ids,
    the spread of their entry ids, and the model's entry range.

    FTS5 lists the matching entry ids alone, in id order, and stops past the
    limit (a very common term is not listed in full); :class:`EntryMap` turns
    them into record ids and :class:`PublishedIds` keeps the published ones.
    No per-hit join or lookup runs in SQL. With a ``listing`` of every hit
    (:func:`prefix_listing`) nothing is listed again, and ``all`` holds the
    record ids of every published hit.
    """
    using = hits.using
    entry_map = EntryMap.of(model, using)
    published = PublishedIds.of(model, using)
    if listing is not None:
        known, their_records = entry_map.lookup(listing.entries)
        public = _member(their_records, published)
        return _counted(entry_map, published, known[public], their_records[public], few=True)
    wanted = COUNT_LIMIT + 1

    def public_hits_after(after, limit):
        listed = hits.listing(**entry_map.bounds(), after=after, limit=limit)
        known, their_records = entry_map.lookup(listed)
        public = _member(their_records, published)
        return listed, known[public], their_records[public]

    # Twice the limit is almost always enough; if too many of those hits are
    # not public, one more listing reads the rest.
    listed, entries, records = public_hits_after(0, 2 * wanted)
    few = len(listed) < 2 * wanted  # every hit, public or not, is in this one listing
    if len(entries) < wanted and not few:
        _listed, more_entries, more_records = public_hits_after(int(listed.max()), None)
        entries, records = np.concatenate([entries, more_entries]), np.concatenate([records, more_records])
    return _counted(entry_map, published, entries, records, few=few)


def _counted(entry_map, published, entries, records, *, few):
    everything = records
    entries, records = entries[: COUNT_LIMIT + 1], records[: COUNT_LIMIT + 1]
    count = len(entries)
    return {
        "count": count,
        "low": int(entries[0]) if count else None,
        "high": int(entries[-1]) if count else None,
        "first": int(entry_map.entries[0]) if len(entry_map.entries) else None,
        "last": int(entry_map.entries[-1]) if len(entry_map.entries) else None,
        "entries": entries,
        "records": records,
        "few": few,
        "all": everything if few else None,
        "map": entry_map,
        "published": published,
    }


def _member(values, sorted_set):
    """A mask: which of ``values`` are in ``sorted_set`` (a sorted array)."""
    return _find(sorted_set, values)[1]


def _find(sorted_keys, values):
    """Where each of ``values`` stands in ``sorted_keys`` (a sorted array): (its index, whether it is
    there); the index means something only where it is there."""
    if not len(sorted_keys):
        return np.zeros(len(values), dtype=np.int64), np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(sorted_keys, values), len(sorted_keys) - 1)
    return index, sorted_keys[index] == values


def _listed_ids(using, sql, params, column):
    """The integer ``column`` of ``sql``'s rows, in their order, read as one text value rather than a row per id."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"SELECT group_concat({column}) FROM ({sql})", params)  # noqa: S608 - SQL of our own
        (listed,) = cursor.fetchone()
    return np.fromstring(listed or "", dtype=np.int64, sep=",")


def _public_hits(hits, published):
    """The FTS rows of ``hits`` whose record is in ``published``, with their ``record_id``."""
    return hits.entries.filter(Exists(published.filter(pk=OuterRef("record_id"))))


def _ranked(hits, found, published):
    """Record ids of the counted hits in relevance order (modelsearch's bm25, then the newest record).

    When the count's one listing held every hit (at most twice the count limit,
    public or not), all of them are scored in one MATCH and the public ones kept
    here; otherwise (many hits not public) the public ones are scored in SQL.
    """
    if not found["few"]:
        ranked = _public_hits(hits, published).annotate(score=hits.score).order_by("score", "-record_id")
        return list(ranked.values_list("record_id", flat=True))
    record_of = dict(zip(found["entries"].tolist(), found["records"].tolist(), strict=True))
    scored = hits.rows.annotate(score=hits.score).values_list("pk", "score")
    ranked = sorted((score, -record_of[pk], record_of[pk]) for pk, score in scored if pk in record_of)
    return [record for _score, _minus, record in ranked]


def _probing_is_cheaper(found, limit):
    """Whether probing records in date order beats listing every match, judged from the counted hits.

    The hits come in row-id order: how far the counted ones spread tells how
    dense the matches are, so how many records a walk reads before a page is
    full, and how many matches the model's whole entry range holds.
    """
    density = found["count"] / (found["high"] - found["low"] + 1)
    return limit / density * PROBE_COST <= density * (found["last"] - found["first"] + 1)


def _newest_first_hits(queryset, hits):
    """``queryset`` narrowed to the hits, for walking records in date order until a page is full.

    Used when the hits are dense (see :func:`_probing_is_cheaper`): the page
    fills after a few records, each probed (its unique index entry, then an
    FTS5 row-id seek). Otherwise every hit is listed once and the first are
    picked in memory (:class:`ListingOrder`).
    """
    return queryset.filter(Exists(hits.entries.filter(index_entry__object_id=Cast(OuterRef("pk"), CharField()))))


def _every_public_hit(hits, found):
    """The record ids of every published hit of the model, listed by FTS5 in one statement."""
    _known, records = found["map"].lookup(hits.listing(**found["map"].bounds()))
    return records[_member(records, found["published"])]


def _search_model_queryset(model, parsed, *, limit, date_field, select_related):
    """:func:`search_model` through modelsearch's querysets (backends other than SQLite FTS5).

    Their ranking scores each hit on its own, so it stops at a lower count.
    """
    # Unordered: modelsearch orders by -pk, which would sort every hit first.
    count = _match_queryset(matches(model, parsed)).values("pk").order_by()[: COUNT_LIMIT + 1].count()
    by_date = count > min(RANK_LIMIT, QUERYSET_RANK_LIMIT)
    if not count:
        records = []
    elif by_date:
        hits = _match_queryset(matches(model, parsed)).values("pk")
        queryset = model.objects.published().filter(pk__in=hits)
        queryset = queryset.order_by(*listing_ordering(model, date_field))
        records = list(queryset.select_related(*select_related)[:limit])
    else:
        ranked = _match_queryset(matches(model, parsed, order_by_relevance=True))
        records = list(ranked.select_related(*select_related)[:limit])
    return SearchSection(model._meta.verbose_name_plural, count, records, by_date and bool(date_field))


def highlight(text, terms, *, length=SNIPPET_CHARS):
    """An escaped excerpt of ``text`` around the first term found, terms wrapped in <mark>."""
    text = " ".join((text or "").split())
    if not text:
        return ""
    pattern = _terms_pattern(terms)
    start = 0
    if pattern:
        found = pattern.search(text)
        if found:
            start = max(0, found.start() - length // 3)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
    excerpt = text[start : start + length]
    if start + length < len(text):
        excerpt = excerpt.rsplit(" ", 1)[0] + " …"
    if start:
        excerpt = "… " + excerpt
    if not pattern:
        return escape(excerpt)
    parts = []
    last = 0
    for found in pattern.finditer(excerpt):
        parts.append(escape(excerpt[last : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        last = found.end()
    parts.append(escape(excerpt[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


def _terms_pattern(terms):
    terms = sorted({term for term in terms if term}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(re.escape(term) for term in terms) + r")", re.IGNORECASE)
