"""The API answers from the public cache, and never with a record that has since changed."""

import datetime as dt
import json
import time

import pytest
from django.utils import timezone

from archive.transitions import record_withdraw
from tests.factories import DocumentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache_on")]


def slugs(response):
    return [item["slug"] for item in json.loads(response.content)["results"]]


def test_second_request_is_served_from_the_cache_without_queries(api, sample, django_assert_max_num_queries):
    first = api.get("/api/documents/")

    with django_assert_max_num_queries(0):
        second = api.get("/api/documents/", HTTP_ORIGIN="https://researcher.example")

    assert "X-API-Cache" not in first
    assert second["X-API-Cache"] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == "application/json"
    assert second["Access-Control-Allow-Origin"] == "*"


def test_withdrawal_is_visible_on_the_next_request(api, sample, superuser):
    assert "white-paper-2022-ch4" in slugs(api.get("/api/documents/"))
    api.get("/api/documents/white-paper-2022-ch4/")

    record_withdraw(record=sample["white_paper"], user=superuser, reason="Superseded.")

    assert "white-paper-2022-ch4" not in slugs(api.get("/api/documents/"))
    assert api.get("/api/documents/white-paper-2022-ch4/").status_code == 410


def test_scheduled_document_appears_when_its_time_comes(api, sample):
    DocumentFactory(slug="scheduled", publish_at=timezone.now() + dt.timedelta(seconds=1.5))

    assert "scheduled" not in slugs(api.get("/api/documents/"))
    time.sleep(1.6)

    assert "scheduled" in slugs(api.get("/api/documents/"))


def test_throttling_still_counts_cache_hits(api, sample, settings):
    settings.API_ANON_THROTTLE_RATE = "2/minute"

    statuses = [api.get("/api/themes/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
