from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import DetailView, ListView, TemplateView

from meetings.models import Meeting
from people.models import Appointment, Person

from . import citations, facet_index, facets
from .filters import DocumentFilter
from .listing import FilteredListView
from .models import Document, PolicyTheme, SourceFile
from .public import PublicDetailMixin
from .search import COUNT_LIMIT, filter_by_search, highlight, hit_pks, parse, prefix_listing, search_model
from .workflow import published_q


def public_people():
    """Published people with their appointments, for "role on that date"."""
    return Person.objects.published().prefetch_related(
        Prefetch("appointments", queryset=Appointment.objects.select_related("organization"))
    )


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        from meetings.timeline import build_timeline

        context = super().get_context_data(**kwargs)
        context["documents"] = Document.objects.published().select_related("publisher")[:8]
        context["meetings"] = Meeting.objects.published().select_related("series")[:6]
        context["themes"] = PolicyTheme.objects.annotate(
            document_count=Count("documents", filter=published_q("documents__"))
        )
        context["timeline"] = build_timeline(Meeting.objects.published(), compact=True)
        return context


class DocumentListView(FilteredListView):
    filterset_class = DocumentFilter
    template_name = "archive/document_list.html"
    extra_context = {"nav": "documents"}

    def base_queryset(self):
        return Document.objects.published().select_related("publisher")

    def get_queryset(self):
        queryset = super().get_queryset()
        self.index = None
        if not facet_index.usable(self.filterset):
            return queryset
        data = self.filterset.form.cleaned_data if self.filterset.is_bound else {}
        search_pks = None
        if data.get("q"):
            # The facet index holds published documents only, so the raw hits suffice.
            search_pks = hit_pks(Document, data["q"])
            if search_pks is None:
                # Only the set matters (the index orders it): no ORDER BY over every hit.
                matched = filter_by_search(Document.objects.published(), data["q"]).order_by()
                search_pks = matched.values_list("pk", flat=True)
        self.index = facet_index.document_index()
        self.mask = self.index.mask(data, self.request.GET, search_pks)
        positions = self.index.ordered(self.mask, data.get("sort"))
        return facet_index.IndexedResult(self.index, positions, self.base_queryset())

    def facets_for(self, query):
        if self.index is None:
            return super().facets_for(query)
        index, mask = self.index, self.mask
        return [
            index.choice_facet(mask, "type", "Type", index.types, Document.Type.choices, index.type_code, query),
            index.related_facet(mask, "theme", "Theme", query),
            index.related_facet(mask, "person", "Person", query),
            index.related_facet(mask, "organization", "Organization", query),
            index.related_facet(mask, "series", "Meeting series", query),
            index.year_facet(mask, query),
            index.choice_facet(
                mask, "language", "Language", index.languages, Document.Language.choices, index.language_code, query
            ),
        ]

    def get_facets(self, ids, data):
        links = Document
        return [
            facets.choice_facet(ids, "type", "Type", "doc_type", Document.Type.choices, data, model=Document),
            facets.related_facet(
                ids, "theme", "Theme", links.themes.through, "document", "policytheme", data, label_field="name"
            ),
            facets.related_facet(
                ids,
                "person",
                "Person",
                links.people.through,
                "document",
                "person",
                data,
                label_field="display_name",
                public="person__",
            ),
            facets.related_facet(
                ids,
                "organization",
                "Organization",
                links.organizations.through,
                "document",
                "organization",
                data,
                label_field="name",
            ),
            facets.related_facet(
                ids,
                "series",
                "Meeting series",
                links.meetings.through,
                "document",
                "meeting__series",
                data,
                label_field="name",
                public="meeting__",
            ),
            facets.year_facet(ids, "year", "Year", "publication_date", data, model=Document),
            facets.choice_facet(
                ids, "language", "Language", "language", Document.Language.choices, data, model=Document
            ),
        ]


