"""Import-export resources for documents and policy themes.

Columns are documented in docs/import-export.md; an example file per kind is under
fixtures/examples/.
"""

from django.apps import apps

from .models import Document, PolicyTheme
from .transfer.cells import PartialDateWidget, SlugListWidget, SlugWidget
from .transfer.resources import ArchiveResource, column, publish_at_column, status_column


class PolicyThemeResource(ArchiveResource):
    kind = "themes"
    required = ("slug", "name")

    slug = column(PolicyTheme, "slug")
    name = column(PolicyTheme, "name")
    parent = column(PolicyTheme, "parent", widget=SlugWidget(PolicyTheme))
    description = column(PolicyTheme, "description")
    keywords = column(PolicyTheme, "keywords")

    class Meta:
        model = PolicyTheme
        fields = ("slug", "name", "parent", "description", "keywords")
        import_id_fields = ("slug",)


def _model(label):
    return apps.get_model(label)


class DocumentResource(ArchiveResource):
    kind = "documents"
    required = ("slug", "title", "publication_date")

    slug = column(Document, "slug")
    title = column(Document, "title")
    doc_type = column(Document, "type", attribute="doc_type")
    publisher = column(Document, "publisher", widget=SlugWidget(_model("people.Organization")))
    publication = column(Document, "publication_date", attribute="publication", widget=PartialDateWidget())
    source_url = column(Document, "source_url")
    citation_details = column(Document, "citation_details")
    pages = column(Document, "pages")
    language = column(Document, "language")
    summary = column(Document, "summary")
    body = column(Document, "body")
    themes = column(Document, "themes", widget=SlugListWidget(PolicyTheme))
    people = column(Document, "people", widget=SlugListWidget(_model("people.Person")))
    organizations = column(Document, "organizations", widget=SlugListWidget(_model("people.Organization")))
    meetings = column(Document, "meetings", widget=SlugListWidget(_model("meetings.Meeting")))
    status = status_column()
    publish_at = publish_at_column()

    class Meta:
        model = Document
        fields = (
            "slug",
            "title",
            "doc_type",
            "publisher",
            "publication",
            "source_url",
            "citation_details",
            "pages",
            "language",
            "summary",
            "body",
            "themes",
            "people",
            "organizations",
            "meetings",
            "status",
            "publish_at",
        )
        import_id_fields = ("slug",)
