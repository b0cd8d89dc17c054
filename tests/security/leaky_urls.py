"""The project's URLs plus deliberately leaky views, to prove the leak walk can fail."""

from django.http import HttpResponse, JsonResponse
from django.urls import path

from archive.models import Document
from config.urls import urlpatterns as project_urlpatterns
from people.models import Person


def everything(request):
    return HttpResponse(", ".join(Document.objects.values_list("title", flat=True)))


def not_draft(request):
    return HttpResponse(", ".join(Document.objects.exclude(status="draft").values_list("title", flat=True)))


def count(request):
    return HttpResponse(f"{Document.objects.count()} documents in the archive.")


def record(request, slug):
    return HttpResponse("A record.")


def search(request):
    q = request.GET.get("q", "")
    if not q:
        return JsonResponse({"results": []})
    return JsonResponse({"results": list(Person.objects.filter(display_name__icontains=q).values("display_name"))})


urlpatterns = [
    *project_urlpatterns,
    path("leaky/everything/", everything),
    path("leaky/not-draft/", not_draft),
    path("leaky/count/", count),
    path("leaky/record/<slug:slug>/", record),
    path("leaky/search/", search),
]
