import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "params", "field", "message"),
    [
        (
            "/api/documents/",
            {"type": "poem"},
            "type",
            "Select a valid choice. poem is not one of the available choices.",
        ),
        ("/api/documents/", {"theme": "no-such-theme"}, "theme", "Select a valid choice. no-such-theme is not one"),
        ("/api/documents/", {"language": "xx"}, "language", "Select a valid choice. xx is not one"),
        ("/api/documents/", {"date_from": "2020-13-45"}, "date_from", "Enter a valid date."),
        ("/api/documents/", {"date_to": "yesterday"}, "date_to", "Enter a valid date."),
        ("/api/documents/", {"year": "twenty"}, "year", "Enter a number."),
        ("/api/documents/", {"year": "99999"}, "year", "Ensure this value is less than or equal to 9999."),
        ("/api/documents/", {"sort": "colour"}, "sort", "Select a valid choice. colour is not one"),
        ("/api/meetings/", {"year": "0"}, "year", "Ensure this value is greater than or equal to 1."),
        ("/api/meetings/", {"country": "ZZ"}, "country", "Select a valid choice. ZZ is not one"),
        ("/api/people/", {"letter": "ab"}, "letter", "Ensure this value has at most 1 character (it has 2)."),
        ("/api/series/", {"level": "cosmic"}, "level", "Select a valid choice. cosmic is not one"),
        ("/api/themes/", {"parent": "nothing"}, "parent", "Select a valid choice. That choice is not one"),
    ],
)
def test_bad_filter_value_is_400_json_naming_the_parameter(api, sample, url, params, field, message):
    response = api.get(url, params)

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert body["errors"][field][0].startswith(message)
    assert body["detail"].startswith(f"Invalid query parameter. {field}: {message}")


@pytest.mark.parametrize("cursor", ["not-a-cursor", "bz0tNQ==", "cD1ub3QtYS1kYXRl"])
def test_bad_page_cursor_is_400_json(api, sample, cursor):
    # The last two decode to "o=-5" (a negative offset) and "p=not-a-date" (a position of the wrong kind).
    response = api.get("/api/documents/", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "cursor": ["The page cursor is not valid: follow the next and previous links as the API gives them."]
    }


def test_unknown_slug_is_404_json(api, sample):
    response = api.get("/api/people/nobody/")

    assert response.status_code == 404
    assert response.json() == {"detail": "No published person at this address."}


def test_writes_are_refused_with_json(api, sample):
    response = api.post("/api/documents/", {"title": "New"}, format="json")

    assert response.status_code == 405
    assert response.json() == {"detail": 'Method "POST" not allowed.'}


def test_too_many_requests_is_429_json_with_retry_after(api, sample, settings):
    settings.API_ANON_THROTTLE_RATE = "3/minute"

    statuses = [api.get("/api/themes/").status_code for _ in range(4)]
    response = api.get("/api/documents/")

    assert statuses == [200, 200, 200, 429]
    assert response.status_code == 429
    assert response.json()["detail"].startswith("Request was throttled. Expected available in")
    assert 0 < int(response["Retry-After"]) <= 60


def test_throttle_counts_each_address_apart(api, sample, settings):
    settings.API_ANON_THROTTLE_RATE = "1/minute"

    first = api.get("/api/themes/", REMOTE_ADDR="192.0.2.1")
    second = api.get("/api/themes/", REMOTE_ADDR="192.0.2.2")
    spoofed = api.get("/api/themes/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="198.51.100.9")

    assert (first.status_code, second.status_code, spoofed.status_code) == (200, 200, 429)


def test_cors_allows_get_from_any_origin_on_the_api_only(api, sample):
    api_response = api.get("/api/documents/", HTTP_ORIGIN="https://researcher.example")
    page_response = api.get("/documents/", HTTP_ORIGIN="https://researcher.example")
    preflight = api.options(
        "/api/documents/", HTTP_ORIGIN="https://researcher.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert api_response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Origin" not in page_response
    assert preflight.status_code == 200
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "POST" not in preflight["Access-Control-Allow-Methods"]


def test_api_root_lists_the_endpoints_and_unknown_addresses_are_json_404(api):
    root = api.get("/api/", HTTP_ACCEPT="application/json")
    unknown = api.get("/api/nothing/here/")
    no_slash = api.get("/api/documents", {"type": "readout"})

    assert root.status_code == 200
    assert root.json()["documents"] == "http://testserver/api/documents/"
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No API endpoint at this address: see /api/docs/."}
    assert no_slash.status_code == 301
    assert no_slash["Location"] == "/api/documents/?type=readout"
