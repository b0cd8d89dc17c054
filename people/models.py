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

from .names import guess_family_name, name_key, script_of


class Organization(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", "Ministry or department"
        AGENCY = "agency", "Government agency"
        EXECUTIVE = "executive", "Head of state or government office"
        LEGISLATURE = "legislature", "Legislature"
        COMMAND = "command", "Military command or staff"
        INTERNATIONAL = "international", "International body"
        MEDIA = "media", "News organization"
        RESEARCH = "research", "Research institute"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200, help_text="The full official name, in English.")
    acronym = models.CharField(
        max_length=30, blank=True, help_text="The short form used in documents, such as MND or USFK."
    )
    slug = models.SlugField(max_length=200, help_text="The permanent address of the organization's page.")
    country = country_field(help_text="The country it belongs to; International for bodies such as the UN.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="The larger body it is part of, if any (the Joint Chiefs of Staff under a ministry).",
    )
    description = models.TextField(blank=True, help_text="A sentence or two for readers.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="organization_unique_slug"),
        ]
        indexes = [models.Index(fields=["country"], name="organization_country_idx")]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:organization-detail", self.slug)


class PersonQuerySet(SearchableQuerySetMixin, PublishableQuerySet):
    def matching_name(self, text):
        """People any of whose name variants has the same key as ``text``."""
        return self.filter(names__key=name_key(text)).distinct()


class Person(index.Indexed, Publishable):
    display_name = models.CharField(
        max_length=200,
        help_text='The name as the archive prints it, romanized with hyphenated given names ("Shin Won-sik").',
    )
    hangul_name = models.CharField(max_length=100, blank=True, help_text="The name in Hangul, for Koreans (신원식).")
    family_name = models.CharField(max_length=100, blank=True)
    given_name = models.CharField(max_length=100, blank=True)
    slug = models.SlugField(max_length=200, help_text="The permanent address of the person's page.")
    country = country_field(help_text="The country the person served.")
    biography = models.TextField(blank=True, help_text="A short biography for readers.")

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords()

    search_fields = [
        index.SearchField("display_name", boost=3),
        index.AutocompleteField("display_name"),
        index.SearchField("hangul_name", boost=3),
        index.SearchField("biography"),
        index.RelatedFields("names", [index.SearchField("name"), index.SearchField("key")]),
        index.SearchField("display_key"),
        index.FilterField("status"),
        index.FilterField("publish_at"),
        index.FilterField("country"),
    ]

    class Meta:
        ordering = ["family_name", "display_name"]
        permissions = workflow_permissions("person", "people")
        verbose_name_plural = "people"
        constraints = [models.UniqueConstraint(fields=["slug"], name="person_unique_slug")]
        indexes = [
            models.Index(fields=["country"], name="person_country_idx"),
            models.Index(fields=["family_name", "display_name"], name="person_sort_idx"),
        ]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.display_name)[:200]
        if not self.family_name and self.display_name:
            self.family_name = guess_family_name(self.display_name, self.country)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("people:person-detail", self.slug)

    def display_key(self):
        """The folded key of the printed name, so a search for any spacing of it finds the person."""
        return name_key(self.display_name)

    def appointment_on(self, date):
        """The appointment held on ``date``, from prefetched appointments when present."""
        for appointment in self.appointments.all():
            if appointment.covers(date):
                return appointment
        return None


class PersonName(models.Model):
    class Script(models.TextChoices):
        LATIN = "latin", "Latin"
        HANGUL = "hangul", "Hangul"
        HANJA = "hanja", "Hanja"
        OTHER = "other", "Other"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200, help_text='The name exactly as a source writes it ("Shin Wonsik").')
    key = models.CharField(
        max_length=200,
        editable=False,
        db_index=True,
        help_text="The name folded for matching: case, spaces, hyphens and titles removed.",
    )
    script = models.CharField(max_length=10, choices=Script.choices, blank=True)
    is_preferred = models.BooleanField(
        "preferred", default=False, help_text="The form the archive prints. One per person."
    )
    source = models.ForeignKey(
        "archive.SourceFile",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person_names",
        help_text="The source file this variant was seen in.",
    )
    note = models.CharField(max_length=200, blank=True, help_text="Where else the variant was seen.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["-is_preferred", "name"]
        verbose_name = "name variant"
        constraints = [
            models.UniqueConstraint(fields=["person", "name"], name="personname_unique_per_person"),
            models.UniqueConstraint(fields=["person"], condition=Q(is_preferred=True), name="personname_one_preferred"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)
        if not self.script:
            self.script = script_of(self.name)
        super().save(*args, **kwargs)


class Appointment(PartialDatesModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appointments")
    title = models.CharField(
        max_length=200, help_text='The office, as styled at the time ("Minister of National Defense").'
    )
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="appointments"
    )
    start_date = models.DateField(help_text="The first day of office (or of its month or year).")
    start_precision = precision_field()
    end_date = models.DateField(null=True, blank=True, help_text="Leave empty while the person holds the office.")
    end_precision = precision_field(blank=True)

    start = PartialDateDescriptor("start_date", "start_precision")
    end = PartialDateDescriptor("end_date", "end_precision")
    partial_dates = (("start_date", "start_precision"), ("end_date", "end_precision"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="appointment_end_not_before_start",
            ),
            partial_date_constraint("start_date", "start_precision", "appointment_start_first_day"),
            partial_date_constraint("end_date", "end_precision", "appointment_end_first_day"),
        ]

    def __str__(self):
        return f"{self.person}, {self.title}"

    def covers(self, date):
        if date is None or date < self.start_date:
            return False
        return self.end is None or date <= self.end.end
