"""The site's URLs plus ``/bench/ceiling/``: the cheapest Django response, the benchmark's ceiling."""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("", include("config.urls")),
]
