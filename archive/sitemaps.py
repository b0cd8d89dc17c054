"""The sitemap: every public page a search engine should know, published records only."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from meetings.models import Meeting, MeetingSeries
from people.models import Organization, Person

from .models import Document, PolicyTheme


class PublishedSitemap(Sitemap):
    model = None
    limit = 10000

    def items(self):
        return self.model.objects.published().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class DocumentSitemap(PublishedSitemap):
    model = Document
    priority = 0.8


class MeetingSitemap(PublishedSitemap):
    model = Meeting


class PersonSitemap(PublishedSitemap):
    model = Person


class ReferenceSitemap(Sitemap):
    model = None

    def items(self):
        return self.model.objects.only("slug").order_by("pk")


class ThemeSitemap(ReferenceSitemap):
    model = PolicyTheme


class OrganizationSitemap(ReferenceSitemap):
    model = Organization


class SeriesSitemap(ReferenceSitemap):
    model = MeetingSeries


class PagesSitemap(Sitemap):
    def items(self):
        return [
            "archive:home",
            "archive:document-list",
            "archive:theme-list",
            "meetings:meeting-list",
            "meetings:timeline",
            "people:person-list",
            "people:organization-list",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": PagesSitemap,
    "documents": DocumentSitemap,
    "meetings": MeetingSitemap,
    "people": PersonSitemap,
    "themes": ThemeSitemap,
    "organizations": OrganizationSitemap,
    "series": SeriesSitemap,
}
