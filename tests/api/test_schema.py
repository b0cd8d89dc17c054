import re

import pytest
import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db

ENDPOINTS = ["documents", "meetings", "series", "people", "organizations", "themes"]


def test_schema_generates_valid_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    paths = yaml.safe_load(target.read_text())["paths"]
    assert sorted(paths) == sorted(
        [f"/api/{name}/" for name in ENDPOINTS] + [f"/api/{name}/{{slug}}/" for name in ENDPOINTS]
    )
    assert all(list(operations) == ["get"] for operations in paths.values())


def test_schema_documents_every_filter_and_error_response(api):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    documents = schema["paths"]["/api/documents/"]["get"]
    names = {parameter["name"] for parameter in documents["parameters"]}
    assert names == {"cursor", "page_size", "q", "type", "theme", "person", "organization", "series", "year"} | {
        "date_from",
        "date_to",
        "language",
        "sort",
    }
    assert set(documents["responses"]) == {"200", "400", "429"}
    detail = schema["paths"]["/api/documents/{slug}/"]["get"]
    assert set(detail["responses"]) == {"200", "404", "410", "429"}
    partial_date = schema["components"]["schemas"]["PartialDate"]
    assert partial_date["required"] == ["date", "display", "precision"]


def test_docs_page_loads_swagger_ui_from_our_own_static_files(api):
    response = api.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r'src="([^"]+)"', html)
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)
    assert "cdn" not in html.lower()
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


def test_redoc_page_loads_from_our_own_static_files(api):
    html = api.get("/api/redoc/").content.decode()

    assert "/static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in html
    assert "cdn" not in html.lower()


def test_docs_page_hands_out_no_csrf_token_or_cookie(api):
    first = api.get("/api/docs/")
    second = api.get("/api/docs/")

    assert first.content == second.content
    assert not first.cookies
