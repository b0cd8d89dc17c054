"""Workflow machinery for the admin of documents, meetings and people.

:class:`WorkflowAdminMixin` puts the record's state, its audit timeline and the
transition buttons this user may press on the change form; adds bulk actions
that report how many records changed and why the others did not; refuses a
stale save with the other editor's name and time; and lays any two versions
side by side with a revert button. Every change of state goes through
:mod:`archive.transitions`, every revert through :mod:`archive.history`.
"""

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from .history import compare_versions, record_revert, write_versions
from .models import AuditEvent
from .transitions import (
    TRANSITIONS,
    TransitionError,
    TransitionForbidden,
    available_transitions,
    may_edit,
    may_perform,
    record_transition,
    records_transition,
    stale_message,
)
from .workflow import WORKFLOW_FIELDS, Status

WORKFLOW_READONLY = WORKFLOW_FIELDS


class PublishableForm(forms.ModelForm):
    """Refuses a save when the record changed after the form was opened."""

    revision_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["revision_seen"].initial = self.instance.revision

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            current = locking(type(self.instance)._default_manager).get(pk=self.instance.pk)
            refuse_if_stale(current, cleaned_data.get("revision_seen"))
        return cleaned_data


def locking(manager):
    """``manager``, locking the rows it reads when inside the admin's change view, which runs in a
    transaction: the lock holds until the save, so two editors' saves cannot both pass the stale check."""
    if transaction.get_connection(manager.db).in_atomic_block:
        return manager.select_for_update()
    return manager


def refuse_if_stale(current, seen):
    """A form opened at revision ``seen`` of a record now at ``current``: refused if it says none or an older one."""
    if seen is None:
        raise forms.ValidationError(
            "This form does not say which revision it was opened at: reload the page and save again.", code="stale"
        )
    if seen != current.revision:
        raise forms.ValidationError(
            stale_message(current) + " Your changes were not saved: reload the page to see theirs.", code="stale"
        )


class ChildRowForm(forms.ModelForm):
    """A participation, name or appointment in its own admin page: refused when its record changed
    after the form was opened (any change to a child row counts as a change to its record)."""

    record_revision_seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    workflow_parent = None  # set by WorkflowChildAdminMixin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["record_revision_seen"].initial = getattr(self.instance, self.workflow_parent).revision

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk:
            field = self.instance._meta.get_field(self.workflow_parent)
            parent_id = (
                type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list(field.attname, flat=True)
            )
            current = locking(field.related_model._default_manager).filter(pk__in=parent_id).first()
            if current is not None:
                refuse_if_stale(current, cleaned_data.get("record_revision_seen"))
        return cleaned_data


class WorkflowActionForm(admin.helpers.ActionForm):
    """The list's action bar, with the time the list was drawn: a bulk transition leaves alone the
    records someone changed after that (the list showed them as they were)."""

    listed_at = forms.CharField(widget=forms.HiddenInput, required=False, initial=lambda: timezone.now().isoformat())


class TransitionForm(forms.Form):
    comment = forms.CharField(required=False, widget=forms.Textarea)
    publish_at = forms.DateTimeField(label="Publish at (UTC)", required=False)
    revision = forms.IntegerField(
        label="The revision the page was opened at",
        error_messages={"required": "The form does not say which revision it was opened at: reload the page."},
    )


