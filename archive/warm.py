"""Fill a web process's own caches before it answers its first request.

A process that has just started would otherwise make its first readers wait:
the first request imports every view module through the URLconf (the admin's
ingest pages compile the ingest finders' patterns) and sets up the template
engine (its tag libraries), each page compiles its templates, the first search reads the
per-process maps of :mod:`archive.search` (index entry to record, the published
keys of the current public version, the sections' newest-first order) and the
first document list builds the facet index of :mod:`archive.facet_index`:
together about half a second to a second and a half at 100,000 documents.

Then the process answers a few searches of its own through the whole stack
(middleware, view, template, with result lists): the first request of a
process otherwise still pays for what only a real request sets up (the
context processors, the locale's formats, the ORM's per-field caches), about
ten milliseconds. Those requests carry :data:`archive.middleware.WARMING`, so
the page cache neither answers nor keeps them. Their words come from the
newest published records, so they find something whatever the collection.
Last, where connections persist (``DJANGO_CONN_MAX_AGE`` above 0, as behind
gunicorn) the database connection warming used stays open for the first
request (never for a forked child), and every object then alive is frozen out
of the garbage collector's full collections.

``config/wsgi.py`` calls :func:`warm_caches` once the application is loaded
(``DJANGO_WARM_ON_START``, on by default), so a gunicorn worker does this
before it accepts a connection. What it fills is what a request would fill,
and is kept current the same way (by the public version); warming never
changes data. A failure (no database yet, a migration not applied) is logged
and leaves the caches to fill on first use, as they would without warming.
"""

import gc
import io
import logging
import os
import re
import time
from urllib.parse import urlencode

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import get_resolver, reverse

from .middleware import WARMING

logger = logging.getLogger(__name__)

#: A word no record holds: the searches read the per-process maps and find nothing.
PROBE = "zqxwarmprobe"


def _view_templates(patterns):
    """The ``template_name`` of every class-based view the URL patterns route to, outside the admin."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            if getattr(pattern, "app_name", None) != "admin":
                yield from _view_templates(pattern.url_patterns)
        elif name := getattr(getattr(pattern.callback, "view_class", None), "template_name", None):
            yield name


def _templates(patterns):
    """Compile the public pages' templates; rendered empty, which loads what they extend and include."""
    from django.template.loader import get_template

    for name in dict.fromkeys(_view_templates(patterns)):
        try:
            get_template(name).render({})
        except Exception:  # an empty context may not render to the end; what it loaded stays compiled
            logger.debug("Template %s did not render empty", name, exc_info=True)


def _probe_queries(sections):
    """Searches that find something: the longest word of the newest published record of each section, and the
    first one's beginning as a prefix."""
    words = []
    for spec in sections:
        title = spec.model.objects.published().order_by("-pk").values_list(spec.title_field, flat=True).first()
        if found := max(re.findall(r"\w{3,}", title or ""), key=len, default=None):
            words.append(found)
    queries = list(dict.fromkeys(words))
    if words:
        queries.append(f"{words[0][:4]}*")
    return queries


def _host():
    """A host name the settings allow, for the requests a process makes to itself."""
    for host in settings.ALLOWED_HOSTS:
        if host != "*":
            return host.lstrip(".")
    return "localhost"


def _answer(application, path, query):
    """One GET through the whole WSGI stack, outside the page cache; its status."""
    host = _host()
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": host,
        "SERVER_PORT": "443",
        "HTTP_HOST": host,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
        "wsgi.url_scheme": "https",
        WARMING: True,
    }
    if settings.SECURE_PROXY_SSL_HEADER:  # so that a redirect to HTTPS does not answer instead of the page
        header, value = settings.SECURE_PROXY_SSL_HEADER
        environ[header] = value
    statuses = []
    response = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _chunk in response:
            pass
    finally:
        getattr(response, "close", lambda: None)()
    return statuses[0] if statuses else None


#: Database connections a forked child inherited: kept referenced and never used or closed there.
_inherited = []
_fork_hook_registered = False


def _drop_inherited_connections():
    """In a child process: forget the connections open at the fork, so the child opens its own.

    They belong to the parent: closing one here would end the parent's
    PostgreSQL session (the socket is shared) or disturb its SQLite file locks,
    so they stay referenced, unused, for the child's life.
    """
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            _inherited.append(connection.connection)
            connection.connection = None


def _keep_connections_out_of_children():
    """Leave the warm-up's connections open for the first request, but never to a forked child.

    Where connections persist (``DJANGO_CONN_MAX_AGE`` above 0), a gunicorn
    worker that loads the application itself answers its first reader on the
    connection (and SQLite's schema and page cache) warming opened, a few
    milliseconds sooner than on a new one; otherwise Django closes it at the
    end of the warm-up's own requests, as after any request. A server that loads
    the application before forking its workers (``--preload``) must not hand
    them that connection: the fork hook makes each child open its own.
    """
    global _fork_hook_registered
    if not _fork_hook_registered:
        os.register_at_fork(after_in_child=_drop_inherited_connections)
        _fork_hook_registered = True


def _freeze_what_was_loaded():
    """Move every object alive now out of the cyclic garbage collector's sight.

    A warmed web process holds some 130,000 long-lived objects (modules, URL
    patterns, templates, models' metadata); a full collection walks them all,
    about 45 ms, and one falls due every so often in the middle of a request.
    Frozen, they are never walked again (and, in a server that forks its
    workers after loading, their memory pages stay shared). Garbage left by
    the start-up is collected first.
    """
    gc.collect()
    gc.freeze()


def warm_caches(application=None):
    """Import the views, compile the templates, read the search maps and build the facet index, then answer a few
    searches through ``application`` (the WSGI application) if given; True if it all went through."""
    from .facet_index import document_index
    from .models import Document
    from .search import ListingOrder, listing_ordering, parse, prefix_listing, search_model
    from .views import SearchView

    started = time.perf_counter()
    try:
        _templates(get_resolver().url_patterns)  # the URL patterns import every view module
        parsed = parse(PROBE)
        for spec in SearchView.sections:
            search_model(spec.model, parsed, limit=1)
        if prefix_listing(Document, parse(f"{PROBE}*")) is not None:  # the SQLite FTS5 fast path is on
            for spec in SearchView.sections:
                ListingOrder.of(spec.model, listing_ordering(spec.model, spec.date_field), DEFAULT_DB_ALIAS)
        if settings.ARCHIVE_FACET_INDEX:
            document_index()
        if application is not None:
            for q in _probe_queries(SearchView.sections):
                status = _answer(application, reverse("archive:search"), urlencode({"q": q}))
                if not (status or "").startswith("200"):
                    logger.warning("The warm-up search for %r answered %s", q, status)
    except Exception:
        logger.warning("Could not warm this process's caches; they fill on first use", exc_info=True)
        return False
    finally:
        _keep_connections_out_of_children()
        _freeze_what_was_loaded()
    logger.info("Warmed this process's caches in %.2f s", time.perf_counter() - started)
    return True
