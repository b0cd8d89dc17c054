"""Admin pieces shared by the apps: the workflow columns, filters, fieldsets and machinery."""

from django.contrib import admin
from django.db import models
from simple_history.admin import SimpleHistoryAdmin

from .admin_workflow import WorkflowAdminMixin

WORKFLOW_FIELDSET = (
    "Publication",
    {
        "fields": ("status", "publish_at", "revision"),
        "description": "Only published records whose publish time has passed are shown to the public. "
        "The state changes only through the workflow buttons above.",
    },
)


class PublishableAdmin(WorkflowAdminMixin, SimpleHistoryAdmin):
    """Base admin for documents, meetings and people."""

    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")
    save_on_top = True
    list_per_page = 50
    # Django 5.2 warns unless URL fields say which scheme a bare "example.org" gets.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    @admin.display(description="public", boolean=True)
    def public(self, obj):
        return obj.is_public
