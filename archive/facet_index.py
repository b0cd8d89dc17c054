"""An in-memory facet index of the published documents, for the document list.

Counting facets in SQL touches every matching row once per facet: at 100,000
documents that is most of a second per request. This index holds, per process,
the published documents as a few numpy arrays (type, language, date, display
order) and the links (themes, people, organizations, meeting series) as pairs
of positions. Filtering is then a boolean mask, each facet one ``bincount``,
and the page's 20 rows one SQL query by primary key.

The index is built from ``.published()`` in a fixed number of queries and
belongs to one public version (archive/cache.py): any edit, publication,
withdrawal or scheduled publication gives a new version and the next request
builds a new index (the previous version's is kept beside it, for requests
still answering for that version). The DocumentFilter still parses and validates the
request; a filter the index does not know (one added to the FilterSet later)
sends the request down the plain SQL path, so the two cannot disagree
silently. ``tests/archive/test_facet_index.py`` checks that both give the
same rows, totals and counts.
"""

import itertools
import threading
from dataclasses import dataclass

import numpy as np
from django.conf import settings
from django.db import connections

from .cache import held_for_version, kept_for_version, public_version
from .facets import Facet, Option

SUPPORTED = {
    "q",
    "type",
    "theme",
    "person",
    "organization",
    "series",
    "year",
    "date_from",
    "date_to",
    "language",
    "sort",
}
_lock = threading.Lock()
_current = {}


@dataclass
class Links:
    doc: np.ndarray
    value: np.ndarray
    slugs: list
    labels: list
    label_rank: np.ndarray

    def index_of(self, slugs):
        wanted = set(slugs)
        return [i for i, slug in enumerate(self.slugs) if slug in wanted]


