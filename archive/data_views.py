"""The public "download the data" page: published records as CSV and JSON."""

from django.http import Http404, StreamingHttpResponse
from django.views.generic import TemplateView

from .transfer.exporting import CONTENT_TYPES, records_export
from .transfer.resources import KINDS, get_resource_class

PUBLIC_FORMATS = ("csv", "json")


class DataIndexView(TemplateView):
    template_name = "archive/data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kinds = []
        for kind in KINDS:
            resource = get_resource_class(kind)()
            kinds.append(
                {
                    "kind": kind,
                    "label": resource._meta.model._meta.verbose_name_plural,
                    "count": resource.public_queryset().count(),
                    "columns": [field.column_name for field in resource.get_export_fields()],
                }
            )
        context["kinds"] = kinds
        context["formats"] = PUBLIC_FORMATS
        return context


def download(request, kind, format):
    if kind not in KINDS or format not in PUBLIC_FORMATS:
        raise Http404("No such download.")
    response = StreamingHttpResponse(
        records_export(kind=kind, format=format, published_only=True), content_type=CONTENT_TYPES[format]
    )
    response["Content-Disposition"] = f'attachment; filename="{kind}.{format}"'
    return response
