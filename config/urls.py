from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = settings.ARCHIVE_NAME
admin.site.site_title = settings.ARCHIVE_NAME
admin.site.index_title = "Editorial desk"

urlpatterns = [
    path("admin/ingest/", include("archive.admin_ingest")),
    path("admin/", admin.site.urls),
    path("api/", include("config.api")),
    path("", include("archive.urls")),
    path("", include("people.urls")),
    path("", include("meetings.urls")),
]
