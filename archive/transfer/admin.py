"""The admin side of import and export: a mixin any ModelAdmin of a record kind can take.

It adds an "Import" page (upload, preview page by page, confirm) and an
"Export selected" action. Both call the same functions as the shell.
"""

import json
import uuid

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from .exporting import CONTENT_TYPES, records_export
from .importing import records_import
from .resources import get_resource_class, resource_for_model

PREVIEW_PAGE_SIZE = 100
UPLOAD_DIR = "imports"


@admin.action(description="Export selected records as CSV")
def export_selected_csv(modeladmin, request, queryset):
    kind = modeladmin.transfer_kind()
    response = StreamingHttpResponse(
        records_export(kind=kind, format="csv", queryset=queryset), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.csv"'
    return response


class RecordTransferMixin:
    """Import from a file and export to one, for the kind this admin manages."""

    change_list_template = "admin/transfer/change_list.html"

    def transfer_kind(self):
        kind, _resource = resource_for_model(self.model)
        return kind

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_view), name=name)] + super().get_urls()

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.has_view_permission(request):
            actions["export_selected_csv"] = (
                export_selected_csv,
                "export_selected_csv",
                export_selected_csv.short_description,
            )
        return actions

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        kind = self.transfer_kind()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Import {self.opts.verbose_name_plural}",
            "kind": kind,
            "columns": [field.column_name for field in get_resource_class(kind)().get_import_fields()],
            "required": get_resource_class(kind).required,
        }
        token = request.POST.get("token") or request.GET.get("token")
        if request.method == "POST" and "confirm" in request.POST and token:
            return self._import_confirm(request, kind, token, context)
        if request.method == "POST" and request.FILES.get("file"):
            upload = request.FILES["file"]
            token = uuid.uuid4().hex
            default_storage.save(self._upload_name(token), ContentFile(upload.read()))
            request.session[f"import-{token}"] = {"name": upload.name, "kind": kind}
            return redirect(f"{self._admin_url('import')}?token={token}")
        if token:
            upload = request.session.get(f"import-{token}")
            if not upload or upload["kind"] != kind or not default_storage.exists(self._upload_name(token)):
                messages.error(request, "That upload has expired; choose the file again.")
                return redirect(request.path)
            with default_storage.open(self._upload_name(token), "rb") as handle:
                data = handle.read()
            report = records_import(
                kind=kind, data=data, file_name=upload["name"], user=request.user, dry_run=True, collect_rows=True
            )
            # What the preview showed rests on these revisions: the confirm refuses the file if one changed.
            seen = json.dumps({str(pk): revision for pk, revision in report.revisions.items()}).encode()
            revisions = self._upload_name(token) + ".revisions"
            default_storage.delete(revisions)
            default_storage.save(revisions, ContentFile(seen))
            page = Paginator(report.rows, PREVIEW_PAGE_SIZE).get_page(request.GET.get("page"))
            context.update({"report": report, "page": page, "token": token, "file_name": upload["name"]})
        return TemplateResponse(request, "admin/transfer/import.html", context)

    def _import_confirm(self, request, kind, token, context):
        upload = request.session.pop(f"import-{token}", None)
        name = self._upload_name(token)
        if not upload or upload["kind"] != kind or not default_storage.exists(name):
            messages.error(request, "That upload has expired; choose the file again.")
            return redirect(request.path)
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
        default_storage.delete(name)
        expected = None
        if default_storage.exists(name + ".revisions"):
            with default_storage.open(name + ".revisions", "rb") as handle:
                expected = json.loads(handle.read())
            default_storage.delete(name + ".revisions")
        report = records_import(
            kind=kind, data=data, file_name=upload["name"], user=request.user, expected_revisions=expected
        )
        if not report.ok:
            page = Paginator(report.rows, PREVIEW_PAGE_SIZE).get_page(1)
            context.update({"report": report, "page": page, "file_name": upload["name"]})
            return TemplateResponse(request, "admin/transfer/import.html", context)
        messages.success(request, report.summary())
        return redirect(self._admin_url("changelist"))

    def _admin_url(self, view):
        return reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{view}")

    @staticmethod
    def _upload_name(token):
        return f"{UPLOAD_DIR}/{token}.upload"
