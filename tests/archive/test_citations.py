import json

import pytest
from django.urls import reverse

from archive.workflow import Status

pytestmark = pytest.mark.django_db


def cite(client, document, fmt):
    return client.get(reverse("archive:document-citation", args=[document.slug, fmt]))


@pytest.fixture
def document(public_world):
    document = public_world["documents"][0]
    document.citation_details = "2024 Defense White Paper"
    document.pages = "204–206"
    document.save()
    return document


def test_chicago_citation_names_publisher_title_date_and_permanent_url(client, document):
    text = cite(client, document, "txt").text
    assert text.startswith(f"Ministry of National Defense r. “{document.title}.” Communiqué, November 2024.")
    assert f"http://testserver{document.get_absolute_url()}" in text


def test_bibtex_citation_keeps_month_precision(client, document):
    response = cite(client, document, "bib")
    assert response["Content-Type"].startswith("application/x-bibtex")
    text = response.text
    assert text.startswith("@misc{")
    assert "year = {2024}" in text and "month = {nov}" in text and "day =" not in text
    assert "pages = {204--206}" in text


def test_ris_citation_has_type_date_and_end_record(client, document):
    lines = cite(client, document, "ris").text.split("\r\n")
    assert lines[0] == "TY  - GEN"
    assert "DA  - 2024/11//" in lines
    assert "ER  - " in lines


def test_csl_json_citation_is_valid_with_date_parts_at_precision(client, document):
    items = json.loads(cite(client, document, "json").content)
    assert items[0]["title"] == document.title
    assert items[0]["issued"] == {"date-parts": [[2024, 11]]}
    assert items[0]["publisher"] == "Ministry of National Defense r"


def test_unknown_citation_format_is_not_found(client, document):
    assert cite(client, document, "doc").status_code == 404


def test_citation_of_an_unpublished_document_is_not_found(client, public_world):
    assert cite(client, public_world["hidden"], "bib").status_code == 404


def test_citation_of_a_withdrawn_document_is_gone(client, document):
    document.status = Status.WITHDRAWN
    document.save()
    assert cite(client, document, "ris").status_code == 410