class DocumentDetailView(PublicDetailMixin, DetailView):
    template_name = "archive/document_detail.html"
    extra_context = {"nav": "documents"}

    def get_queryset(self):
        return (
            Document.objects.published()
            .select_related("publisher", "source_file")
            .prefetch_related(
                "themes",
                "organizations",
                Prefetch("people", queryset=public_people()),
                Prefetch("meetings", queryset=Meeting.objects.published().select_related("series")),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        date = document.publication_date
        context["people_roles"] = [(person, person.appointment_on(date)) for person in document.people.all()]
        citation = citations.for_document(document, self.request.build_absolute_uri(document.get_absolute_url()))
        context["citation"] = citation
        context["citation_text"] = citations.chicago(citation)
        return context


class DocumentCitationView(PublicDetailMixin, DetailView):
    """The citation of a document as Chicago text, BibTeX, RIS or CSL-JSON."""

    def get(self, request, *args, **kwargs):
        if kwargs["format"] not in citations.FORMATS:
            raise Http404("Citations come as .txt, .bib, .ris or .json.")
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return Document.objects.published().select_related("publisher")

    def render_to_response(self, context, **response_kwargs):
        document = self.object
        citation = citations.for_document(document, self.request.build_absolute_uri(document.get_absolute_url()))
        fmt = citations.FORMATS[self.kwargs["format"]]
        response = HttpResponse(fmt.render(citation), content_type=fmt.content_type)
        response["Content-Disposition"] = f'inline; filename="{document.slug[:80]}.{fmt.extension}"'
        return response


class ThemeListView(ListView):
    template_name = "archive/theme_list.html"
    extra_context = {"nav": "themes"}

    def get_queryset(self):
        # One subquery per relation: two counted joins in one query multiply
        # each theme's documents by its meetings (millions of rows at scale).
        return PolicyTheme.objects.select_related("parent").annotate(
            document_count=theme_link_count(Document.themes.through, "document"),
            meeting_count=theme_link_count(Meeting.themes.through, "meeting"),
        )


def theme_link_count(through, owner):
    """The number of published ``owner`` records linked to the outer theme."""
    links = (
        through.objects.filter(policytheme=OuterRef("pk"))
        .filter(published_q(f"{owner}__"))
        .order_by()
        .values("policytheme")
        .annotate(n=Count(owner))
        .values("n")
    )
    return Coalesce(Subquery(links, output_field=IntegerField()), 0)


class ThemeDetailView(DetailView):
    template_name = "archive/theme_detail.html"
    extra_context = {"nav": "themes"}

    def get_queryset(self):
        return PolicyTheme.objects.select_related("parent").prefetch_related("children")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        documents = Document.objects.published().filter(themes=self.object)
        context["documents"] = documents.select_related("publisher")[:20]
        context["document_count"] = documents.count()
        context["meetings"] = Meeting.objects.published().filter(themes=self.object).select_related("series")[:10]
        context["documents_url"] = f"{reverse('archive:document-list')}?theme={self.object.slug}"
        return context


@dataclass(frozen=True)
class SearchSectionSpec:
    """One section of the search page: what it searches and how a hit is shown."""

    key: str
    label: str
    model: type
    #: Very common terms list the newest first by this field (None: the model's own order).
    date_field: str | None
    select_related: tuple
    #: The fields the snippet is taken from, and the field shown as the hit's title.
    snippet_fields: tuple
    title_field: str
    #: The list page that shows every match.
    list_url: str


class SearchView(TemplateView):
    """One search over documents, meetings and people, with highlighted snippets."""

    template_name = "archive/search.html"
    limit = 10
    sections = (
        SearchSectionSpec(
            key="documents",
            label="Documents",
            model=Document,
            date_field="publication_date",
            select_related=("publisher",),
            snippet_fields=("summary", "body"),
            title_field="title",
            list_url="archive:document-list",
        ),
        SearchSectionSpec(
            key="meetings",
            label="Meetings",
            model=Meeting,
            date_field="start_date",
            select_related=("series",),
            snippet_fields=("summary", "outcomes"),
            title_field="title",
            list_url="meetings:meeting-list",
        ),
        SearchSectionSpec(
            key="people",
            label="People",
            model=Person,
            date_field=None,
            select_related=(),
            snippet_fields=("biography",),
            title_field="display_name",
            list_url="people:person-list",
        ),
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        q = self.request.GET.get("q", "")
        parsed = parse(q)
        context["q"] = q
        context["parsed"] = parsed
        if parsed is None:
            return context
        listing = prefix_listing(Document, parsed)  # a prefix is listed once for the three sections
        found = []
        for spec in self.sections:
            section = search_model(
                spec.model,
                parsed,
                limit=self.limit,
                date_field=spec.date_field,
                select_related=spec.select_related,
                listing=listing,
            )
            for record in section.records:
                record.snippet = highlight(
                    " ".join(str(getattr(record, name)) for name in spec.snippet_fields), parsed.terms
                )
                record.title_marked = highlight(getattr(record, spec.title_field), parsed.terms, length=400)
            found.append((spec.key, spec.label, section, f"{reverse(spec.list_url)}?q="))
        context["sections"] = found
        context["total"] = sum(min(section.count, COUNT_LIMIT) for _key, _label, section, _url in found)
        context["capped"] = any(section.count > COUNT_LIMIT for _key, _label, section, _url in found)
        context["count_limit"] = COUNT_LIMIT
        return context


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /search/",
        "Disallow: /sources/",
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


def source_file(request, sha256):
    """The original bytes of a source file behind a published document."""
    source = get_object_or_404(SourceFile, sha256=sha256)
    if not Document.objects.published().filter(source_file=source).exists():
        raise Http404("No published document comes from this file.")
    return FileResponse(source.file.open("rb"), as_attachment=False, filename=source.name, content_type="text/plain")
