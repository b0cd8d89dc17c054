"""Schemathesis runs the OpenAPI schema against the app: no 5xx, every response as the schema says.

The app is Django's own WSGI application, loaded with the small published
sample of ``conftest.sample``; schemathesis fetches ``/api/schema/`` from it and
generates valid and invalid requests for every operation.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import DocumentFactory

schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.generation.update(
    modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
    database="none",
)


@pytest.fixture
def published_sample(db, sample, unpublished_states, settings):
    settings.API_ANON_THROTTLE_RATE = None
    # As Django's test client does: the request must not close the test's transaction's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    for state, fields in unpublished_states.items():
        DocumentFactory(slug=f"hidden-{state}", **fields)
    yield sample
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_generated_request_as_its_schema_says(case, published_sample):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
