"""Atom feeds of newly published documents: all, per theme and per person."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from people.models import Person

from .models import Document, PolicyTheme
from .public import RecordWithdrawn, gone_response, refuse_unpublished

FEED_SIZE = 30


class DocumentFeed(Feed):
    feed_type = Atom1Feed
    description_template = None

    def title(self, obj=None):
        return f"{settings.ARCHIVE_NAME}: new documents"

    def link(self, obj=None):
        return reverse("archive:document-list")

    def subtitle(self, obj=None):
        return "Documents newly published in the archive."

    def documents(self, obj=None):
        return Document.objects.published().select_related("publisher")

    def items(self, obj=None):
        return self.documents(obj).order_by("-publish_at", "-updated_at", "-pk")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:500]

    def item_pubdate(self, item):
        return item.publish_at or item.created_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher.name if item.publisher else None

    def item_categories(self, item):
        return [item.get_doc_type_display()]


class ThemeFeed(DocumentFeed):
    def get_object(self, request, slug):
        return get_object_or_404(PolicyTheme, slug=slug)

    def title(self, obj=None):
        return f"{settings.ARCHIVE_NAME}: {obj.name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return f"Documents newly published on the theme {obj.name}."

    def documents(self, obj=None):
        return super().documents().filter(themes=obj)


class PersonFeed(DocumentFeed):
    """A person's documents; a person withdrawn after being public answers 410, as their page does."""

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except RecordWithdrawn as gone:
            return gone_response(request, gone.record)

    def get_object(self, request, slug):
        person = Person.objects.published().filter(slug=slug).first()
        if person is None:
            refuse_unpublished(Person.objects.filter(slug=slug).first(), "person")
        return person

    def title(self, obj=None):
        return f"{settings.ARCHIVE_NAME}: {obj.display_name}"

    def link(self, obj=None):
        return obj.get_absolute_url()

    def subtitle(self, obj=None):
        return f"Documents newly published that name {obj.display_name}."

    def documents(self, obj=None):
        return super().documents().filter(people=obj)
