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


SHOWN = 10  # published records named on a refused delete page, at most


def published_dependants(obj):
    """The published records, public now or scheduled, whose public page shows ``obj``: those that
    link to it, or whose participations, names or appointments do. Deleting ``obj`` would change
    them silently (a scheduled one would go public without it)."""
    from simple_history.models import HistoricalChanges

    from .workflow import Publishable, publishable_parent, publishing_q

    found = []
    for relation in obj._meta.related_objects:
        model = relation.related_model
        if issubclass(model, HistoricalChanges) or not (relation.many_to_many or relation.one_to_many):
            continue
        linked = model._default_manager.filter(**{relation.field.name: obj})
        if issubclass(model, Publishable):
            found += list(linked.filter(publishing_q())[:SHOWN])
            continue
        parent = publishable_parent(model)
        if parent is not None and parent.related_model is not type(obj):
            ids = linked.filter(publishing_q(f"{parent.name}__")).values_list(parent.attname, flat=True)
            found += list(parent.related_model._default_manager.filter(pk__in=ids)[:SHOWN])
    return list(dict.fromkeys(found))


class HistoryAdmin(SimpleHistoryAdmin):
    """simple-history's admin, with its revert form refused to users who may not change the record.

    simple-history lets anyone who may *view* a record open an old version's form, and saves
    that form on POST without asking for change permission.

    A record that published records show (a theme, an organization, a series, a person named in
    a published document) is not deleted: the delete page lists those records as protected, so
    the links are removed first, each as a change with its own history.
    """

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for obj in objs:
            for record in published_dependants(obj)[:SHOWN]:
                kind = record._meta.verbose_name.capitalize()
                protected.append(f"{kind}: {record} (published or scheduled, shows {obj})")
        return deleted, counts, perms_needed, protected

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
