"""The site's URLs under /archive/, for tests/archive/test_urlcache.py."""

from django.urls import include, path

urlpatterns = [path("archive/", include("config.urls"))]