class WorkflowAdminMixin:
    form = PublishableForm
    action_form = WorkflowActionForm
    change_form_template = "admin/archive/workflow_change_form.html"
    object_history_template = "admin/archive/workflow_object_history.html"
    actions = (
        "submit_selected",
        "request_changes_selected",
        "publish_selected",
        "withdraw_selected",
        "restore_selected",
    )

    # Permissions --------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # One history version per save, written once the links and inline rows are in place (save_related):
        # simple-history alone writes one for the save and one for each link added or removed, and a
        # revert to the version before would undo only the last of them.
        obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        obj = form.instance
        try:
            super().save_related(request, form, formsets, change)
        finally:
            obj.__dict__.pop("skip_history_when_saving", None)
        created, updated = ([], [obj]) if change else ([obj], [])
        write_versions(type(obj), created, updated, user=request.user)

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), *WORKFLOW_READONLY)

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or may_edit(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        """Only records in the draft state may be deleted; to take down a public record, withdraw it
        (its address then answers 410). A draft that was public once (restored after a withdrawal)
        may be deleted; the delete page still refuses while published records show it."""
        if not super().has_delete_permission(request, obj):
            return False
        return obj is None or obj.status == Status.DRAFT

    def delete_queryset(self, request, queryset):
        if queryset.exclude(status=Status.DRAFT).exists():
            raise PermissionDenied("Only drafts may be deleted; withdraw published records instead.")
        super().delete_queryset(request, queryset)

    def _may(self, request, *actions):
        return any(may_perform(request.user, self.model, action) for action in actions)

    def has_submit_permission(self, request):
        return self._may(request, "submit")

    def has_review_permission(self, request):
        return self._may(request, "request_changes")

    def has_publish_permission(self, request):
        return self._may(request, "publish")

    def has_withdraw_permission(self, request):
        return self._may(request, "withdraw", "restore")

    # Change form --------------------------------------------------------

    def get_urls(self):
        prefix = f"{self.model._meta.app_label}_{self.model._meta.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/transition/<str:action>/",
                view(self.transition_view),
                name=f"{prefix}_transition",
            ),
            path("<path:object_id>/history/compare/", view(self.compare_view), name=f"{prefix}_compare"),
            path(
                "<path:object_id>/history/<int:version_id>/revert/",
                view(self.revert_view),
                name=f"{prefix}_revert",
            ),
            *super().get_urls(),
        ]

    def _url(self, name, *args):
        opts = self.model._meta
        return reverse(f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{name}", args=args)

    def workflow_context(self, request, obj):
        events = AuditEvent.objects.for_record(obj).select_related("user")
        return {
            "record": obj,
            "transitions": [
                {"transition": transition, "url": self._url("transition", obj.pk, transition.name)}
                for transition in available_transitions(record=obj, user=request.user)
            ],
            "events": events,
        }

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context["workflow"] = self.workflow_context(request, obj)
        return super().change_view(request, object_id, form_url, extra_context)

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404("No such record.")
        if action not in TRANSITIONS:
            raise Http404("No such transition.")
        form = TransitionForm(request.POST)
        # The desk shows and takes every time in UTC, whatever DJANGO_TIME_ZONE says.
        with timezone.override(dt.UTC):
            valid = form.is_valid()
        if not valid:
            # by the fields' labels ("Publish at (UTC): ..."), not their names
            problems = [
                f"{form[name].label if name in form.fields else name}: {' '.join(errors)}"
                for name, errors in form.errors.items()
            ]
            messages.error(request, "; ".join(problems))
            return HttpResponseRedirect(self._url("change", obj.pk))
        try:
            record_transition(
                record=obj,
                action=action,
                user=request.user,
                comment=form.cleaned_data["comment"],
                publish_at=form.cleaned_data["publish_at"],
                expected_revision=form.cleaned_data["revision"],
            )
        except TransitionForbidden as error:
            raise PermissionDenied(str(error)) from error
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"“{obj}” {TRANSITIONS[action].done_label}.")
        return HttpResponseRedirect(self._url("change", obj.pk))

    # History ------------------------------------------------------------

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's own revert form is replaced by the comparison and its revert button."""
        return HttpResponseRedirect(f"{self._url('compare', unquote(object_id))}?a={version_id}")

    def compare_view(self, request, object_id):
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404("No such record.")
        versions = obj.history.order_by("-history_date", "-history_id").select_related("history_user")
        latest = versions.first()
        if latest is None:
            raise Http404("This record has no history.")

        def pick(name, default):
            value = request.GET.get(name)
            if not value:
                return default
            try:
                return get_object_or_404(versions, history_id=int(value))
            except ValueError as error:
                raise Http404("No such version.") from error

        newer = pick("b", latest)
        older = pick("a", versions.filter(history_date__lt=newer.history_date).first() or newer)
        if older.history_date > newer.history_date:
            older, newer = newer, older
        context = {
            **self.admin_site.each_context(request),
            "title": f"Compare versions of {obj}",
            "opts": self.model._meta,
            "original": obj,
            "older": older,
            "newer": newer,
            "rows": compare_versions(self.model, older, newer),
            "versions": versions[:200],
            "may_revert": self.has_change_permission(request, obj),
            "revert_url": self._url("revert", obj.pk, older.history_id),
            "change_url": self._url("change", obj.pk),
            "history_url": self._url("history", obj.pk),
        }
        return TemplateResponse(request, "admin/archive/workflow_compare.html", context)

    def revert_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        obj = self.get_object(request, unquote(object_id))
        if obj is None or not self.has_view_permission(request, obj):
            raise Http404("No such record.")
        if not self.has_change_permission(request, obj):
            raise PermissionDenied("You may not change this record.")
        version = get_object_or_404(obj.history.all(), history_id=version_id)
        revision = request.POST.get("revision", "")
        if not revision.isdigit():
            messages.error(request, "The form does not say which revision it was opened at: reload the page.")
            return HttpResponseRedirect(self._url("compare", obj.pk) + f"?a={version_id}")
        try:
            record_revert(record=obj, version=version, user=request.user, expected_revision=int(revision))
        except TransitionForbidden as error:
            raise PermissionDenied(str(error)) from error
        except TransitionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(self._url("compare", obj.pk) + f"?a={version_id}")
        messages.success(request, f"“{obj}” reverted to the version of {version.history_date:%Y-%m-%d %H:%M} UTC.")
        return HttpResponseRedirect(self._url("change", obj.pk))

    # Bulk actions -------------------------------------------------------

    def _bulk(self, request, queryset, action):
        transition = TRANSITIONS[action]
        opts = self.model._meta
        comment = request.POST.get("comment", "").strip()
        listed_at = request.POST.get("listed_at", "")
        try:
            seen = parse_datetime(listed_at)
        except ValueError:
            seen = None
        if seen is None:  # the action bar always says when the list was drawn
            messages.error(request, "The list does not say when it was loaded: reload it and try again.")
            return None
        if timezone.is_naive(seen):
            seen = timezone.make_aware(seen, dt.UTC)
        if transition.comment_required and not ("apply" in request.POST and comment):
            if "apply" in request.POST:
                messages.error(request, f"{transition.label} needs a {transition.comment_label.lower()}.")
            return TemplateResponse(
                request,
                "admin/archive/workflow_bulk_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "title": f"{transition.label}: {queryset.count()} {opts.verbose_name_plural}",
                    "opts": opts,
                    "transition": transition,
                    "records": queryset,
                    "action": request.POST.get("action"),
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                    "listed_at": listed_at,
                },
            )
        done, refused = records_transition(
            records=list(queryset), action=action, user=request.user, comment=comment, unchanged_since=seen
        )
        if done:
            name = opts.verbose_name if len(done) == 1 else opts.verbose_name_plural
            self.message_user(request, f"{len(done)} {name} {transition.done_label}.", messages.SUCCESS)
        if refused:
            reasons = " ".join(reason for _, reason in refused[:10])
            more = f" (and {len(refused) - 10} more)" if len(refused) > 10 else ""
            self.message_user(request, f"{len(refused)} not changed: {reasons}{more}", messages.WARNING)
        return None

    @admin.action(description="Submit selected for review", permissions=["submit"])
    def submit_selected(self, request, queryset):
        return self._bulk(request, queryset, "submit")

    @admin.action(description="Request changes to selected (back to draft)", permissions=["review"])
    def request_changes_selected(self, request, queryset):
        return self._bulk(request, queryset, "request_changes")

    @admin.action(description="Publish selected now", permissions=["publish"])
    def publish_selected(self, request, queryset):
        return self._bulk(request, queryset, "publish")

    @admin.action(description="Withdraw selected (with a reason)", permissions=["withdraw"])
    def withdraw_selected(self, request, queryset):
        return self._bulk(request, queryset, "withdraw")

    @admin.action(description="Restore selected to draft", permissions=["withdraw"])
    def restore_selected(self, request, queryset):
        return self._bulk(request, queryset, "restore")


