import pytest
from django.urls import reverse

from archive.workflow import Status
from tests.factories import PersonFactory, make_public_world

pytestmark = pytest.mark.django_db


def test_person_directory_lists_published_people_by_initial(client, public_world):
    PersonFactory(display_name="Austin Lloyd", family_name="Austin", slug="austin", country="US")
    response = client.get(reverse("people:person-list"), {"letter": "s"})
    names = [person.display_name for person in response.context["object_list"]]
    assert names == [public_world["people"][0].display_name]
    assert public_world["hidden_person"].display_name not in client.get(reverse("people:person-list")).text


def test_person_directory_facets_count_countries_and_organizations(client, public_world):
    PersonFactory(display_name="Austin Lloyd", family_name="Austin", slug="austin", country="US")
    response = client.get(reverse("people:person-list"))
    facets = {
        facet.param: {option.value: option.count for option in facet.options} for facet in response.context["facets"]
    }
    assert facets["country"] == {"KR": 1, "US": 1}
    assert facets["organization"] == {public_world["ministry"].slug: 1}


def test_person_page_shows_variants_appointments_meetings_and_documents(client, public_world):
    person = public_world["people"][0]
    response = client.get(person.get_absolute_url())
    html = response.text
    assert "Shin Wonsik r0" in html
    assert '<span lang="ko">신원식</span>' in html
    assert "Minister of National Defense" in html
    assert public_world["meetings"][0].title in html
    assert public_world["documents"][0].title in html
    assert public_world["hidden"].title not in html
    assert '"@type": "Person"' in html


def test_unpublished_person_page_is_not_found(client, public_world):
    assert client.get(public_world["hidden_person"].get_absolute_url()).status_code == 404


def test_withdrawn_person_page_is_gone(client, public_world):
    person = public_world["people"][0]
    person.status = Status.WITHDRAWN
    person.save()
    assert client.get(person.get_absolute_url()).status_code == 410


def test_organization_page_lists_office_holders_and_documents(client, public_world):
    response = client.get(public_world["ministry"].get_absolute_url())
    assert public_world["people"][0].display_name in response.text
    assert response.context["document_count"] == 1


@pytest.mark.parametrize("name", ["people:person-list", "people:organization-list"])
def test_people_lists_answer_in_constant_queries(client, db, count_queries, django_assert_max_num_queries, name):
    make_public_world(1, prefix="pq1")
    with django_assert_max_num_queries(8):
        _, few = count_queries(client, reverse(name))
    make_public_world(20, prefix="pq2")
    with django_assert_max_num_queries(8):
        _, many = count_queries(client, reverse(name))
    assert many == few


def test_person_page_answers_in_constant_queries(client, db, count_queries, django_assert_max_num_queries):
    world = make_public_world(1, prefix="pd1")
    person = world["people"][0]
    with django_assert_max_num_queries(10):
        _, few = count_queries(client, person.get_absolute_url())
    more = make_public_world(12, prefix="pd2")
    for meeting in more["meetings"]:
        meeting.participations.create(person=person, side="KR")
    for document in more["documents"]:
        document.people.add(person)
    with django_assert_max_num_queries(10):
        _, many = count_queries(client, person.get_absolute_url())
    assert many == few
