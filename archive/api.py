"""Public API for documents and policy themes."""

from django.db.models import Prefetch
from rest_framework import serializers

from meetings.models import Meeting
from people.models import Person

from .filters import DocumentFilter, ThemeFilter
from .models import Document, PolicyTheme
from .rest import (
    LinkField,
    MeetingRefSerializer,
    OrganizationRefSerializer,
    PartialDateSerializer,
    PersonRefSerializer,
    PublicViewSet,
    ThemeRefSerializer,
    describe_filters,
    filtered_list_url,
    public_schema,
)


class CitationSerializer(serializers.Serializer):
    text = serializers.SerializerMethodField(help_text="A ready-made citation of the document.")
    source_url = serializers.URLField(allow_blank=True, help_text="Where the document was published online.")
    details = serializers.CharField(source="citation_details", allow_blank=True, help_text="Where in a larger work.")
    pages = serializers.CharField(allow_blank=True)

    def get_text(self, document) -> str:
        parts = [f"{document.publisher.name}."] if document.publisher_id else []
        parts.append(f"“{document.title}.”")
        if document.citation_details:
            parts.append(document.citation_details + ("," if document.pages else "."))
        if document.pages:
            parts.append(f"p. {document.pages}.")
        parts.append(f"{document.publication}.")
        if document.source_url:
            parts.append(document.source_url)
        return " ".join(parts)


class DocumentSerializer(serializers.ModelSerializer):
    url = LinkField("api:document-detail")
    html_url = LinkField("archive:document-detail", help_text="The record's public page.")
    type = serializers.ChoiceField(source="doc_type", choices=Document.Type.choices)
    type_display = serializers.CharField(source="get_doc_type_display")
    publication = PartialDateSerializer()
    publisher = OrganizationRefSerializer(allow_null=True)
    citation = CitationSerializer(source="*")
    themes = ThemeRefSerializer(many=True, source="theme_list")
    people = PersonRefSerializer(many=True, source="public_people", help_text="Published people the document names.")
    organizations = OrganizationRefSerializer(many=True, source="organization_list")
    meetings = MeetingRefSerializer(
        many=True, source="public_meetings", help_text="Published meetings it reports or refers to."
    )

    class Meta:
        model = Document
        fields = [
            "url",
            "html_url",
            "slug",
            "title",
            "type",
            "type_display",
            "language",
            "publication",
            "publisher",
            "summary",
            "citation",
            "themes",
            "people",
            "organizations",
            "meetings",
        ]


class DocumentDetailSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "body"]


@public_schema(
    list_serializer=DocumentSerializer, detail_serializer=DocumentDetailSerializer, kind="document", gone=True
)
class DocumentViewSet(PublicViewSet):
    """Published documents: white papers, press releases, readouts, joint statements, news stories."""

    serializer_class = DocumentSerializer
    detail_serializer_class = DocumentDetailSerializer
    filterset_class = describe_filters(DocumentFilter)

    def get_queryset(self):
        return (
            Document.objects.published()
            .select_related("publisher")
            .prefetch_related(
                # Lists in attributes: no queryset is cloned per document.
                Prefetch("themes", to_attr="theme_list"),
                Prefetch("organizations", to_attr="organization_list"),
                Prefetch("people", queryset=Person.objects.published(), to_attr="public_people"),
                Prefetch("meetings", queryset=Meeting.objects.published(), to_attr="public_meetings"),
            )
        )


class ThemeSerializer(serializers.ModelSerializer):
    url = LinkField("api:theme-detail")
    html_url = LinkField("archive:theme-detail", help_text="The record's public page.")
    parent = ThemeRefSerializer(allow_null=True)
    documents_url = serializers.SerializerMethodField(help_text="The API list of the theme's published documents.")

    class Meta:
        model = PolicyTheme
        fields = ["url", "html_url", "slug", "name", "description", "parent", "documents_url"]

    def get_documents_url(self, theme) -> str:
        return filtered_list_url(self.context["request"], "api:document-list", theme=theme.slug)


@public_schema(list_serializer=ThemeSerializer, detail_serializer=ThemeSerializer, kind="policy theme")
class ThemeViewSet(PublicViewSet):
    """Policy themes that run through documents and meetings."""

    serializer_class = ThemeSerializer
    filterset_class = describe_filters(ThemeFilter)

    def get_queryset(self):
        return PolicyTheme.objects.select_related("parent")
