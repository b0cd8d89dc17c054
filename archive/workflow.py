"""The editorial lifecycle shared by documents, meetings and people.

Every such record moves ``draft -> review -> published -> withdrawn``. A
published record becomes public when its ``publish_at`` has passed (or at once
when it is empty), so a scheduled record appears without a job having to run.

:meth:`PublishableQuerySet.published` is the one place that rule is written:
pages, the API, feeds, sitemaps, search and public exports start from it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    REVIEW = "review", "In review"
    PUBLISHED = "published", "Published"
    WITHDRAWN = "withdrawn", "Withdrawn"


def publishing_q(prefix=""):
    """Records with the published status, optionally through a relation prefix: public now, or
    scheduled to be (:func:`published_q` without its time test)."""
    return Q(**{f"{prefix}status": Status.PUBLISHED})


def published_q(prefix="", now=None):
    """The publication rule as a ``Q``, optionally through a relation prefix.

    ``published_q("person__")`` filters participations to public people.
    """
    now = now or timezone.now()
    return publishing_q(prefix) & (Q(**{f"{prefix}publish_at__isnull": True}) | Q(**{f"{prefix}publish_at__lte": now}))


# The fields only the transition functions write: read-only in forms, never reverted.
WORKFLOW_FIELDS = (
    "status",
    "publish_at",
    "withdrawn_at",
    "withdrawal_reason",
    "status_changed_at",
    "status_changed_by",
    "revision",
)


def publishable_parent(model):
    """The foreign key of a child kind (a participation, a person's name, an appointment) to its
    workflow record, or None."""
    return next(
        (f for f in model._meta.concrete_fields if f.many_to_one and issubclass(f.related_model, Publishable)),
        None,
    )


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """Records the public may see: published, and their time has come."""
        return self.filter(published_q())

    def count_as_saved(self):
        """Count a change made beside the records' own rows (a name, a participation) as a save of them:
        revision up one, change time now, so an editor's form opened before is refused as stale."""
        return self.update(revision=models.F("revision") + 1, updated_at=timezone.now())

    def scheduled(self, now=None):
        """Published records whose time has not come yet: the complement of :meth:`published`."""
        return self.filter(publishing_q(), publish_at__gt=now or timezone.now())

    def published_parts(self, now=None):
        """:meth:`published` as (records with the published status, the scheduled ones among them).

        The first less the second is exactly :meth:`published`; apart, each is answered from an
        index (status; publication time) without reading the records' rows, which makes reading
        every published key of a large table cheap (archive/search.py).
        """
        now = now or timezone.now()
        return self.filter(publishing_q()), self.scheduled(now)


class Publishable(models.Model):
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text="Where the record is in the editorial workflow. Only published records are public.",
    )
    publish_at = models.DateTimeField(
        "publish at",
        null=True,
        blank=True,
        db_index=True,
        help_text="For a published record: when it becomes public. Leave empty to make it public at once.",
    )
    withdrawn_at = models.DateTimeField(
        "withdrawn at", null=True, blank=True, editable=False, help_text="When the record was withdrawn."
    )
    withdrawal_reason = models.TextField(
        blank=True, help_text="Why the record was withdrawn. Shown to readers who follow its old link."
    )
    status_changed_at = models.DateTimeField(
        "state changed at", null=True, blank=True, editable=False, help_text="When the last transition happened."
    )
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        editable=False,
        related_name="+",
        help_text="Who made the last transition.",
    )
    revision = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Counts saves. A form or transition that saw an older revision is refused as stale.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.revision = (self.revision or 0) + 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "revision", "updated_at"}
        super().save(*args, **kwargs)

    @property
    def was_public_when_withdrawn(self):
        """Whether a withdrawn record had been public: its publish time came before the withdrawal.

        A record scheduled and withdrawn before its time (a broken embargo) never was, and
        answers 404 like a draft rather than 410 with its title.
        """
        withdrawn_at = self.withdrawn_at or timezone.now()
        return self.status == Status.WITHDRAWN and (self.publish_at is None or self.publish_at <= withdrawn_at)

    @property
    def is_public(self):
        return self.status == Status.PUBLISHED and (self.publish_at is None or self.publish_at <= timezone.now())


def workflow_permissions(model_name, plural):
    """The custom permissions of a workflow model; roles (archive/roles.py) rely on these codenames."""
    return [
        (f"review_{model_name}", f"Can review {plural}, request changes and correct records past draft"),
        (f"publish_{model_name}", f"Can publish and schedule {plural}"),
        (f"withdraw_{model_name}", f"Can withdraw and restore {plural}"),
    ]
