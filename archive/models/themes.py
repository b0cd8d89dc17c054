from django.db import models
from simple_history.models import HistoricalRecords

from archive.urlcache import slug_url


class PolicyTheme(models.Model):
    name = models.CharField(max_length=200, help_text='The theme as readers know it ("Extended deterrence").')
    slug = models.SlugField(max_length=200, help_text="The permanent address of the theme page.")
    description = models.TextField(blank=True, help_text="A paragraph on what the theme covers.")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text="A broader theme this one belongs to, if any.",
    )
    keywords = models.TextField(
        blank=True,
        help_text="Words and phrases that suggest this theme when a source is ingested, one per line.",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug"], name="policytheme_unique_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("archive:theme-detail", self.slug)

    @property
    def keyword_list(self):
        return [line.strip() for line in self.keywords.splitlines() if line.strip()]
