from django.db import models
from django.utils.text import slugify
from modelsearch import index
from modelsearch.queryset import SearchableQuerySetMixin
from simple_history.models import HistoricalRecords

from archive.dates import PartialDateDescriptor, PartialDatesModel, partial_date_constraint, precision_field
from archive.fields import HttpsURLField
from archive.urlcache import slug_url
from archive.workflow import Publishable, PublishableQuerySet, workflow_permissions


class DocumentQuerySet(SearchableQuerySetMixin, PublishableQuerySet):
    pass


class Document(index.Indexed, PartialDatesModel, Publishable):
    class Type(models.TextChoices):
        WHITE_PAPER = "white_paper", "White paper"
        PRESS_RELEASE = "press_release", "Press release"
        READOUT = "readout", "Readout"
        JOINT_STATEMENT = "joint_statement", "Joint statement"
        COMMUNIQUE = "communique", "Communiqué"
        NEWS_STORY = "news_story", "News story"
        SPEECH = "speech", "Speech or remarks"
        TRANSCRIPT = "transcript", "Transcript"
        REPORT = "report", "Report"
        OTHER = "other", "Other"

    class Language(models.TextChoices):
        ENGLISH = "en", "English"
        KOREAN = "ko", "Korean"
        JAPANESE = "ja", "Japanese"

    title = models.CharField(max_length=400, help_text="The document's own headline, cleaned of site cruft.")
    slug = models.SlugField(max_length=200, help_text="The permanent address of the document page.")
    doc_type = models.CharField("type", max_length=20, choices=Type.choices, default=Type.OTHER)
    publisher = models.ForeignKey(
        "people.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="published_documents",
        help_text="The ministry, department or outlet that issued the document.",
    )
    publication_date = models.DateField(
        help_text="When the document was issued (first day of the month or year if only that is known)."
    )
    publication_precision = precision_field()
    source_url = HttpsURLField(max_length=500, blank=True, help_text="Where the document was published online.")
    citation_details = models.CharField(
        max_length=300, blank=True, help_text='How to find it in a larger work: "2020 Defense White Paper, p. 204".'
    )
    pages = models.CharField(max_length=30, blank=True, help_text='The page or pages, as "204" or "204–206".')
    language = models.CharField(max_length=5, choices=Language.choices, default=Language.ENGLISH)
    body = models.TextField(blank=True, help_text="The clean text, paragraphs separated by a blank line.")
    summary = models.TextField(blank=True, help_text="Two or three sentences for lists and search results.")
    source_file = models.ForeignKey(
        "archive.SourceFile",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="The original file this record was made from.",
    )
    themes = models.ManyToManyField("archive.PolicyTheme", blank=True, related_name="documents")
    people = models.ManyToManyField(
        "people.Person", blank=True, related_name="documents", help_text="People the document names."
    )
    organizations = models.ManyToManyField(
        "people.Organization", blank=True, related_name="documents", help_text="Organizations the document names."
    )
    meetings = models.ManyToManyField(
        "meetings.Meeting", blank=True, related_name="documents", help_text="Meetings it reports or refers to."
    )
    provenance = models.JSONField(
        default=dict,
        blank=True,
        help_text="For each extracted field, the character span of the source text it came from.",
    )

    publication = PartialDateDescriptor("publication_date", "publication_precision")
    partial_dates = (("publication_date", "publication_precision"),)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes, people, organizations, meetings])

    search_fields = [
        index.SearchField("title", boost=4),
        index.AutocompleteField("title"),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("publish_at"),
        index.FilterField("doc_type"),
        index.FilterField("language"),
        index.FilterField("publication_date"),
        index.FilterField("publisher"),
    ]

    class Meta:
        ordering = ["-publication_date", "title"]
        permissions = workflow_permissions("document", "documents")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="document_unique_slug"),
            partial_date_constraint("publication_date", "publication_precision", "document_publication_first_day"),
        ]
        indexes = [
            models.Index(fields=["doc_type", "publication_date"], name="document_type_date_idx"),
            models.Index(fields=["publication_date"], name="document_date_idx"),
            models.Index(fields=["language"], name="document_language_idx"),
            models.Index(fields=["status", "publication_date"], name="document_status_date_idx"),
            models.Index(fields=["title"], name="document_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(f"{self.title} {self.publication_date or ''}")[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("archive:document-detail", self.slug)

    @property
    def paragraphs(self):
        return [part.strip() for part in self.body.split("\n\n") if part.strip()]
