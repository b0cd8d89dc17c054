"""FilterSets for the public document and theme lists: pages and the API share them."""

import django_filters
from django import forms

from meetings.models import Meeting, MeetingSeries
from people.models import Organization, Person

from .models import Document, PolicyTheme
from .search import filter_by_search


def published_people(request):
    """Evaluated per request, so a person whose scheduled time comes is selectable without a restart."""
    return Person.objects.published()


class SearchFilterMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")

    def filter_q(self, queryset, name, value):
        return filter_by_search(queryset, value)


class DocumentFilter(SearchFilterMixin):
    type = django_filters.MultipleChoiceFilter(
        field_name="doc_type", choices=Document.Type.choices, label="Type", widget=forms.CheckboxSelectMultiple
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        field_name="themes__slug", to_field_name="slug", queryset=PolicyTheme.objects.all(), label="Theme"
    )
    person = django_filters.ModelMultipleChoiceFilter(
        field_name="people__slug", to_field_name="slug", queryset=published_people, label="Person"
    )
    organization = django_filters.ModelMultipleChoiceFilter(
        field_name="organizations__slug",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label="Organization",
    )
    series = django_filters.ModelMultipleChoiceFilter(
        field_name="meetings__series__slug",
        to_field_name="slug",
        queryset=MeetingSeries.objects.all(),
        label="Meeting series",
        method="filter_series",
    )
    year = django_filters.NumberFilter(
        field_name="publication_date", lookup_expr="year", label="Year", min_value=1, max_value=9999, decimal_places=0
    )
    date_from = django_filters.DateFilter(field_name="publication_date", lookup_expr="gte", label="From")
    date_to = django_filters.DateFilter(field_name="publication_date", lookup_expr="lte", label="To")
    language = django_filters.ChoiceFilter(choices=Document.Language.choices, label="Language")
    sort = django_filters.OrderingFilter(
        fields=(("publication_date", "date"), ("title", "title")),
        field_labels={"publication_date": "Date", "title": "Title"},
        label="Sort",
    )

    class Meta:
        model = Document
        fields = ["q", "type", "theme", "person", "organization", "series", "year", "date_from", "date_to", "language"]

    def filter_series(self, queryset, name, value):
        """Documents that record a *published* meeting of any of the series."""
        if not value:
            return queryset
        return queryset.filter(meetings__in=Meeting.objects.published().filter(series__in=value)).distinct()


class ThemeFilter(django_filters.FilterSet):
    parent = django_filters.ModelChoiceFilter(
        field_name="parent__slug", to_field_name="slug", queryset=PolicyTheme.objects.all()
    )

    class Meta:
        model = PolicyTheme
        fields = ["parent"]
