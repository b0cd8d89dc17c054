"""Admin pieces shared by the apps: the workflow columns, filters, fieldsets and machinery."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
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


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with its revert form refused to users who may not change the record.

    simple-history lets anyone who may *view* a record open an old version's form, and saves
    that form on POST without asking for change permission.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            obj = self.get_object(request, object_id)
            if obj is None or not self.has_change_permission(request, obj):
                raise PermissionDenied("You may not change this record.")
        return super().history_form_view(request, object_id, version_id, extra_context)


class PublishableAdmin(WorkflowAdminMixin, HistoryAdmin):
    """Base admin for documents, meetings and people."""

    list_filter = ("status",)
    readonly_fields = ("created_at", "updated_at")
    save_on_top = True
    list_per_page = 50

    @admin.display(description="public", boolean=True)
    def public(self, obj):
        return obj.is_public
