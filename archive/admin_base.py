"""Admin pieces shared by the apps: the workflow columns, filters and fieldsets."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

WORKFLOW_FIELDSET = (
    "Publication",
    {
        "fields": ("status", "publish_at"),
        "description": "Only published records whose publish time has passed are shown to the public.",
    },
)


class PublishableAdmin(SimpleHistoryAdmin):
    """Base admin for documents, meetings and people."""

    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")
    save_on_top = True
    list_per_page = 50

    @admin.display(description="public", boolean=True)
    def public(self, obj):
        return obj.is_public
