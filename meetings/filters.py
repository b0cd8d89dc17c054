"""FilterSets for the public meeting and series lists: pages and the API share them."""

import django_filters

from archive.countries import Country
from archive.filters import SearchFilterMixin, published_people
from archive.models import PolicyTheme

from .models import Meeting, MeetingSeries


class MeetingFilter(SearchFilterMixin):
    series = django_filters.ModelMultipleChoiceFilter(
        field_name="series__slug", to_field_name="slug", queryset=MeetingSeries.objects.all(), label="Series"
    )
    year = django_filters.NumberFilter(
        field_name="start_date", lookup_expr="year", label="Year", min_value=1, max_value=9999, decimal_places=0
    )
    date_from = django_filters.DateFilter(field_name="start_date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="start_date", lookup_expr="lte", label="To")
    country = django_filters.ChoiceFilter(choices=Country.choices, label="Country")
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label="Kind")
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug", to_field_name="slug", queryset=PolicyTheme.objects.all(), label="Theme"
    )
    person = django_filters.ModelMultipleChoiceFilter(
        field_name="people__slug", to_field_name="slug", queryset=published_people, label="Participant"
    )
    sort = django_filters.OrderingFilter(fields=(("start_date", "date"), ("title", "title")), label="Sort")

    class Meta:
        model = Meeting
        fields = ["q", "series", "year", "date_from", "date_to", "country", "kind", "theme", "person"]


class SeriesFilter(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=MeetingSeries.Level.choices)

    class Meta:
        model = MeetingSeries
        fields = ["level"]
