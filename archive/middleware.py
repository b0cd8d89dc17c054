"""Serve anonymous GETs of public pages from the page cache (see archive/cache.py)."""

import hashlib

from django.conf import settings
from django.http import HttpResponse

from .cache import page_cache, pinned_public_version, public_version

CACHEABLE_STATUS = {200, 404, 410}
#: Set in the WSGI environ of the requests a process makes to itself as it starts (archive/warm.py):
#: they are answered in full and never read from or stored in the page cache.
WARMING = "archive.warming"
SKIP_PREFIXES = ("/admin/", "/api/", "/static/", "/media/")


class PublicPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not self.applies(request):
            return self.get_response(request)
        raw = f"{request.get_host()}|{request.get_full_path()}".encode()
        version = public_version()
        key = f"page:{version}:{hashlib.md5(raw, usedforsecurity=False).hexdigest()}"
        cache = page_cache()
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        with pinned_public_version(version):  # the page is rendered for the version it is stored under
            response = self.get_response(request)
        if self.storable(response):
            headers = [(name, value) for name, value in response.items() if name.lower() != "content-length"]
            cache.set(key, (response.status_code, headers, response.content))
        return response

    @staticmethod
    def applies(request):
        return (
            getattr(settings, "ARCHIVE_PAGE_CACHE", True)
            and request.method == "GET"
            and not request.META.get(WARMING)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(SKIP_PREFIXES)
        )

    @staticmethod
    def storable(response):
        if response.status_code not in CACHEABLE_STATUS or response.streaming or response.cookies:
            return False
        control = response.get("Cache-Control", "")
        if "private" in control or "no-store" in control or "no-cache" in control:
            return False
        return "cookie" not in response.get("Vary", "").lower()
