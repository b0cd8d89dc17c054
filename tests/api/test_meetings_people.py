import datetime as dt

import pytest

from tests.factories import AppointmentFactory, MeetingFactory, ParticipationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_meeting_gives_participants_with_role_stated_and_office_held_that_day(api, sample):
    body = api.get("/api/meetings/56th-scm/").json()

    assert body["ordinal_label"] == "56th SCM"
    assert body["start"] == {"date": "2024-10-30", "precision": "day", "display": "30 October 2024"}
    assert body["end"] is None
    assert body["series"]["url"] == "http://testserver/api/series/scm/"
    shin = body["participants"][0]
    assert shin["person"] == {
        "slug": "shin-won-sik",
        "name": "Shin Won-sik",
        "url": "http://testserver/api/people/shin-won-sik/",
    }
    assert shin["role"] == "Minister"
    assert shin["appointment"]["title"] == "Minister of National Defense"
    assert shin["appointment"]["organization"]["slug"] == "mnd"
    assert [participant["side"] for participant in body["participants"]] == ["KR", "US"]
    assert [document["slug"] for document in body["documents"]] == ["joint-communique-56th-scm"]


def test_participant_without_an_office_that_day_has_no_appointment(api, sample):
    earlier = MeetingFactory(slug="earlier", start_date=dt.date(2019, 5, 1))
    ParticipationFactory(meeting=earlier, person=sample["shin"], role="Lawmaker")

    body = api.get("/api/meetings/earlier/").json()

    assert body["participants"][0]["role"] == "Lawmaker"
    assert body["participants"][0]["appointment"] is None


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_meeting_lists_only_published_participants(api, sample, unpublished_states, state):
    hidden = PersonFactory(slug="hidden-person", **unpublished_states[state])
    ParticipationFactory(meeting=sample["meeting"], person=hidden)

    detail = api.get("/api/meetings/56th-scm/").json()
    listed = api.get("/api/meetings/").json()["results"][0]

    for representation in (detail, listed):
        assert "hidden-person" not in [p["person"]["slug"] for p in representation["participants"]]


@pytest.mark.parametrize("state", ["draft", "review", "scheduled", "withdrawn"])
def test_unpublished_meetings_and_people_never_appear(api, sample, unpublished_states, state):
    MeetingFactory(slug="hidden-meeting", **unpublished_states[state])
    PersonFactory(slug="hidden-person", **unpublished_states[state])

    assert slugs(api.get("/api/meetings/")) == ["56th-scm"]
    assert "hidden-person" not in slugs(api.get("/api/people/"))
    expected = 410 if state == "withdrawn" else 404
    assert api.get("/api/meetings/hidden-meeting/").status_code == expected
    assert api.get("/api/people/hidden-person/").status_code == expected


def test_meeting_filters(api, sample):
    MeetingFactory(slug="kidd", start_date=dt.date(2022, 3, 1), country="KR", kind="video")

    assert slugs(api.get("/api/meetings/", {"series": "scm"})) == ["56th-scm"]
    assert slugs(api.get("/api/meetings/", {"year": 2022})) == ["kidd"]
    assert slugs(api.get("/api/meetings/", {"country": "KR"})) == ["kidd"]
    assert slugs(api.get("/api/meetings/", {"kind": "video"})) == ["kidd"]
    assert slugs(api.get("/api/meetings/", {"person": "lloyd-austin"})) == ["56th-scm"]
    assert slugs(api.get("/api/meetings/", {"theme": "extended-deterrence"})) == ["56th-scm"]
    assert slugs(api.get("/api/meetings/", {"sort": "date"})) == ["kidd", "56th-scm"]


def test_person_gives_name_variants_appointments_and_meetings(api, sample):
    body = api.get("/api/people/shin-won-sik/").json()

    assert body["hangul_name"] == "신원식"
    assert {variant["name"] for variant in body["names"]} == {"Shin Wonsik", "신원식"}
    assert {variant["script"] for variant in body["names"]} == {"latin", "hangul"}
    assert body["appointments"] == [
        {
            "title": "Minister of National Defense",
            "organization": {
                "slug": "mnd",
                "name": "Ministry of National Defense",
                "acronym": "MND",
                "url": "http://testserver/api/organizations/mnd/",
            },
            "start": {"date": "2023-10-07", "precision": "day", "display": "7 October 2023"},
            "end": None,
        }
    ]
    assert [attended["meeting"]["slug"] for attended in body["meetings"]] == ["56th-scm"]
    assert body["documents_url"] == "http://testserver/api/documents/?person=shin-won-sik"


def test_person_meetings_omit_unpublished_meetings(api, sample, unpublished_states):
    draft = MeetingFactory(slug="draft-meeting", **unpublished_states["draft"])
    ParticipationFactory(meeting=draft, person=sample["shin"])

    body = api.get("/api/people/shin-won-sik/").json()

    assert [attended["meeting"]["slug"] for attended in body["meetings"]] == ["56th-scm"]


def test_person_filters(api, sample):
    assert slugs(api.get("/api/people/", {"country": "US"})) == ["lloyd-austin"]
    assert slugs(api.get("/api/people/", {"organization": "mnd"})) == ["shin-won-sik"]
    assert slugs(api.get("/api/people/", {"letter": "a"})) == ["lloyd-austin"]
    assert slugs(api.get("/api/people/", {"q": "Wonsik"})) == ["shin-won-sik"]
    assert slugs(api.get("/api/people/")) == ["lloyd-austin", "shin-won-sik"]


def test_person_appointment_end_keeps_its_precision(api, sample):
    AppointmentFactory(
        person=sample["austin"],
        title="Commander",
        start_date=dt.date(2013, 1, 1),
        start_precision="year",
        end_date=dt.date(2016, 1, 1),
        end_precision="year",
    )

    appointments = api.get("/api/people/lloyd-austin/").json()["appointments"]

    assert appointments[-1]["start"]["display"] == "2013"
    assert appointments[-1]["end"] == {"date": "2016", "precision": "year", "display": "2016"}


def test_series_organizations_and_themes(api, sample):
    series = api.get("/api/series/scm/").json()
    assert series["acronym"] == "SCM"
    assert series["meetings_url"] == "http://testserver/api/meetings/?series=scm"

    assert slugs(api.get("/api/organizations/", {"country": "US"})) == ["dod"]
    assert slugs(api.get("/api/organizations/", {"q": "MND"})) == ["mnd"]
    assert api.get("/api/organizations/dod/").json()["kind"] == "ministry"

    theme = api.get("/api/themes/extended-deterrence/").json()
    assert theme["name"] == "Extended deterrence"
    assert theme["documents_url"] == "http://testserver/api/documents/?theme=extended-deterrence"
    assert api.get("/api/themes/unknown/").status_code == 404
