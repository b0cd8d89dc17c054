"""A reader's journey through the public pages in a real browser (Debian's chromium)."""

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

from archive.dates import Precision
from tests.factories import DocumentFactory, PersonFactory, make_public_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def archive_world(db):
    world = make_public_world(3, prefix="e")
    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", hangul_name="신원식", family_name="Shin")
    world["documents"][0].people.add(shin)
    DocumentFactory(
        title="Readout of the trilateral call",
        doc_type="readout",
        publication_date=dt.date(2023, 8, 18),
        publication_precision=Precision.DAY,
    )
    world["shin"] = shin
    return world


def test_reader_filters_opens_cites_searches_and_reaches_the_timeline(page, archive_world):
    theme = archive_world["theme"]
    document = archive_world["documents"][0]
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("ROK–US Alliance Archive")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    page.get_by_role("checkbox", name=re.compile(theme.name)).check()
    page.get_by_label("Year").select_option("2024")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".total")).to_have_text("1 document matches the filters.")
    assert f"theme={theme.slug}" in page.url and "year=2024" in page.url

    page.get_by_role("link", name=document.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(document.title)
    expect(page.locator("time").first).to_have_text("November 2024")
    page.get_by_role("button", name="Copy citation").click()
    expect(page.get_by_role("status").filter(has_text="Citation copied.")).to_be_visible()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("Ministry of National Defense e.") and document.title in copied

    page.get_by_role("searchbox", name="Search the archive").fill("Shin Wonsik")
    page.get_by_role("searchbox", name="Search the archive").press("Enter")
    people = page.get_by_role("region", name=re.compile("^People"))
    people.get_by_role("link", name="Shin Won-sik", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Shin Won-sik")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Timeline").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Meeting timeline")
    expect(page.get_by_role("img", name=re.compile("Meetings per year and series"))).to_be_visible()
    expect(page.get_by_role("table", name="Meetings per series and year")).to_be_visible()


def test_keyboard_reaches_content_through_the_skip_link_with_visible_focus(page, archive_world):
    page.goto("/documents/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [375, 1280])
def test_pages_fit_the_screen_without_sideways_scrolling(page, archive_world, width):
    page.set_viewport_size({"width": width, "height": 800})
    for url in ["/", "/documents/", archive_world["documents"][0].get_absolute_url(), "/meetings/timeline/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} scrolls sideways by {overflow}px at {width}px"
        shots = os.environ.get("ARCHIVE_SCREENSHOTS")
        if shots:
            name = url.strip("/").replace("/", "_") or "home"
            page.screenshot(path=f"{shots}/{name[:40]}-{width}.png", full_page=True)
