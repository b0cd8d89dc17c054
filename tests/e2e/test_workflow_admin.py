"""The workflow panel in a real browser: only the allowed buttons, a click publishes, the page goes public."""

import os

import pytest
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from archive.models import AuditEvent
from archive.workflow import Status
from tests.factories import DocumentFactory, RoleUserFactory

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def server(transactional_db):
    # Ports 8300-8309 belong to this work; one per xdist worker.
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    live = LiveServer(f"127.0.0.1:{8301 + int(worker.removeprefix('gw') or 0)}")
    yield live
    live.stop()


@pytest.fixture
def browser_page(monkeypatch):
    # Playwright's sync API runs an event loop; the ORM calls here happen outside it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def log_in(page, server, username):
    page.goto(f"{server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


@pytest.mark.browser
def test_a_publisher_publishes_from_the_change_form_and_the_page_goes_public(server, browser_page):
    page = browser_page
    RoleUserFactory(username="pat", role="Publishers")
    document = DocumentFactory(status=Status.REVIEW, title="Joint communiqué of the 56th SCM")
    log_in(page, server, "pat")
    page.goto(f"{server.url}/admin/archive/document/{document.pk}/change/")
    buttons = page.locator(".workflow-transition button").all_inner_texts()
    assert buttons == ["Request changes", "Publish"]
    assert page.goto(f"{server.url}{document.get_absolute_url()}").status == 200  # staff preview
    page.goto(f"{server.url}/admin/archive/document/{document.pk}/change/")
    page.click("button[value=publish]")
    assert "“Joint communiqué of the 56th SCM” published." in page.locator(".messagelist").inner_text()
    assert "pat: In review → Published (publish)" in page.locator(".workflow-timeline").inner_text()
    assert page.locator(".workflow-transition button").all_inner_texts() == ["Withdraw"]
    page.context.clear_cookies()
    response = page.goto(f"{server.url}{document.get_absolute_url()}")
    assert response.status == 200
    assert "Not published." not in page.content()
    document.refresh_from_db()
    assert document.status == Status.PUBLISHED
    assert AuditEvent.objects.for_record(document).count() == 1


@pytest.mark.browser
def test_withdrawing_in_the_browser_requires_a_reason_and_leaves_a_410(server, browser_page):
    page = browser_page
    RoleUserFactory(username="pat", role="Publishers")
    document = DocumentFactory(status=Status.PUBLISHED, title="Readout of a call", body="Secret body text.")
    log_in(page, server, "pat")
    page.goto(f"{server.url}/admin/archive/document/{document.pk}/change/")
    page.click("button[value=withdraw]")  # the empty required reason stops the form in the browser
    assert page.locator(".workflow-transition button").all_inner_texts() == ["Withdraw"]
    page.fill("#comment-withdraw", "Superseded by the official transcript.")
    page.click("button[value=withdraw]")
    assert "withdrawn" in page.locator(".messagelist").inner_text()
    page.context.clear_cookies()
    response = page.goto(f"{server.url}{document.get_absolute_url()}")
    assert response.status == 410
    text = page.content()
    assert "Superseded by the official transcript." in text
    assert "Secret body text." not in text
