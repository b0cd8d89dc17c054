from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from archive.sitemaps import SITEMAPS
from archive.views import robots_txt

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
    path("data/", include("archive.data_urls")),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]
