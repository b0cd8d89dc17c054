"""The meeting timeline: meetings per year and series, drawn as SVG on the server.

One grouped query gives the counts; the template draws one row per series and
one column per year, and prints the same counts as a table for readers who do
not see the picture. No JavaScript is involved.
"""

from dataclasses import dataclass, field

from django.db.models import Count

from archive.facets import year_expression

ROW_HEIGHT = 26
LABEL_WIDTH = 96
TOP = 24
MIN_COLUMN = 6


@dataclass
class Row:
    slug: str
    label: str
    name: str
    total: int = 0
    counts: dict = field(default_factory=dict)
    cells: list = field(default_factory=list)
    y: int = 0


@dataclass
class Timeline:
    years: list
    rows: list
    width: int = 0
    height: int = 0
    column: float = 0
    ticks: list = field(default_factory=list)

    @property
    def total(self):
        return sum(row.total for row in self.rows)


def build_timeline(meetings, *, compact=False, width=1100):
    """Counts of ``meetings`` (a published queryset) per series and year, laid out for SVG."""
    grouped = (
        meetings.order_by()
        .annotate(timeline_year=year_expression("start_date"))
        .values("series__slug", "series__acronym", "series__name", "timeline_year")
        .annotate(n=Count("pk"))
    )
    rows = {}
    years = set()
    for entry in grouped:
        slug = entry["series__slug"] or ""
        row = rows.get(slug)
        if row is None:
            label = entry["series__acronym"] or entry["series__name"] or "Other"
            row = rows[slug] = Row(slug, label[:12], entry["series__name"] or "Meetings outside a series")
        year = int(entry["timeline_year"])
        row.counts[year] = row.counts.get(year, 0) + entry["n"]
        row.total += entry["n"]
        years.add(year)
    if not years:
        return Timeline([], [])
    all_years = list(range(min(years), max(years) + 1))
    ordered = sorted(rows.values(), key=lambda row: (row.slug == "", -row.total, row.label))
    if compact:
        ordered = ordered[:6]
    column = max(MIN_COLUMN, (width - LABEL_WIDTH) / len(all_years))
    peak = max(max(row.counts.values()) for row in ordered) if ordered else 1
    for index, row in enumerate(ordered):
        row.y = TOP + index * ROW_HEIGHT
        for offset, year in enumerate(all_years):
            count = row.counts.get(year, 0)
            if count:
                radius = 2 + (ROW_HEIGHT / 2 - 3) * (count / peak) ** 0.5
                row.cells.append(
                    {
                        "year": year,
                        "count": count,
                        "x": round(LABEL_WIDTH + offset * column + column / 2, 1),
                        "r": round(min(radius, column / 2 + 2), 1),
                    }
                )
    step = next(step for step in (1, 2, 5, 10, 20, 50) if column * step >= 40)
    ticks = [
        {"year": year, "x": round(LABEL_WIDTH + offset * column + column / 2, 1)}
        for offset, year in enumerate(all_years)
        if year % step == 0
    ]
    return Timeline(
        years=all_years,
        rows=ordered,
        width=round(LABEL_WIDTH + column * len(all_years) + 8),
        height=TOP + len(ordered) * ROW_HEIGHT + 8,
        column=column,
        ticks=ticks,
    )
