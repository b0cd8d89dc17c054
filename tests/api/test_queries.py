"""Every API list answers in the same number of SQL queries for 1 record as for 30."""

import datetime as dt

import pytest

from tests.factories import (
    AppointmentFactory,
    DocumentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    OrganizationFactory,
    ParticipationFactory,
    PersonFactory,
    PersonNameFactory,
    PolicyThemeFactory,
)

pytestmark = pytest.mark.django_db


def build_records(count):
    """``count`` of each record, every one linked to its own relations."""
    for number in range(count):
        organization = OrganizationFactory(parent=OrganizationFactory())
        theme = PolicyThemeFactory(parent=PolicyThemeFactory())
        person = PersonFactory()
        PersonNameFactory(person=person)
        AppointmentFactory(person=person, organization=organization, start_date=dt.date(2020, 1, 1))
        meeting = MeetingFactory(series=MeetingSeriesFactory(), ordinal=1, start_date=dt.date(2024, 1, 1 + number % 28))
        meeting.themes.add(theme)
        ParticipationFactory(meeting=meeting, person=person, organization=organization)
        ParticipationFactory(meeting=meeting, person=PersonFactory(status="draft"))
        DocumentFactory(
            publisher=organization, themes=[theme], people=[person], organizations=[organization], meetings=[meeting]
        )


LISTS = [
    ("/api/documents/", {}, 5),
    ("/api/documents/", {"type": "press_release", "year": 2024, "sort": "-title"}, 5),
    ("/api/meetings/", {"year": 2024, "sort": "date"}, 4),
    ("/api/meetings/", {}, 4),
    ("/api/people/", {}, 3),
    ("/api/series/", {}, 1),
    ("/api/organizations/", {}, 1),
    ("/api/themes/", {}, 1),
]


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize(("url", "params", "queries"), LISTS)
def test_list_answers_in_constant_queries(api, django_assert_max_num_queries, count, url, params, queries):
    build_records(count)
    params = {**params, "page_size": 50}

    with django_assert_max_num_queries(queries):
        response = api.get(url, params)

    assert response.status_code == 200
    assert len(response.json()["results"]) >= count


@pytest.mark.parametrize(("url", "queries"), [("documents", 5), ("meetings", 5), ("people", 4)])
def test_detail_answers_in_constant_queries(api, django_assert_max_num_queries, url, queries):
    build_records(3)
    slug = api.get(f"/api/{url}/").json()["results"][0]["slug"]

    with django_assert_max_num_queries(queries):
        response = api.get(f"/api/{url}/{slug}/")

    assert response.status_code == 200
