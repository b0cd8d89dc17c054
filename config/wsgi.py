"""WSGI entry point: ``gunicorn config.wsgi``.

Once the application is loaded, the process fills its own caches (the view
modules, the search maps, the facet index) and answers a few searches of its
own before it serves: see
``archive/warm.py``; ``DJANGO_WARM_ON_START=0`` turns that off.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402 - configured by the line above

if settings.ARCHIVE_WARM_ON_START:
    from archive.warm import warm_caches  # noqa: E402

    warm_caches(application)