class WorkflowChildInlineMixin:
    """Inline rows (participations, names, appointments) are editable only while their record is."""

    def _record_editable(self, request, obj):
        return obj is None or may_edit(request.user, obj)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._record_editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._record_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._record_editable(request, obj)


class WorkflowChildAdminMixin:
    """A child row's own admin follows its record: no back door to a record past draft.

    ``workflow_parent`` names the foreign key to the workflow record.
    """

    workflow_parent = None
    form = ChildRowForm

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.workflow_parent = self.workflow_parent
        return form

    def get_fieldsets(self, request, obj=None):
        # the hidden revision of the record the page was opened at, or a browser never sends it
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and not any("record_revision_seen" in options["fields"] for _n, options in fieldsets):
            fieldsets.append((None, {"fields": ("record_revision_seen",)}))
        return fieldsets

    def _record_editable(self, request, obj):
        return obj is None or may_edit(request.user, getattr(obj, self.workflow_parent))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._record_editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._record_editable(request, obj)

    def save_model(self, request, obj, form, change):
        record = getattr(obj, self.workflow_parent)
        if not may_edit(request.user, record):
            raise PermissionDenied(f"You may not change {record._meta.verbose_name} “{record}” in its present state.")
        # the record the row belonged to when the form was opened (absent: the form cannot move it)
        before = form.initial.get(self.workflow_parent) if change else None
        super().save_model(request, obj, form, change)
        self._touch_record(record)
        if before is not None and before != record.pk:  # moved to another record: the one it left changed too
            left = type(record)._default_manager.filter(pk=before).first()
            if left is not None:
                self._touch_record(left)

    def delete_model(self, request, obj):
        record = getattr(obj, self.workflow_parent)
        super().delete_model(request, obj)
        self._touch_record(record)

    def delete_queryset(self, request, queryset):
        attname = self.model._meta.get_field(self.workflow_parent).attname
        parent_ids = set(queryset.values_list(attname, flat=True))
        super().delete_queryset(request, queryset)
        parent_model = self.model._meta.get_field(self.workflow_parent).related_model
        for record in parent_model._default_manager.filter(pk__in=parent_ids):
            self._touch_record(record)

    @staticmethod
    def _touch_record(record):
        """A change to a child row is a change to its record: a form opened before it is now stale."""
        record.save(update_fields=["revision", "updated_at"])
