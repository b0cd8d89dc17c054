"""How public pages look up a single publishable record.

A published record (whose time has come) is shown to everyone. A withdrawn
record that had been public keeps its URL and answers 410 with a short notice, never its body. Staff
who may view the record see unpublished versions at the public URL under a
"not published" banner, and that response is never cached. Anyone else gets
404. Detail views of documents, meetings and people use :class:`PublicDetailMixin`,
and other per-record pages (a person's feed) :func:`refuse_unpublished` and
:func:`gone_response`, so this rule is written once.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control


class RecordWithdrawn(Exception):
    def __init__(self, record):
        self.record = record


def refuse_unpublished(record, kind):
    """Raise for a record the public may not see: RecordWithdrawn (410) if it was public when
    withdrawn, else Http404 (a draft, a record in review or scheduled, or none at all)."""
    if record is not None and record.was_public_when_withdrawn:
        raise RecordWithdrawn(record)
    raise Http404(f"No {kind} at this address.")


def gone_response(request, record, template_name="410.html"):
    """The 410 page of a withdrawn record: its title and the reason, never its body."""
    return render(request, template_name, {"record": record, "kind": record._meta.verbose_name}, status=410)


def may_preview(user, model):
    opts = model._meta
    return user.is_active and user.is_staff and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class PublicDetailMixin:
    """For DetailViews whose ``get_queryset()`` returns ``Model.objects.published()``."""

    gone_template_name = "410.html"
    preview = False

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            pass
        model = self.get_queryset().model
        slug = self.kwargs.get(self.slug_url_kwarg)
        record = model._default_manager.filter(**{self.get_slug_field(): slug}).first()
        if record is not None and may_preview(self.request.user, model):
            self.preview = True
            return record
        refuse_unpublished(record, model._meta.verbose_name)

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except RecordWithdrawn as gone:
            response = gone_response(request, gone.record, self.gone_template_name)
        if self.preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        return context
