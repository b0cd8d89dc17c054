import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.django_db


def entry_titles(response):
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    return [entry.find(f"{ATOM}title").text for entry in root.iter(f"{ATOM}entry")]


def test_new_documents_feed_lists_published_documents_only(client, public_world):
    titles = entry_titles(client.get(reverse("archive:document-feed")))
    assert titles == [public_world["documents"][0].title]


def test_theme_feed_lists_the_themes_published_documents(client, public_world):
    titles = entry_titles(client.get(reverse("archive:theme-feed", args=[public_world["theme"].slug])))
    assert titles == [public_world["documents"][0].title]


def test_person_feed_lists_documents_naming_the_person(client, public_world):
    person = public_world["people"][0]
    titles = entry_titles(client.get(reverse("archive:person-feed", args=[person.slug])))
    assert titles == [public_world["documents"][0].title]


def test_feed_of_an_unpublished_person_is_not_found(client, public_world):
    response = client.get(reverse("archive:person-feed", args=[public_world["hidden_person"].slug]))
    assert response.status_code == 404


def test_feed_of_a_withdrawn_person_is_gone_like_their_page(client, public_world):
    from archive.transitions import record_withdraw
    from tests.factories import UserFactory

    person = public_world["people"][0]
    record_withdraw(record=person, user=UserFactory(is_superuser=True), reason="Merged into another record.")
    response = client.get(reverse("archive:person-feed", args=[person.slug]))
    assert response.status_code == 410
    assert "Merged into another record." in response.content.decode()
    assert public_world["documents"][0].title not in response.content.decode()
    assert client.get(person.get_absolute_url()).status_code == 410


def test_sitemap_lists_published_records_and_no_unpublished_one(client, public_world):
    index = ET.fromstring(client.get(reverse("sitemap")).content)
    sections = [loc.text for loc in index.iter(f"{SITEMAP}loc")]
    assert any(url.endswith("/sitemap-documents.xml") for url in sections)
    locations = []
    for url in sections:
        response = client.get(url.replace("http://testserver", ""))
        locations += [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert f"http://testserver{public_world['documents'][0].get_absolute_url()}" in locations
    assert f"http://testserver{public_world['meetings'][0].get_absolute_url()}" in locations
    assert f"http://testserver{public_world['people'][0].get_absolute_url()}" in locations
    for hidden in ("hidden", "hidden_person", "hidden_meeting"):
        assert f"http://testserver{public_world[hidden].get_absolute_url()}" not in locations


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Disallow: /admin/" in response.text
    assert "Sitemap: http://testserver/sitemap.xml" in response.text
