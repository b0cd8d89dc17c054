"""archive/urlcache.py gives exactly what ``reverse()`` gives."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from archive.urlcache import slug_url

NAMES = [
    "archive:document-detail",
    "archive:theme-detail",
    "meetings:meeting-detail",
    "meetings:series-detail",
    "people:person-detail",
    "people:organization-detail",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["52nd-scm", "shin-won-sik", "a_b-2", "slug-stand-in-7c1f"])
def test_a_slug_url_is_the_reversed_url(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_the_script_prefix_is_kept_apart():
    try:
        set_script_prefix("/archive/")
        assert slug_url("archive:document-detail", "a") == "/archive/documents/a/"
    finally:
        set_script_prefix("/")
    assert slug_url("archive:document-detail", "a") == "/documents/a/"


def test_what_is_not_a_slug_is_reversed_as_before():
    for slug in ["", "신원식", "a/b"]:
        with pytest.raises(NoReverseMatch):
            slug_url("archive:document-detail", slug)
    assert slug_url("archive:document-detail", None) == reverse("archive:document-detail", kwargs={"slug": None})


def test_a_record_links_to_its_page(db):
    from tests.factories import DocumentFactory, PersonFactory

    document = DocumentFactory(slug="joint-statement-2023")
    person = PersonFactory(slug="lloyd-j-austin-iii")
    assert document.get_absolute_url() == "/documents/joint-statement-2023/"
    assert person.get_absolute_url() == "/people/lloyd-j-austin-iii/"


def test_another_urlconf_is_reversed_apart(settings):
    assert slug_url("archive:document-detail", "a") == "/documents/a/"
    settings.ROOT_URLCONF = "tests.archive.urlconf_prefixed"
    assert slug_url("archive:document-detail", "a") == "/archive/documents/a/"
