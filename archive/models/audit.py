from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from archive.workflow import Status


class AuditEventQuerySet(models.QuerySet):
    def for_record(self, record):
        """The events of one record, oldest first."""
        return self.filter(content_type=ContentType.objects.get_for_model(record), object_id=record.pk)


class AuditEvent(models.Model):
    """One workflow transition of one record: who, when (UTC), from which state to which, and why.

    A generic relation rather than one foreign key per model: documents, meetings and
    people share one timeline table, one admin and one query, and a record type that
    joins the workflow later needs no new table or migration here.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    object_repr = models.CharField(
        "record", max_length=400, help_text="The record's name when the event happened, kept if it is deleted."
    )
    action = models.CharField(max_length=20, help_text="The transition: submit, request_changes, publish...")
    from_status = models.CharField("from", max_length=10, choices=Status.choices)
    to_status = models.CharField("to", max_length=10, choices=Status.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="audit_events"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True, help_text="When it happened (stored in UTC).")
    comment = models.TextField(blank=True, help_text="The reviewer's request, the withdrawal reason or a note.")
    publish_at = models.DateTimeField(
        null=True, blank=True, help_text="For a publication: when the record becomes public."
    )

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "audit event"
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="auditevent_record_idx")]

    def __str__(self):
        return f"{self.object_repr}: {self.from_status} -> {self.to_status} ({self.action})"
