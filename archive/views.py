from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView, TemplateView

from .models import Document, PolicyTheme, SourceFile
from .public import PublicDetailMixin


class HomeView(TemplateView):
    template_name = "archive/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["documents"] = Document.objects.published().select_related("publisher")[:10]
        context["themes"] = PolicyTheme.objects.all()
        return context


class DocumentListView(ListView):
    template_name = "archive/document_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Document.objects.published().select_related("publisher")


class DocumentDetailView(PublicDetailMixin, DetailView):
    template_name = "archive/document_detail.html"

    def get_queryset(self):
        return Document.objects.published().select_related("publisher", "source_file")


class ThemeListView(ListView):
    model = PolicyTheme
    template_name = "archive/theme_list.html"


class ThemeDetailView(DetailView):
    model = PolicyTheme
    template_name = "archive/theme_detail.html"


def source_file(request, sha256):
    """The original bytes of a source file behind a published document."""
    source = get_object_or_404(SourceFile, sha256=sha256)
    if not Document.objects.published().filter(source_file=source).exists():
        raise Http404("No published document comes from this file.")
    return FileResponse(source.file.open("rb"), as_attachment=False, filename=source.name, content_type="text/plain")
