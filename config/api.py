"""The public API's routes, its OpenAPI schema and its browsable documentation.

Mounted at ``/api/`` by ``config/urls.py``. Swagger UI (``/api/docs/``) and
Redoc (``/api/redoc/``) load their JavaScript from the drf-spectacular-sidecar
package through the static files, so they work without internet access.
"""

from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import include, path, re_path, resolve
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from archive.api import DocumentViewSet, ThemeViewSet
from archive.rest import PublicAnonThrottle
from meetings.api import MeetingViewSet, SeriesViewSet
from people.api import OrganizationViewSet, PersonViewSet

router = DefaultRouter()
router.register("documents", DocumentViewSet, basename="document")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("series", SeriesViewSet, basename="series")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("themes", ThemeViewSet, basename="theme")


def not_found(request):
    """JSON 404 for unknown API addresses; a missing trailing slash still redirects, as elsewhere."""
    if not request.path.endswith("/"):
        match = resolve(request.path + "/")
        if match.func is not not_found:
            return HttpResponsePermanentRedirect(request.get_full_path().replace(request.path, request.path + "/", 1))
    return JsonResponse({"detail": "No API endpoint at this address: see /api/docs/."}, status=404)


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI without a CSRF token: the API takes no writes, and the page stays the same for everyone."""

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        response.data["csrf_token"] = ""
        return response


schema_view_options = {"authentication_classes": [], "throttle_classes": [PublicAnonThrottle]}

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**schema_view_options), name="schema"),
    path("docs/", ApiDocsView.as_view(url_name="api:schema", **schema_view_options), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", **schema_view_options), name="redoc"),
    path("", include(router.urls)),
    re_path(r"^", not_found),
]
