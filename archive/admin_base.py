"""Admin pieces shared by the apps: the workflow columns, filters, fieldsets and machinery."""

from django.contrib import admin
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

    @admin.display(description="public", boolean=True)
    def public(self, obj):
        return obj.is_public
