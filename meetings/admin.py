from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.admin_base import WORKFLOW_FIELDSET, PublishableAdmin
from archive.admin_workflow import WorkflowChildAdminMixin, WorkflowChildInlineMixin

from .models import Meeting, MeetingSeries, Participation


@admin.register(MeetingSeries)
class MeetingSeriesAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "level", "established")
    list_filter = ("level",)
    search_fields = ("name", "acronym", "definition")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug", "level", "established")}),
        ("Glossary", {"fields": ("definition",)}),
    )


class ParticipationInline(WorkflowChildInlineMixin, admin.TabularInline):
    model = Participation
    extra = 1
    fields = ("person", "organization", "role", "side", "order")
    autocomplete_fields = ("person", "organization")


@admin.register(Meeting)
class MeetingAdmin(PublishableAdmin):
    list_display = ("title", "series", "ordinal", "start_display", "city", "country", "kind", "status", "public")
    list_filter = ("status", "series", "country", "kind")
    list_select_related = ("series",)
    search_fields = ("title", "slug", "city", "summary", "series__acronym", "series__name")
    date_hierarchy = "start_date"
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("series", "themes")
    inlines = (ParticipationInline,)
    fieldsets = (
        (None, {"fields": ("title", "slug", ("series", "ordinal"), "kind")}),
        (
            "When and where",
            {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"), ("city", "country"))},
        ),
        ("Content", {"fields": ("summary", "outcomes", "themes")}),
        WORKFLOW_FIELDSET,
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )

    @admin.display(description="date", ordering="start_date")
    def start_display(self, obj):
        return str(obj.start)


@admin.register(Participation)
class ParticipationAdmin(WorkflowChildAdminMixin, SimpleHistoryAdmin):
    workflow_parent = "meeting"
    list_display = ("person", "meeting", "role", "organization", "side", "order")
    list_filter = ("side",)
    list_select_related = ("person", "meeting", "organization")
    search_fields = ("person__display_name", "person__names__name", "meeting__title", "role")
    autocomplete_fields = ("meeting", "person", "organization")
    fieldsets = ((None, {"fields": ("meeting", "person", "organization", "role", "side", "order")}),)
