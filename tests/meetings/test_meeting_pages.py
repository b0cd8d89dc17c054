import re

import pytest
from django.urls import reverse

from archive.workflow import Status
from tests.factories import (
    AppointmentFactory,
    MeetingFactory,
    MeetingSeriesFactory,
    ParticipationFactory,
    PersonFactory,
    make_public_world,
)

pytestmark = pytest.mark.django_db


def test_meeting_list_shows_published_meetings_with_facet_counts(client, public_world):
    response = client.get(reverse("meetings:meeting-list"))
    assert public_world["meetings"][0].title in response.text
    assert public_world["hidden_meeting"].title not in response.text
    series = next(facet for facet in response.context["facets"] if facet.param == "series")
    assert [(option.value, option.count) for option in series.options] == [(public_world["series"].slug, 1)]


def test_meeting_list_filters_by_series_and_year(client, db):
    world = make_public_world(3, prefix="m")
    MeetingFactory(title="Unrelated call", kind="call")
    response = client.get(reverse("meetings:meeting-list"), {"series": world["series"].slug, "year": "2024"})
    assert [meeting.title for meeting in response.context["object_list"]] == [world["meetings"][0].title]


def test_meeting_detail_groups_participants_by_side_with_role_at_the_time(client, public_world):
    meeting = public_world["meetings"][0]
    us = PersonFactory(display_name="Lloyd Austin", slug="lloyd-austin", country="US")
    AppointmentFactory(person=us, title="Secretary of Defense", start_date="2021-01-22")
    AppointmentFactory(person=us, title="Commander, CENTCOM", start_date="2016-03-22", end_date="2019-03-28")
    ParticipationFactory(meeting=meeting, person=us, side="US", role="", order=1)
    response = client.get(meeting.get_absolute_url())
    sides = dict(response.context["sides"])
    assert [row[1] for row in sides["United States"]] == ["Secretary of Defense"]
    assert [row[0].person for row in sides["Republic of Korea"]] == [public_world["people"][0]]
    assert public_world["hidden_person"].display_name not in response.text
    assert public_world["documents"][0].title in response.text
    assert public_world["hidden"].title not in response.text


def test_meeting_detail_carries_event_json_ld(client, public_world):
    html = client.get(public_world["meetings"][0].get_absolute_url()).text
    assert '"@type": "Event"' in html
    assert '"startDate": "2024-11-13"' in html


def test_withdrawn_meeting_answers_410(client, public_world):
    meeting = public_world["meetings"][0]
    meeting.status = Status.WITHDRAWN
    meeting.withdrawal_reason = "Recorded twice."
    meeting.save()
    response = client.get(meeting.get_absolute_url())
    assert response.status_code == 410
    assert "Recorded twice." in response.text


def test_timeline_is_an_svg_with_a_table_of_the_same_counts(client, db):
    world = make_public_world(3, prefix="t")
    response = client.get(reverse("meetings:timeline"))
    html = response.text
    assert re.search(r'<svg viewBox="[^"]+" role="img" aria-labelledby="tl-title-f"', html)
    assert html.count("<circle") == 3
    table = response.context["table"]
    assert sum(sum(line["counts"]) for line in table) == 3
    assert world["hidden_meeting"].start_date.year not in [line["year"] for line in table] or len(table) == 3


def test_series_page_lists_its_published_meetings(client, public_world):
    response = client.get(public_world["series"].get_absolute_url())
    assert response.context["meeting_count"] == 1
    assert public_world["hidden_meeting"].title not in response.text


@pytest.mark.parametrize("name", ["meetings:meeting-list", "meetings:timeline", "meetings:series-list"])
def test_meeting_lists_answer_in_constant_queries(client, db, count_queries, django_assert_max_num_queries, name):
    make_public_world(1, prefix="q1")
    with django_assert_max_num_queries(10):
        _, few = count_queries(client, reverse(name))
    make_public_world(20, prefix="q2")
    with django_assert_max_num_queries(10):
        _, many = count_queries(client, reverse(name))
    assert many == few


def test_meeting_detail_answers_in_constant_queries(client, db, count_queries, django_assert_max_num_queries):
    world = make_public_world(1, prefix="md1")
    meeting = world["meetings"][0]
    with django_assert_max_num_queries(10):
        _, few = count_queries(client, meeting.get_absolute_url())
    more = make_public_world(15, prefix="md2")
    for order, person in enumerate(more["people"], start=2):
        ParticipationFactory(meeting=meeting, person=person, side="US", order=order)
    meeting.documents.add(*more["documents"])
    with django_assert_max_num_queries(10):
        _, many = count_queries(client, meeting.get_absolute_url())
    assert many == few


def test_meetings_of_one_date_in_a_series_link_to_each_other(client, db):
    import datetime as dt

    series = MeetingSeriesFactory(slug="kidd-x")
    day = dt.date(2019, 1, 1)  # three meetings known only to the year
    first, second, third = (MeetingFactory(series=series, title=f"KIDD {n}", start_date=day) for n in (1, 2, 3))
    before = MeetingFactory(series=series, title="KIDD 0", start_date=dt.date(2018, 5, 1))
    page = client.get(second.get_absolute_url()).context
    assert (page["previous_meeting"], page["next_meeting"]) == (first, third)
    page = client.get(first.get_absolute_url()).context
    assert (page["previous_meeting"], page["next_meeting"]) == (before, second)
    assert client.get(third.get_absolute_url()).context["next_meeting"] is None