class DocumentIndex:
    def __init__(self):
        from meetings.models import MeetingSeries
        from people.models import Organization, Person

        from .models import Document, PolicyTheme

        # One read, in title order; the display order (newest first, then by title) is sorted here.
        rows = list(
            Document.objects.published()
            .order_by("title", "pk")
            .values_list("pk", "doc_type", "language", "publication_date")
        )
        self.size = len(rows)
        date = np.array([row[3].toordinal() for row in rows], dtype=np.int32)
        display = np.lexsort((np.arange(self.size), -date))  # title-order rows, newest first
        self.title_order = np.empty(self.size, dtype=np.int64)
        self.title_order[display] = np.arange(self.size)  # display positions, in title order
        self.pks = np.array([row[0] for row in rows], dtype=np.int64)[display]
        self.types = [value for value, _label in Document.Type.choices]
        self.type_code = np.array([self.types.index(row[1]) for row in rows], dtype=np.int16)[display]
        self.languages = [value for value, _label in Document.Language.choices]
        self.language_code = np.array(
            [self.languages.index(row[2]) if row[2] in self.languages else -1 for row in rows], dtype=np.int16
        )[display]
        self.date = date[display]
        self.year = np.array([row[3].year for row in rows], dtype=np.int32)[display]
        self.by_pk = np.argsort(self.pks)
        self.date_order = np.lexsort((np.arange(self.size), self.date))
        self.links = {
            "theme": self._links(
                _pairs(Document.themes.through.objects, "document_id", "policytheme_id"), PolicyTheme.objects.all()
            ),
            "person": self._links(
                _pairs(Document.people.through.objects, "document_id", "person_id"),
                Person.objects.published(),
                label="display_name",
            ),
            "organization": self._links(
                _pairs(Document.organizations.through.objects, "document_id", "organization_id"),
                Organization.objects.all(),
            ),
            "series": self._links(self._series_pairs(), MeetingSeries.objects.all()),
        }

    @staticmethod
    def _series_pairs():
        """(document, series) of the links to published meetings of a series, each pair once."""
        from meetings.models import Meeting

        from .models import Document

        meetings = _pairs(Meeting.objects.published().filter(series__isnull=False), "pk", "series_id")
        links = _pairs(Document.meetings.through.objects, "document_id", "meeting_id")
        if not len(meetings) or not len(links):
            return np.empty((0, 2), dtype=np.int64)
        order = np.argsort(meetings[:, 0])
        found = np.minimum(np.searchsorted(meetings[order, 0], links[:, 1]), len(order) - 1)
        public = meetings[order[found], 0] == links[:, 1]
        pairs = np.column_stack((links[public, 0], meetings[order[found[public]], 1]))
        return np.unique(pairs, axis=0)

    def positions(self, pks):
        """Positions in display order of the given primary keys; those not public are dropped."""
        pks = np.asarray(pks, dtype=np.int64)
        if not self.size or not len(pks):
            return np.array([], dtype=np.int64)
        found = np.searchsorted(self.pks, pks, sorter=self.by_pk)
        found = np.minimum(found, self.size - 1)
        hits = self.pks[self.by_pk[found]] == pks
        return self.by_pk[found[hits]]

    def _links(self, pairs, targets, label="name"):
        """Links from (document pk, target pk) pairs to the records of the queryset ``targets``:
        positions of public documents, and numbers of the targets that some document links to."""
        used = set(np.unique(pairs[:, 1]).tolist())
        known = {pk: (slug, name) for pk, slug, name in targets.values_list("pk", "slug", label) if pk in used}
        numbers = np.array(sorted(known), dtype=np.int64)
        slugs = [known[pk][0] for pk in numbers.tolist()]
        labels = [known[pk][1] for pk in numbers.tolist()]
        values = np.searchsorted(numbers, pairs[:, 1])
        linked = values < len(numbers)
        linked[linked] = numbers[values[linked]] == pairs[linked, 1]
        docs, values = pairs[linked, 0], values[linked].astype(np.int32)
        if len(docs) and self.size:
            found = np.minimum(np.searchsorted(self.pks, docs, sorter=self.by_pk), self.size - 1)
            public = self.pks[self.by_pk[found]] == docs
            positions, values = self.by_pk[found[public]], values[public]
        else:
            positions, values = np.array([], dtype=np.int64), np.array([], dtype=np.int32)
        order = sorted(range(len(labels)), key=lambda i: (labels[i] or "").casefold())
        rank = np.empty(len(labels), dtype=np.int32)
        rank[order] = np.arange(len(labels), dtype=np.int32)
        return Links(positions, values, slugs, labels, rank)

    def mask(self, data, raw, search_pks=None):
        """The documents passing the FilterSet's cleaned ``data``; related filters by the slugs in ``raw``."""
        mask = np.ones(self.size, dtype=bool)
        if search_pks is not None:
            chosen = np.zeros(self.size, dtype=bool)
            chosen[self.positions(search_pks)] = True
            mask &= chosen
        if data.get("type"):
            mask &= np.isin(self.type_code, [self.types.index(value) for value in data["type"]])
        if data.get("language"):
            mask &= self.language_code == self.languages.index(data["language"])
        if data.get("year") is not None:
            mask &= self.year == int(data["year"])
        if data.get("date_from"):
            mask &= self.date >= data["date_from"].toordinal()
        if data.get("date_to"):
            mask &= self.date <= data["date_to"].toordinal()
        for param, links in self.links.items():
            if data.get(param):
                wanted = links.index_of(raw.getlist(param))
                chosen = np.zeros(self.size, dtype=bool)
                chosen[links.doc[np.isin(links.value, wanted)]] = True
                mask &= chosen
        return mask

    def ordered(self, mask, sort):
        key = (sort or [""])[0]
        order = {
            "title": self.title_order,
            "-title": self.title_order[::-1],
            "date": self.date_order,
            "-date": self.date_order[::-1],
        }.get(key)
        if order is None:
            return np.flatnonzero(mask)
        return order[mask[order]]

    def choice_facet(self, mask, param, label, values, choices, codes, query):
        counts = np.bincount(codes[mask & (codes >= 0)], minlength=len(values))
        chosen = set(query.getlist(param))
        labels = dict(choices)
        return Facet(
            param,
            label,
            [
                Option(value, labels[value], int(counts[i]), value in chosen)
                for i, value in enumerate(values)
                if counts[i] or value in chosen
            ],
        )

    def year_facet(self, mask, query):
        years = self.year[mask]
        chosen = set(query.getlist("year"))
        if not len(years):
            return Facet("year", "Year", [])
        low = int(years.min())
        counts = np.bincount(years - low)
        options = [
            Option(str(low + i), str(low + i), int(count), str(low + i) in chosen)
            for i, count in enumerate(counts)
            if count
        ]
        return Facet("year", "Year", options[::-1])

    def related_facet(self, mask, param, label, query, top=12):
        links = self.links[param]
        if not len(links.slugs):
            return Facet(param, label, [])
        counts = np.bincount(links.value[mask[links.doc]], minlength=len(links.slugs))
        chosen = set(query.getlist(param))
        nonzero = np.flatnonzero(counts)
        order = nonzero[np.lexsort((links.label_rank[nonzero], -counts[nonzero]))]
        keep = list(order[:top]) + [i for i in order[top:] if links.slugs[i] in chosen]
        options = [Option(links.slugs[i], links.labels[i], int(counts[i]), links.slugs[i] in chosen) for i in keep]
        return Facet(param, label, options, more=len(order) > len(keep))


class IndexedResult:
    """The filtered documents in order, sliceable like a QuerySet for the paginator."""

    def __init__(self, index, positions, queryset):
        self.index, self.positions, self.queryset = index, positions, queryset

    def count(self):
        return len(self.positions)

    def __len__(self):
        return len(self.positions)

    def __getitem__(self, item):
        pks = [int(pk) for pk in self.index.pks[self.positions[item]]]
        records = {record.pk: record for record in self.queryset.filter(pk__in=pks)}
        return [records[pk] for pk in pks if pk in records]


def _pairs(queryset, first, second):
    """Two integer columns of ``queryset`` as an (n, 2) array, read without a model or tuple kept per row."""
    sql, params = queryset.order_by().values_list(first, second).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = itertools.chain.from_iterable(itertools.chain.from_iterable(iter(lambda: cursor.fetchmany(20000), [])))
        return np.fromiter(rows, dtype=np.int64).reshape(-1, 2)


def document_index():
    """The index of the current public version, built on first use (about a second and 16 MB at 100,000
    documents), and kept beside the previous version's (archive.cache.kept_for_version)."""
    version = public_version()
    index = held_for_version(_current, "documents", version)
    if index is None:
        with _lock:
            index = kept_for_version(_current, "documents", version, DocumentIndex)
    return index


def usable(filterset):
    """Whether the index can answer: enabled, valid input, and no filter it does not know."""
    if not getattr(settings, "ARCHIVE_FACET_INDEX", True):
        return False
    if not filterset.is_bound:
        return True
    given = {name for name in filterset.filters if filterset.data.get(name)}
    return filterset.is_valid() and given <= SUPPORTED
