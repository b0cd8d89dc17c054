"""The shared page store (archive/page_store.py): one SQLite file read and filled by every process."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.page_store import SQLiteCache

ROOT = Path(__file__).resolve().parents[2]
OTHER_PROCESS = """
import json, os, sys
import django
from django.conf import settings
settings.configure(CACHES=json.loads(os.environ["ARCHIVE_TEST_CACHES"]), ALLOWED_HOSTS=["testserver"])
django.setup()
from django.test import RequestFactory
from archive.middleware import PublicPageCacheMiddleware

def render(request):
    sys.exit("rendered: the page was not in the shared store")

response = PublicPageCacheMiddleware(render)(RequestFactory().get(sys.argv[1]))
print(json.dumps({"hit": response.get("X-Page-Cache"), "content": response.content.decode()}))
"""


def store(tmp_path, **options):
    return SQLiteCache(str(tmp_path / "pages.sqlite3"), {"OPTIONS": options})


def serve_from_another_process(settings, url):
    caches = {alias: settings.CACHES[alias] for alias in ("default", "pages", "public_version")}
    result = subprocess.run(
        [sys.executable, "-c", OTHER_PROCESS, url],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "ARCHIVE_TEST_CACHES": json.dumps(caches), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.django_db
@pytest.mark.usefixtures("page_cache_on")
def test_a_page_cached_by_one_process_is_served_by_another_until_an_edit(client, public_world, settings):
    document = public_world["documents"][0]
    url = document.get_absolute_url()
    first = client.get(url)

    served = serve_from_another_process(settings, url)
    assert served["hit"] == "hit"
    assert served["content"] == first.content.decode()

    old_title = document.title
    document.title = "A corrected title"
    document.save()
    client.get(url)

    served = serve_from_another_process(settings, url)
    assert "A corrected title" in served["content"]
    assert old_title not in served["content"]


def test_values_round_trip_and_expire(tmp_path):
    cache = store(tmp_path)
    page = (200, [("Content-Type", "text/html")], "페이지 <p>".encode() * 1000)
    cache.set("page", page)
    cache.set("brief", "gone", timeout=-1)
    assert cache.get("page") == page
    assert cache.get("brief", "expired") == "expired"
    assert cache.add("page", "other") is False
    assert cache.add("brief", "back") is True
    assert cache.get("brief") == "back"
    assert cache.delete("page") is True
    assert cache.get("page") is None


def test_two_connections_see_one_store(tmp_path):
    store(tmp_path).set("key", "written by the first")
    assert store(tmp_path).get("key") == "written by the first"
    store(tmp_path).clear()
    assert store(tmp_path).get("key") is None


def test_culling_keeps_the_newest_entries_within_max_entries(tmp_path):
    cache = store(tmp_path, MAX_ENTRIES=50, CULL_FREQUENCY=2)
    cache.CULL_EVERY = 1
    for number in range(120):
        cache.set(f"page-{number}", number)
    kept = [number for number in range(120) if cache.get(f"page-{number}") is not None]
    assert len(kept) <= 51
    assert 119 in kept
    assert 0 not in kept


def test_a_write_the_store_cannot_take_is_skipped_not_raised(tmp_path):
    cache = store(tmp_path, BUSY_TIMEOUT=0.05)
    cache.set("warm", "up")
    blocker = sqlite3.connect(tmp_path / "pages.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        cache.set("page", "rendered while another writer holds the store")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert cache.get("page") is None
    assert cache.get("warm") == "up"
