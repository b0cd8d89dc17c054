"""Full-text search through modelsearch, shared by pages, the API and the admin.

:func:`filter_by_search` narrows a QuerySet to the records matching ``q`` while
keeping it a QuerySet, so FilterSets, facets, ordering and pagination still
apply. Public callers pass a queryset that starts from ``.published()``.
"""

SEARCH_LIMIT = 5000


def search_ids(model, q, *, limit=SEARCH_LIMIT):
    """Primary keys of published records of ``model`` that match ``q``, best first."""
    results = model.objects.published().search(q, order_by_relevance=True)
    return [record.pk for record in results[:limit]]


def filter_by_search(queryset, q):
    q = (q or "").strip()
    if not q:
        return queryset
    return queryset.filter(pk__in=search_ids(queryset.model, q))
