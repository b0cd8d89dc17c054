"""The admin upload page for ingest: upload, review what was extracted, create the drafts.

Three steps on ``/admin/ingest/``: upload one or many files; review each file's
extracted fields beside its source text with the spans highlighted, correct or
drop values and accept or reject proposed matches; create the drafts. The
last step calls :func:`archive.ingest.write.source_file_ingest`, the same
function as ``manage.py ingest``. Uploaded bytes wait between the steps in
Django storage under ``ingest-uploads/``.
"""

import re

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from archive.countries import Country
from archive.ingest.errors import IngestError
from archive.ingest.pipeline import analyse
from archive.ingest.reference import load_reference, new_organization_name
from archive.ingest.write import source_file_ingest
from archive.models import Document, SourceFile

app_name = "archive_ingest"
UPLOAD_PREFIX = "ingest-uploads"
_SHA = re.compile(r"^[0-9a-f]{64}$")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="Source files",
        help_text="One or many text files: white-paper pages, press releases, readouts, statements, news stories.",
    )


def _check_permission(request):
    if not request.user.has_perm("archive.add_document"):
        raise PermissionDenied


def _upload_path(sha256):
    return f"{UPLOAD_PREFIX}/{sha256}"


def highlighted(text, spans):
    """The source text as HTML with every (start, end, label) span in a <mark>."""
    parts, position = [], 0
    for start, end, label in sorted(spans, key=lambda item: (item[0], -item[1])):
        if start < position or end <= start:
            continue
        parts.append(escape(text[position:start]))
        parts.append(f'<mark title="{escape(label)}" data-field="{escape(label)}">{escape(text[start:end])}</mark>')
        position = end
    parts.append(escape(text[position:]))
    return mark_safe("".join(parts))


def _review_item(analysis):
    x = analysis.extraction
    spans = []
    for label, value in (
        ("title", x.title),
        ("date", x.date),
        ("event date", x.event_date),
        ("place", x.location),
        ("publisher", x.publisher),
    ):
        if value.span:
            spans.append((*value.span, label))
    people = []
    for index, match in enumerate(analysis.reconciliation.people):
        for span in match.mention.spans:
            spans.append((*span, f"person: {match.canonical}"))
        people.append({"index": index, "match": match, "proposals": match.proposals})
    spans += [(*org.span, f"organization: {org.name}") for org in x.organizations]
    spans += [(*m.span, f"meeting: {m.series_name}") for m in x.meetings]
    spans += [(*span, f"theme: {slug}") for slug, span in x.themes]
    reference = analysis.reference
    return {
        "analysis": analysis,
        "x": x,
        "people": people,
        "publisher_new": new_organization_name(reference, x.publisher.value),  # offered as a new organization
        "organizations": sorted(reference.organizations.values(), key=lambda e: e.name),
        "meetings": list(enumerate(x.meetings)),
        "source_html": highlighted(analysis.text, spans),
    }


def upload_view(request):
    _check_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        reference = load_reference()
        items, problems = [], []
        for upload in form.cleaned_data["files"]:
            data = upload.read()
            sha256 = SourceFile.fingerprint(data)
            if SourceFile.objects.filter(sha256=sha256).exists():
                problems.append(f"{upload.name}: already ingested (same sha256); nothing to do.")
                continue
            try:
                analysis = analyse(upload.name, data, reference=reference)
            except IngestError as error:
                problems.append(str(error))
                continue
            if not default_storage.exists(_upload_path(sha256)):
                default_storage.save(_upload_path(sha256), ContentFile(data))
            items.append(_review_item(analysis))
        context = {
            **admin.site.each_context(request),
            "title": "Review extracted records",
            "items": items,
            "problems": problems,
            "doc_types": Document.Type.choices,
            "countries": Country.choices,
        }
        return TemplateResponse(request, "admin/archive/ingest/review.html", context)
    context = {**admin.site.each_context(request), "title": "Ingest source files", "form": form}
    return TemplateResponse(request, "admin/archive/ingest/upload.html", context)


def decisions_from_post(post, sha256):
    """The decisions dict for one file from the review form's fields, all prefixed with its sha256."""
    prefix = f"{sha256}-"
    decisions = {
        key: post.get(prefix + key, "").strip()
        for key in ("title", "doc_type", "date", "event_date", "city", "country", "publisher")
        if prefix + key in post
    }
    decisions["people"] = {
        key[len(prefix + "person-") :]: value for key, value in post.items() if key.startswith(prefix + "person-")
    }
    decisions["participants"] = post.getlist(prefix + "participant")
    decisions["organizations"] = post.getlist(prefix + "organization")
    decisions["meetings"] = post.getlist(prefix + "meeting")
    decisions["themes"] = post.getlist(prefix + "theme")
    return decisions


def confirm_view(request):
    _check_permission(request)
    if request.method != "POST":
        return redirect("archive_ingest:upload")
    reference = load_reference()
    results = []
    for sha256 in request.POST.getlist("file"):
        if not _SHA.match(sha256) or not default_storage.exists(_upload_path(sha256)):
            continue
        name = request.POST.get(f"{sha256}-name", sha256)[:255]
        if request.POST.get(f"{sha256}-skip"):
            default_storage.delete(_upload_path(sha256))
            results.append({"name": name, "status": "skipped", "message": f"{name}: skipped by the editor."})
            continue
        with default_storage.open(_upload_path(sha256), "rb") as handle:
            data = handle.read()
        result = source_file_ingest(
            name=name,
            data=data,
            user=request.user,
            reference=reference,
            decisions=decisions_from_post(request.POST, sha256),
        )
        if result.status != "failed":
            default_storage.delete(_upload_path(sha256))
        url = reverse("admin:archive_document_change", args=[result.document.pk]) if result.document else None
        results.append({"name": name, "status": result.status, "message": result.message, "url": url})
    context = {**admin.site.each_context(request), "title": "Ingest results", "results": results}
    return TemplateResponse(request, "admin/archive/ingest/done.html", context)


urlpatterns = [
    path("", admin.site.admin_view(upload_view), name="upload"),
    path("confirm/", admin.site.admin_view(confirm_view), name="confirm"),
]
