"""axe-core finds no serious or critical violation on any public page type."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from archive.workflow import Status
from tests.factories import make_public_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def page_types(world):
    document, meeting, person = world["documents"][0], world["meetings"][0], world["people"][0]
    withdrawn = world["documents"][1]
    withdrawn.status = Status.WITHDRAWN
    withdrawn.withdrawal_reason = "Duplicate."
    withdrawn.save()
    return {
        "home": reverse("archive:home"),
        "documents": reverse("archive:document-list") + f"?theme={world['theme'].slug}",
        "document": document.get_absolute_url(),
        "themes": reverse("archive:theme-list"),
        "theme": world["theme"].get_absolute_url(),
        "meetings": reverse("meetings:meeting-list"),
        "meeting": meeting.get_absolute_url(),
        "timeline": reverse("meetings:timeline"),
        "series": world["series"].get_absolute_url(),
        "series-list": reverse("meetings:series-list"),
        "people": reverse("people:person-list"),
        "person": person.get_absolute_url(),
        "organizations": reverse("people:organization-list"),
        "organization": world["ministry"].get_absolute_url(),
        "search": reverse("archive:search") + "?q=Shin+Wonsik",
        "not-found": "/documents/no-such-document/",
        "withdrawn": withdrawn.get_absolute_url(),
    }


def test_no_serious_or_critical_violation_on_any_page_type(page, db, settings):
    settings.DEBUG = False
    world = make_public_world(2, prefix="a")
    axe = Axe()
    problems = {}
    for name, url in page_types(world).items():
        page.goto(url)
        results = axe.run(page)
        serious = [
            f"{violation['id']} ({violation['impact']}): {violation['nodes'][0]['target']}"
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        if serious:
            problems[name] = serious
    assert problems == {}
