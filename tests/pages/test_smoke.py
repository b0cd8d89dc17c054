import pytest
from django.urls import reverse


def page_urls(world):
    document, meeting, person = world["documents"][0], world["meetings"][0], world["people"][0]
    return [
        reverse("archive:home"),
        reverse("archive:document-list"),
        reverse("archive:document-list") + f"?theme={world['theme'].slug}&year=2024&type=communique",
        document.get_absolute_url(),
        reverse("archive:document-citation", args=[document.slug, "bib"]),
        reverse("archive:theme-list"),
        world["theme"].get_absolute_url(),
        reverse("meetings:meeting-list"),
        reverse("meetings:timeline"),
        meeting.get_absolute_url(),
        world["series"].get_absolute_url(),
        reverse("meetings:series-list"),
        reverse("people:person-list"),
        person.get_absolute_url(),
        reverse("people:organization-list"),
        world["ministry"].get_absolute_url(),
        reverse("archive:search") + "?q=Shin+Wonsik",
        reverse("archive:document-feed"),
        reverse("archive:theme-feed", args=[world["theme"].slug]),
        reverse("archive:person-feed", args=[person.slug]),
        reverse("sitemap"),
        reverse("sitemap-section", args=["documents"]),
        reverse("robots"),
    ]


@pytest.mark.django_db
def test_every_public_page_answers_200(client, world):
    for url in page_urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
