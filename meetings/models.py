from django.db import models
from django.db.models import F, Q
from django.utils.text import slugify
from modelsearch import index
from modelsearch.queryset import SearchableQuerySetMixin
from simple_history.models import HistoricalRecords

from archive.countries import country_field
from archive.dates import PartialDateDescriptor, PartialDatesModel, partial_date_constraint, precision_field
from archive.urlcache import slug_url
from archive.workflow import Publishable, PublishableQuerySet, workflow_permissions


def ordinal(number):
    """52 -> "52nd"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


class MeetingSeries(models.Model):
    class Level(models.TextChoices):
        LEADERS = "leaders", "Heads of state or government"
        MINISTERIAL = "ministerial", "Ministers"
        MILITARY = "military", "Military chiefs"
        WORKING = "working", "Senior officials and working level"
        MULTILATERAL = "multilateral", "Multilateral forum"

    name = models.CharField(max_length=200, help_text='The full name ("Security Consultative Meeting").')
    acronym = models.CharField(max_length=30, blank=True, help_text="The short form (SCM, MCM, KIDD, NCG).")
    slug = models.SlugField(max_length=200, help_text="The permanent address of the series page.")
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.MINISTERIAL)
    definition = models.TextField(help_text="The glossary definition readers see: who meets, how often, since when.")
    established = models.PositiveSmallIntegerField(null=True, blank=True, help_text="The year of the first meeting.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "meeting series"
        constraints = [models.UniqueConstraint(fields=["slug"], name="meetingseries_unique_slug")]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def get_absolute_url(self):
        return slug_url("meetings:series-detail", self.slug)

    @property
    def short_name(self):
        return self.acronym or self.name


class MeetingQuerySet(SearchableQuerySetMixin, PublishableQuerySet):
    pass


class Meeting(index.Indexed, PartialDatesModel, Publishable):
    class Kind(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        CALL = "call", "Telephone call"
        VIDEO = "video", "Video conference"

    series = models.ForeignKey(
        MeetingSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="meetings",
        help_text="The recurring mechanism this meeting belongs to, if any.",
    )
    ordinal = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Its number in the series (52 for the 52nd SCM)."
    )
    title = models.CharField(max_length=300, help_text="A clear title, such as “52nd Security Consultative Meeting”.")
    slug = models.SlugField(max_length=200, help_text="The permanent address of the meeting page.")
    start_date = models.DateField(
        help_text="The first day (or the first day of the month or year when only that is known)."
    )
    start_precision = precision_field()
    end_date = models.DateField(null=True, blank=True, help_text="The last day, for meetings over several days.")
    end_precision = precision_field(blank=True)
    city = models.CharField(max_length=100, blank=True)
    country = country_field(help_text="Where the meeting took place.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.IN_PERSON)
    summary = models.TextField(blank=True, help_text="What the meeting was for and what was discussed.")
    outcomes = models.TextField(blank=True, help_text="Agreements, statements and decisions, one per paragraph.")
    themes = models.ManyToManyField("archive.PolicyTheme", blank=True, related_name="meetings")
    people = models.ManyToManyField("people.Person", through="Participation", related_name="meetings", blank=True)

    start = PartialDateDescriptor("start_date", "start_precision")
    end = PartialDateDescriptor("end_date", "end_precision")
    partial_dates = (("start_date", "start_precision"), ("end_date", "end_precision"))

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[themes])

    search_fields = [
        index.SearchField("title", boost=3),
        index.AutocompleteField("title"),
        index.SearchField("summary"),
        index.SearchField("outcomes"),
        index.SearchField("city"),
        index.RelatedFields("series", [index.SearchField("name"), index.SearchField("acronym")]),
        index.FilterField("status"),
        index.FilterField("publish_at"),
        index.FilterField("series"),
        index.FilterField("start_date"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["-start_date", "title"]
        permissions = workflow_permissions("meeting", "meetings")
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="meeting_unique_slug"),
            models.UniqueConstraint(
                fields=["series", "ordinal"],
                condition=Q(series__isnull=False, ordinal__isnull=False),
                name="meeting_unique_series_ordinal",
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_end_not_before_start",
            ),
            partial_date_constraint("start_date", "start_precision", "meeting_start_first_day"),
            partial_date_constraint("end_date", "end_precision", "meeting_end_first_day"),
        ]
        indexes = [
            models.Index(fields=["start_date"], name="meeting_start_idx"),
            models.Index(fields=["series", "start_date"], name="meeting_series_start_idx"),
            models.Index(fields=["country"], name="meeting_country_idx"),
            models.Index(fields=["status", "start_date"], name="meeting_status_start_idx"),
            models.Index(fields=["title"], name="meeting_title_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(f"{self.title} {self.start_date or ''}")[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("meetings:meeting-detail", self.slug)

    @property
    def ordinal_label(self):
        if self.series_id and self.ordinal:
            return f"{ordinal(self.ordinal)} {self.series.short_name}"
        return ""


class Participation(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="participations")
    organization = models.ForeignKey(
        "people.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="participations",
        help_text="The organization the person represented at the meeting.",
    )
    role = models.CharField(
        max_length=200, blank=True, help_text='The role as the source states it at the time ("Secretary of Defense").'
    )
    side = country_field(help_text="The delegation the person sat with.")
    order = models.PositiveSmallIntegerField(default=0, help_text="The position in the source's list of participants.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "side", "order"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participation_unique_person_per_meeting"),
        ]

    def __str__(self):
        return f"{self.person} at {self.meeting}"
