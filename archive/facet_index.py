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
builds a new index. The DocumentFilter still parses and validates the
request; a filter the index does not know (one added to the FilterSet later)
sends the request down the plain SQL path, so the two cannot disagree
silently. ``tests/archive/test_facet_index.py`` checks that both give the
same rows, totals and counts.
"""

import threading
from dataclasses import dataclass

import numpy as np
from django.conf import settings

from .cache import public_version
from .facets import Facet, Option
from .workflow import published_q

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
        from .models import Document

        rows = list(
            Document.objects.published()
            .order_by("-publication_date", "title", "pk")
            .values_list("pk", "doc_type", "language", "publication_date")
        )
        self.size = len(rows)
        self.pks = np.array([row[0] for row in rows], dtype=np.int64)
        self.types = [value for value, _label in Document.Type.choices]
        self.type_code = np.array([self.types.index(row[1]) for row in rows], dtype=np.int16)
        self.languages = [value for value, _label in Document.Language.choices]
        self.language_code = np.array(
            [self.languages.index(row[2]) if row[2] in self.languages else -1 for row in rows], dtype=np.int16
        )
        self.date = np.array([row[3].toordinal() for row in rows], dtype=np.int32)
        self.year = np.array([row[3].year for row in rows], dtype=np.int32)
        self.by_pk = np.argsort(self.pks)
        titles = Document.objects.published().order_by("title", "pk").values_list("pk", flat=True)
        self.title_order = self.positions(np.fromiter(titles, dtype=np.int64, count=self.size))
        self.date_order = np.lexsort((np.arange(self.size), self.date))
        through = Document.themes.through.objects
        self.links = {
            "theme": self._links(through.values_list("document_id", "policytheme__slug", "policytheme__name")),
            "person": self._links(
                Document.people.through.objects.filter(published_q("person__")).values_list(
                    "document_id", "person__slug", "person__display_name"
                )
            ),
            "organization": self._links(
                Document.organizations.through.objects.values_list(
                    "document_id", "organization__slug", "organization__name"
                )
            ),
            "series": self._links(
                Document.meetings.through.objects.filter(published_q("meeting__"), meeting__series__isnull=False)
                .values_list("document_id", "meeting__series__slug", "meeting__series__name")
                .distinct()
            ),
        }

    def positions(self, pks):
        """Positions in display order of the given primary keys; those not public are dropped."""
        pks = np.asarray(pks, dtype=np.int64)
        if not self.size or not len(pks):
            return np.array([], dtype=np.int64)
        found = np.searchsorted(self.pks, pks, sorter=self.by_pk)
        found = np.minimum(found, self.size - 1)
        hits = self.pks[self.by_pk[found]] == pks
        return self.by_pk[found[hits]]

    def _links(self, rows):
        docs, values, slugs, labels, seen = [], [], [], [], {}
        for document_id, slug, label in rows.iterator(chunk_size=20000):
            number = seen.get(slug)
            if number is None:
                number = seen[slug] = len(slugs)
                slugs.append(slug)
                labels.append(label)
            docs.append(document_id)
            values.append(number)
        pks = np.array(docs, dtype=np.int64)
        values = np.array(values, dtype=np.int32)
        if len(pks) and self.size:
            found = np.minimum(np.searchsorted(self.pks, pks, sorter=self.by_pk), self.size - 1)
            public = self.pks[self.by_pk[found]] == pks
            positions, values = self.by_pk[found[public]], values[public]
        else:
            positions = np.array([], dtype=np.int64)
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


def document_index():
    """The index of the current public version, built on first use."""
    version = public_version()
    index = _current.get(version)
    if index is None:
        with _lock:
            index = _current.get(version)
            if index is None:
                index = DocumentIndex()
                _current.clear()
                _current[version] = index
    return index


def usable(filterset):
    """Whether the index can answer: enabled, valid input, and no filter it does not know."""
    if not getattr(settings, "ARCHIVE_FACET_INDEX", True):
        return False
    if not filterset.is_bound:
        return True
    given = {name for name in filterset.filters if filterset.data.get(name)}
    return filterset.is_valid() and given <= SUPPORTED
