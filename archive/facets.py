"""Facet counts for the public lists, each facet one grouped query.

A facet counts the records of the current (filtered) result per value, so
facets combine: choosing a theme narrows every other facet's counts. The
result is passed in as a QuerySet and used as a subquery, so the number of
queries is the number of facets whatever the size of the archive. Related
records count only when they are public themselves.
"""

from dataclasses import dataclass, field

from django.db.models import CharField, Count
from django.db.models.functions import Cast, Substr

from .workflow import published_q


@dataclass
class Option:
    value: str
    label: str
    count: int
    selected: bool = False


@dataclass
class Facet:
    param: str
    label: str
    options: list = field(default_factory=list)
    more: bool = False

    @property
    def selected(self):
        return [option for option in self.options if option.selected]


def _selected(data, param):
    return set(data.getlist(param)) if hasattr(data, "getlist") else set(data.get(param, []))


def year_expression(field_name):
    """The year of a date column as text, with no per-row function call into Python on SQLite."""
    return Substr(Cast(field_name, CharField()), 1, 4)


def choice_facet(ids, param, label, field_name, choices, data, *, model):
    rows = model.objects.filter(pk__in=ids).values(field_name).annotate(n=Count("pk")).order_by()
    counts = {row[field_name]: row["n"] for row in rows}
    chosen = _selected(data, param)
    options = [
        Option(value, text, counts.get(value, 0), value in chosen)
        for value, text in choices
        if counts.get(value) or value in chosen
    ]
    return Facet(param, label, options)


def year_facet(ids, param, label, field_name, data, *, model):
    rows = (
        model.objects.filter(pk__in=ids)
        .annotate(facet_year=year_expression(field_name))
        .values("facet_year")
        .annotate(n=Count("pk"))
        .order_by("-facet_year")
    )
    chosen = _selected(data, param)
    options = [Option(row["facet_year"], row["facet_year"], row["n"], row["facet_year"] in chosen) for row in rows]
    return Facet(param, label, options)


def related_facet(ids, param, label, through, owner, target, data, *, label_field, public=None, top=12):
    """Counts through a link table: ``owner`` is the list's column, ``target`` the facet's.

    ``public`` is the relation prefix of a publishable record the row must reach
    (``"person__"``): rows through unpublished records are not counted.
    """
    rows = through.objects.filter(**{f"{owner}__in": ids, f"{target}__isnull": False})
    if public:
        rows = rows.filter(published_q(public))
    rows = (
        rows.values(f"{target}__slug", f"{target}__{label_field}")
        .annotate(n=Count(owner, distinct=True))
        .order_by("-n", f"{target}__{label_field}")
    )
    chosen = _selected(data, param)
    rows = list(rows[: top + len(chosen) + 1])
    options = [Option(row[f"{target}__slug"], row[f"{target}__{label_field}"], row["n"]) for row in rows]
    more = len(options) > top + len(chosen)
    keep = options[:top]
    keep += [option for option in options[top:] if option.value in chosen]
    for option in keep:
        option.selected = option.value in chosen
    return Facet(param, label, keep, more)
