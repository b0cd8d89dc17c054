from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import WORKFLOW_FIELDSET, PublishableAdmin
from .models import AuditEvent, Document, PolicyTheme, SourceFile


@admin.register(PolicyTheme)
class PolicyThemeAdmin(SimpleHistoryAdmin):
    list_display = ("name", "slug", "parent")
    list_select_related = ("parent",)
    search_fields = ("name", "keywords", "description")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "parent", "description")}),
        ("Ingest", {"fields": ("keywords",), "description": "Phrases that suggest this theme for new sources."}),
    )


@admin.register(SourceFile)
class SourceFileAdmin(admin.ModelAdmin):
    list_display = ("name", "format", "encoding", "size", "received_at", "received_by")
    list_filter = ("format", "encoding")
    list_select_related = ("received_by",)
    search_fields = ("name", "sha256")
    readonly_fields = ("sha256", "size", "received_at", "received_by")
    fieldsets = (
        (None, {"fields": ("name", "file", "sha256", "size")}),
        ("Reading", {"fields": ("format", "encoding", "warnings")}),
        ("Receipt", {"fields": ("received_by", "received_at")}),
    )


@admin.register(Document)
class DocumentAdmin(PublishableAdmin):
    list_display = ("title", "doc_type", "publisher", "publication_display", "language", "status", "public")
    list_filter = ("status", "doc_type", "language", "themes", "publication_precision")
    list_select_related = ("publisher",)
    search_fields = ("title", "slug", "summary", "citation_details")
    date_hierarchy = "publication_date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("publisher", "source_file", "themes", "people", "organizations", "meetings")
    readonly_fields = ("created_at", "updated_at", "provenance")
    fieldsets = (
        (None, {"fields": ("title", "slug", "doc_type", "language")}),
        (
            "Publication details",
            {
                "fields": (
                    "publisher",
                    ("publication_date", "publication_precision"),
                    "source_url",
                    "citation_details",
                    "pages",
                )
            },
        ),
        ("Text", {"fields": ("summary", "body")}),
        ("Links", {"fields": ("themes", "people", "organizations", "meetings")}),
        ("Source", {"fields": ("source_file", "provenance"), "classes": ("collapse",)}),
        WORKFLOW_FIELDSET,
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="published", ordering="publication_date")
    def publication_display(self, obj):
        return str(obj.publication)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The workflow's audit trail: read only, written by archive.transitions alone."""

    list_display = ("at", "object_repr", "content_type", "action", "from_status", "to_status", "user")
    list_filter = ("action", "to_status", "content_type")
    list_select_related = ("user", "content_type")
    search_fields = ("object_repr", "comment", "user__username")
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
