"""Fill a web process's own caches before it answers its first request.

A process that has just started would otherwise make its first readers wait:
the first request imports every view module through the URLconf (the admin's
ingest pages compile the ingest finders' patterns) and sets up the template
engine (its tag libraries), each page compiles its templates, the first search reads the
per-process maps of :mod:`archive.search` (index entry to record, the published
keys of the current public version) and the first document list builds the
facet index of :mod:`archive.facet_index`: together about half a second to a
second and a half at 100,000 documents. ``config/wsgi.py`` calls
:func:`warm_caches` once the application is loaded (``DJANGO_WARM_ON_START``,
on by default), so a gunicorn worker does this before it accepts a connection.
What it fills is what a request would fill, and is kept current the same way
(by the public version); warming never changes data. A failure (no database
yet, a migration not applied) is logged and leaves the caches to fill on first
use, as they would without warming.
"""

import logging
import time

from django.conf import settings
from django.db import connections
from django.urls import get_resolver

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


def warm_caches():
    """Import the views, compile the templates, read the search maps and build the facet index; True if it all
    went through."""
    from meetings.models import Meeting
    from people.models import Person

    from .facet_index import document_index
    from .models import Document
    from .search import parse, search_model

    started = time.perf_counter()
    try:
        _templates(get_resolver().url_patterns)  # the URL patterns import every view module
        parsed = parse(PROBE)
        for model in (Document, Meeting, Person):
            search_model(model, parsed, limit=1)
        if settings.ARCHIVE_FACET_INDEX:
            document_index()
    except Exception:
        logger.warning("Could not warm this process's caches; they fill on first use", exc_info=True)
        return False
    finally:
        # A server that loads the application before forking its workers must not hand them this connection.
        connections.close_all()
    logger.info("Warmed this process's caches in %.2f s", time.perf_counter() - started)
    return True
