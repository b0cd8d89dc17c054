"""The public API's routes, its OpenAPI schema and its browsable documentation.

Mounted at ``/api/`` by ``config/urls.py``. Swagger UI (``/api/docs/``) and
Redoc (``/api/redoc/``) load their JavaScript from the drf-spectacular-sidecar
package through the static files, so they work without internet access.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from archive.api import DocumentViewSet, ThemeViewSet
from archive.rest import PublicAnonThrottle
from meetings.api import MeetingViewSet, SeriesViewSet
from people.api import OrganizationViewSet, PersonViewSet

router = DefaultRouter()
router.include_root_view = False
router.register("documents", DocumentViewSet, basename="document")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("series", SeriesViewSet, basename="series")
router.register("people", PersonViewSet, basename="person")
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("themes", ThemeViewSet, basename="theme")

schema_view_options = {"authentication_classes": [], "throttle_classes": [PublicAnonThrottle]}

app_name = "api"
urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(**schema_view_options), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema", **schema_view_options), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema", **schema_view_options), name="redoc"),
    path("", include(router.urls)),
]
