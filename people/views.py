import string

from django.db.models import Count, Prefetch
from django.urls import reverse
from django.views.generic import DetailView, ListView

from archive import facets
from archive.countries import Country
from archive.listing import FilteredListView
from archive.models import Document
from archive.public import PublicDetailMixin
from archive.workflow import published_q
from meetings.models import Participation

from .filters import PersonFilter
from .models import Appointment, Organization, Person


class PersonListView(FilteredListView):
    filterset_class = PersonFilter
    template_name = "people/person_list.html"
    extra_context = {"nav": "people"}
    sort_options = [("", "Family name A–Z"), ("-name", "Family name Z–A")]
    paginate_by = 50

    def base_queryset(self):
        return Person.objects.published().prefetch_related(
            Prefetch("appointments", queryset=Appointment.objects.select_related("organization"))
        )

    def get_facets(self, ids, data):
        return [
            facets.choice_facet(ids, "country", "Country", "country", Country.choices, data, model=Person),
            facets.related_facet(
                ids,
                "organization",
                "Organization",
                Appointment,
                "person",
                "organization",
                data,
                label_field="name",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["letters"] = list(string.ascii_uppercase)
        context["letter"] = (self.request.GET.get("letter") or "").upper()
        return context


class PersonDetailView(PublicDetailMixin, DetailView):
    template_name = "people/person_detail.html"
    extra_context = {"nav": "people"}

    def get_queryset(self):
        return Person.objects.published().prefetch_related(
            "names", Prefetch("appointments", queryset=Appointment.objects.select_related("organization"))
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.object
        context["participations"] = (
            Participation.objects.filter(person=person)
            .filter(published_q("meeting__"))
            .select_related("meeting__series", "organization")
            .order_by("-meeting__start_date")
        )
        documents = Document.objects.published().filter(people=person)
        context["documents"] = documents.select_related("publisher")[:20]
        context["document_count"] = documents.count()
        context["documents_url"] = f"{reverse('archive:document-list')}?person={person.slug}"
        return context


class OrganizationListView(ListView):
    template_name = "people/organization_list.html"
    extra_context = {"nav": "organizations"}

    def get_queryset(self):
        return Organization.objects.annotate(
            document_count=Count("documents", filter=published_q("documents__"), distinct=True)
        ).order_by("country", "name")


class OrganizationDetailView(DetailView):
    template_name = "people/organization_detail.html"
    extra_context = {"nav": "organizations"}

    def get_queryset(self):
        return Organization.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = self.object
        context["appointments"] = (
            Appointment.objects.filter(organization=organization)
            .filter(published_q("person__"))
            .select_related("person")
            .order_by("-start_date")[:100]
        )
        documents = Document.objects.published().filter(organizations=organization)
        context["documents"] = documents.select_related("publisher")[:20]
        context["document_count"] = documents.count()
        context["documents_url"] = f"{reverse('archive:document-list')}?organization={organization.slug}"
        return context
