import json
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from archive.workflow import Status
from tests.factories import DocumentFactory, PolicyThemeFactory, UserFactory, make_public_world

pytestmark = pytest.mark.django_db

LIST = reverse("archive:document-list")


def facet_counts(response, param):
    facet = next(facet for facet in response.context["facets"] if facet.param == param)
    return {option.value: option.count for option in facet.options}


def test_document_list_shows_only_published_documents(client, public_world):
    response = client.get(LIST)
    assert public_world["documents"][0].title in response.text
    assert public_world["hidden"].title not in response.text
    assert response.context["paginator"].count == 1


def test_facet_counts_leave_out_unpublished_documents_and_people(client, public_world):
    response = client.get(LIST)
    assert facet_counts(response, "type") == {"communique": 1}
    assert facet_counts(response, "language") == {"en": 1}
    assert facet_counts(response, "year") == {"2024": 1}
    assert facet_counts(response, "theme") == {public_world["theme"].slug: 1}
    assert public_world["hidden_person"].slug not in facet_counts(response, "person")
    assert facet_counts(response, "series") == {public_world["series"].slug: 1}


def test_facets_combine_and_narrow_each_other(client, db):
    world = make_public_world(4, prefix="c")
    DocumentFactory(title="Unthemed 2024 readout", doc_type="readout", publication_date="2024-03-01")
    response = client.get(LIST, {"theme": world["theme"].slug})
    assert response.context["paginator"].count == 4
    assert facet_counts(response, "type") == {"communique": 4}
    years = facet_counts(response, "year")
    assert sum(years.values()) == 4
    response = client.get(LIST, {"theme": world["theme"].slug, "year": "2024"})
    assert response.context["paginator"].count == years["2024"]
    assert facet_counts(response, "year") == {"2024": years["2024"]}
    response = client.get(LIST, {"year": "2024"})
    assert facet_counts(response, "type") == {"communique": years["2024"], "readout": 1}


def test_facet_form_shows_counts_and_checked_choices(client, public_world):
    slug = public_world["theme"].slug
    response = client.get(LIST, {"theme": slug})
    html = response.text
    assert re.search(rf'name="theme" value="{slug}" checked', html)
    assert 'Extended deterrence r <span class="count">1</span>' in html


def test_unknown_filter_value_is_reported_not_fatal(client, public_world):
    response = client.get(LIST, {"theme": "no-such-theme"})
    assert response.status_code == 200
    assert "Some filters were not understood" in response.text


def test_document_list_answers_in_constant_queries(client, db, count_queries, django_assert_max_num_queries):
    make_public_world(1, prefix="one")
    url = f"{LIST}?type=communique&year=2024&sort=title"
    with django_assert_max_num_queries(12):
        _, few = count_queries(client, url)
    make_public_world(30, prefix="many")
    with django_assert_max_num_queries(12):
        response, many = count_queries(client, url)
    assert response.context["paginator"].count > 1
    assert many == few


def test_document_detail_prints_date_at_its_precision_and_role_on_that_date(client, public_world):
    document = public_world["documents"][0]
    response = client.get(document.get_absolute_url())
    assert "November 2024" in response.text
    assert "Minister of National Defense" in response.text
    assert public_world["hidden_person"].display_name not in response.text


def test_document_detail_hides_unpublished_linked_meetings(client, public_world):
    document = public_world["documents"][0]
    document.meetings.add(public_world["hidden_meeting"])
    response = client.get(document.get_absolute_url())
    assert public_world["hidden_meeting"].title not in response.text
    assert public_world["meetings"][0].title in response.text


def test_document_detail_carries_json_ld_highwire_and_open_graph(client, public_world):
    document = public_world["documents"][0]
    response = client.get(document.get_absolute_url())
    html = response.text
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Report"
    assert data["name"] == document.title
    assert data["datePublished"] == "2024-11"
    assert f'<meta name="citation_title" content="{document.title}">' in html.replace("&#x27;", "'")
    assert '<meta name="citation_publication_date" content="2024/11">' in html
    assert f'<meta property="og:url" content="http://testserver{document.get_absolute_url()}">' in html


def test_document_detail_answers_in_constant_queries(client, db, count_queries, django_assert_max_num_queries):
    world = make_public_world(1, prefix="d1")
    document = world["documents"][0]
    with django_assert_max_num_queries(8):
        _, few = count_queries(client, document.get_absolute_url())
    many = make_public_world(20, prefix="d2")
    document.people.add(*many["people"])
    document.meetings.add(*many["meetings"])
    document.themes.add(many["theme"])
    with django_assert_max_num_queries(8):
        response, lots = count_queries(client, document.get_absolute_url())
    assert len(response.context["people_roles"]) == 21
    assert lots == few


def test_withdrawn_document_answers_410_with_its_reason(client, public_world):
    document = public_world["documents"][0]
    document.status = Status.WITHDRAWN
    document.withdrawn_at = timezone.now()
    document.withdrawal_reason = "Duplicate of another record."
    document.save()
    response = client.get(document.get_absolute_url())
    assert response.status_code == 410
    assert "Duplicate of another record." in response.text
    assert "They discussed" not in response.text


def test_draft_document_answers_404_to_the_public(client, public_world):
    response = client.get(public_world["hidden"].get_absolute_url())
    assert response.status_code == 404
    assert "Nothing in the archive answers at this address" in response.text


def test_staff_preview_of_a_draft_is_bannered_and_not_stored(client, public_world):
    client.force_login(UserFactory(username="editor", is_superuser=True))
    response = client.get(public_world["hidden"].get_absolute_url())
    assert response.status_code == 200
    assert "Not published." in response.text
    assert "no-store" in response["Cache-Control"]


def test_theme_pages_count_published_documents_only(client, public_world):
    response = client.get(reverse("archive:theme-list"))
    theme = response.context["object_list"].get(pk=public_world["theme"].pk)
    assert theme.document_count == 1
    response = client.get(public_world["theme"].get_absolute_url())
    assert response.context["document_count"] == 1
    assert public_world["hidden"].title not in response.text


def test_theme_list_counts_published_documents_and_meetings_each_once(client, db):
    world = make_public_world(3, prefix="tc")
    world["hidden_meeting"].themes.add(world["theme"])
    other = PolicyThemeFactory(name="Cost sharing", slug="cost-sharing")
    world["documents"][0].themes.add(other)
    response = client.get(reverse("archive:theme-list"))
    counts = {theme.slug: (theme.document_count, theme.meeting_count) for theme in response.context["object_list"]}
    assert counts[world["theme"].slug] == (3, 3)
    assert counts["cost-sharing"] == (1, 0)


def test_home_shows_newest_documents_meetings_themes_and_a_timeline(client, public_world):
    response = client.get(reverse("archive:home"))
    html = response.text
    assert public_world["documents"][0].title in html
    assert public_world["meetings"][0].title in html
    assert public_world["hidden_meeting"].title not in html
    assert "<svg" in html and 'role="img"' in html


def test_pages_answer_in_constant_queries(client, db, count_queries):
    make_public_world(1, prefix="p1")
    urls = [
        reverse("archive:home"),
        reverse("archive:theme-list"),
        reverse("archive:search") + "?q=communique",
        reverse("archive:document-feed"),
        reverse("sitemap-section", args=["documents"]),
    ]
    few = {url: count_queries(client, url)[1] for url in urls}
    make_public_world(15, prefix="p2")
    many = {url: count_queries(client, url)[1] for url in urls}
    assert many == few
