"""FilterSets for the public people and organization lists: pages and the API share them."""

import django_filters

from archive.countries import Country
from archive.filters import SearchFilterMixin

from .models import Organization, Person


class PersonFilter(SearchFilterMixin):
    country = django_filters.ChoiceFilter(choices=Country.choices, label="Country")
    organization = django_filters.ModelMultipleChoiceFilter(
        field_name="appointments__organization__slug",
        to_field_name="slug",
        queryset=Organization.objects.all(),
        label="Organization",
    )
    letter = django_filters.CharFilter(
        field_name="family_name", lookup_expr="istartswith", label="Initial", max_length=1
    )
    sort = django_filters.OrderingFilter(fields=(("family_name", "name"),), label="Sort")

    class Meta:
        model = Person
        fields = ["q", "country", "organization", "letter"]


class OrganizationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label="Search")
    country = django_filters.ChoiceFilter(choices=Country.choices)
    kind = django_filters.ChoiceFilter(choices=Organization.Kind.choices)

    class Meta:
        model = Organization
        fields = ["q", "country", "kind"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(name__icontains=value) | queryset.filter(acronym__iexact=value)
