from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from archive.admin_base import WORKFLOW_FIELDSET, PublishableAdmin
from archive.admin_workflow import WorkflowChildAdminMixin, WorkflowChildInlineMixin

from .models import Appointment, Organization, Person, PersonName
from .names import name_key


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ("name", "acronym", "country", "kind", "parent")
    list_filter = ("country", "kind")
    list_select_related = ("parent",)
    search_fields = ("name", "acronym", "slug")
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)
    fieldsets = (
        (None, {"fields": ("name", "acronym", "slug")}),
        ("Place", {"fields": ("country", "kind", "parent")}),
        ("For readers", {"fields": ("description",)}),
    )


class PersonNameInline(WorkflowChildInlineMixin, admin.TabularInline):
    model = PersonName
    extra = 1
    fields = ("name", "script", "is_preferred", "source", "note")
    autocomplete_fields = ("source",)


class AppointmentInline(WorkflowChildInlineMixin, admin.TabularInline):
    model = Appointment
    extra = 1
    fields = ("title", "organization", "start_date", "start_precision", "end_date", "end_precision")
    autocomplete_fields = ("organization",)


class NameSearchMixin:
    """Find people by any name variant, however it is spaced, hyphenated or cased."""

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        key = name_key(search_term)
        if key:
            by_key = queryset.filter(names__key__contains=key)
            results = results | by_key
            may_have_duplicates = True
        return results, may_have_duplicates


@admin.register(Person)
class PersonAdmin(NameSearchMixin, PublishableAdmin):
    list_display = ("display_name", "hangul_name", "country", "status", "public")
    list_filter = ("status", "country")
    search_fields = ("display_name", "hangul_name", "family_name", "given_name", "names__name", "slug")
    prepopulated_fields = {"slug": ("display_name",)}
    inlines = (PersonNameInline, AppointmentInline)
    fieldsets = (
        (None, {"fields": ("display_name", "hangul_name", ("family_name", "given_name"), "slug", "country")}),
        ("For readers", {"fields": ("biography",)}),
        WORKFLOW_FIELDSET,
        ("Record", {"fields": ("created_at", "updated_at"), "classes": ("collapse",)}),
    )


@admin.register(PersonName)
class PersonNameAdmin(WorkflowChildAdminMixin, SimpleHistoryAdmin):
    workflow_parent = "person"
    list_display = ("name", "person", "script", "is_preferred", "source")
    list_filter = ("script", "is_preferred")
    list_select_related = ("person", "source")
    search_fields = ("name", "key", "person__display_name")
    autocomplete_fields = ("person", "source")
    fieldsets = (
        (None, {"fields": ("person", "name", "script", "is_preferred")}),
        ("Where seen", {"fields": ("source", "note")}),
    )


@admin.register(Appointment)
class AppointmentAdmin(WorkflowChildAdminMixin, SimpleHistoryAdmin):
    workflow_parent = "person"
    list_display = ("person", "title", "organization", "start_display", "end_display")
    list_filter = ("organization__country",)
    list_select_related = ("person", "organization")
    search_fields = (
        "title",
        "person__display_name",
        "person__names__name",
        "organization__name",
        "organization__acronym",
    )
    autocomplete_fields = ("person", "organization")
    fieldsets = (
        (None, {"fields": ("person", "title", "organization")}),
        ("Term", {"fields": (("start_date", "start_precision"), ("end_date", "end_precision"))}),
    )

    @admin.display(description="from", ordering="start_date")
    def start_display(self, obj):
        return str(obj.start)

    @admin.display(description="to", ordering="end_date")
    def end_display(self, obj):
        return str(obj.end) if obj.end else "in office"
