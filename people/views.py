from django.views.generic import DetailView, ListView

from archive.public import PublicDetailMixin

from .models import Organization, Person


class PersonListView(ListView):
    template_name = "people/person_list.html"
    paginate_by = 50

    def get_queryset(self):
        return Person.objects.published()


class PersonDetailView(PublicDetailMixin, DetailView):
    template_name = "people/person_detail.html"

    def get_queryset(self):
        return Person.objects.published()


class OrganizationListView(ListView):
    model = Organization
    template_name = "people/organization_list.html"


class OrganizationDetailView(DetailView):
    model = Organization
    template_name = "people/organization_detail.html"
