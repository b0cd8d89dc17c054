"""Full-text search through modelsearch, shared by pages, the API and the admin.

:func:`filter_by_search` narrows a QuerySet to the records matching ``q`` while
keeping it a QuerySet (the match is a subquery, never a list of ids), so
FilterSets, facets, ordering and pagination still apply. Public callers pass a
queryset that starts from ``.published()``.

:func:`search_model` serves the search page: it counts the hits first and
ranks by relevance only when there are few enough for ranking to be cheap; a
very common term is listed newest first instead. :func:`highlight` makes the
snippets.

Query syntax: words (all must match), ``"quoted phrases"``, and a trailing
``*`` for a prefix ("deter*"). A person is also found through the folded key
of any name variant, so "Shin Wonsik" finds Shin Won-sik.
"""

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe
from modelsearch.query import Or, PlainText
from modelsearch.utils import parse_query_string

from people.names import name_key

#: Above this many hits, results are ordered by date rather than relevance:
#: modelsearch's SQLite backend scores each hit with its own MATCH, so the cost
#: of ranking grows with the square of the hit count.
RANK_LIMIT = 100
#: Counting stops here; the page says "more than".
COUNT_LIMIT = 1000
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+", re.UNICODE)


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
    _filters, query = parse_query_string(clean.replace(":", " "))
    terms = [term for term in _WORD.findall(clean) if len(term) > 1 or not term.isascii()]
    return SearchQuery(text=clean, prefix=prefix, query=query, terms=terms)


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


def filter_by_search(queryset, q):
    parsed = parse(q)
    if parsed is None:
        return queryset
    hits = _match_queryset(matches(queryset.model, parsed))
    return queryset.filter(pk__in=hits.values("pk"))


@dataclass
class SearchSection:
    name: str
    count: int
    records: list
    by_date: bool


def search_model(model, parsed, *, limit=10, date_field=None, select_related=()):
    """Up to ``limit`` records of ``model`` for the search page, and the hit count.

    Ranking scores every hit, so above :data:`RANK_LIMIT` hits the newest come
    first (or, for records without a date, the model's own order).
    """
    # Counting stops past the limit: a very common term is not counted in full.
    count = _match_queryset(matches(model, parsed)).values("pk")[: COUNT_LIMIT + 1].count()
    by_date = count > RANK_LIMIT
    if not count:
        records = []
    elif by_date:
        hits = _match_queryset(matches(model, parsed)).values("pk")
        queryset = model.objects.published().filter(pk__in=hits)
        if date_field:
            queryset = queryset.order_by(f"-{date_field}", "-pk")
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
