"""How public pages look up a single publishable record.

A published record (whose time has come) is shown to everyone. A withdrawn
record that had been public keeps its URL and answers 410 with a short notice, never its body. Staff
who may view the record see unpublished versions at the public URL under a
"not published" banner, and that response is never cached. Anyone else gets
404. Detail views of documents, meetings and people all use
:class:`PublicDetailMixin`, so this rule is written once.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers, patch_cache_control


class RecordWithdrawn(Exception):
    def __init__(self, record):
        self.record = record


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
        if record is None:
            raise Http404(f"No {model._meta.verbose_name} at this address.")
        if may_preview(self.request.user, model):
            self.preview = True
            return record
        if record.was_public_when_withdrawn:
            raise RecordWithdrawn(record)
        raise Http404(f"No {model._meta.verbose_name} at this address.")

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except RecordWithdrawn as gone:
            response = render(
                request,
                self.gone_template_name,
                {"record": gone.record, "kind": gone.record._meta.verbose_name},
                status=410,
            )
        if self.preview:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["preview"] = self.preview
        return context
