import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone
from rest_framework.test import APIClient

from archive.dates import Precision
from archive.workflow import Status
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


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def unpublished_states():
    """One keyword set per way of not being public."""
    future = timezone.now() + dt.timedelta(days=30)
    return {
        "draft": {"status": Status.DRAFT},
        "review": {"status": Status.REVIEW},
        "scheduled": {"status": Status.PUBLISHED, "publish_at": future},
        "withdrawn": {"status": Status.WITHDRAWN, "withdrawn_at": timezone.now(), "withdrawal_reason": "Duplicate."},
    }


@pytest.fixture
def sample(db):
    """A small published archive: one SCM with two participants, its documents, and a theme."""
    mnd = OrganizationFactory(name="Ministry of National Defense", acronym="MND", slug="mnd", country="KR")
    dod = OrganizationFactory(name="Department of Defense", acronym="DOD", slug="dod", country="US", kind="ministry")
    deterrence = PolicyThemeFactory(name="Extended deterrence", slug="extended-deterrence")
    scm = MeetingSeriesFactory(name="Security Consultative Meeting", acronym="SCM", slug="scm")
    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", family_name="Shin", hangul_name="신원식")
    PersonNameFactory(person=shin, name="Shin Wonsik")
    PersonNameFactory(person=shin, name="신원식")
    AppointmentFactory(
        person=shin, title="Minister of National Defense", organization=mnd, start_date=dt.date(2023, 10, 7)
    )
    austin = PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-austin", family_name="Austin", country="US")
    AppointmentFactory(
        person=austin,
        title="Secretary of Defense",
        organization=dod,
        start_date=dt.date(2021, 1, 1),
        start_precision=Precision.MONTH,
        end_date=dt.date(2025, 1, 20),
    )
    meeting = MeetingFactory(
        title="56th Security Consultative Meeting",
        slug="56th-scm",
        series=scm,
        ordinal=56,
        start_date=dt.date(2024, 10, 30),
        city="Washington",
        country="US",
    )
    meeting.themes.add(deterrence)
    ParticipationFactory(meeting=meeting, person=shin, organization=mnd, role="Minister", side="KR", order=1)
    ParticipationFactory(meeting=meeting, person=austin, organization=dod, role="Secretary", side="US", order=1)
    communique = DocumentFactory(
        title="Joint Communiqué of the 56th SCM",
        slug="joint-communique-56th-scm",
        doc_type="communique",
        publisher=dod,
        publication_date=dt.date(2024, 10, 1),
        publication_precision=Precision.MONTH,
        source_url="https://example.org/communique",
        citation_details="Joint Communiqué",
        pages="1–9",
        themes=[deterrence],
        people=[shin, austin],
        organizations=[mnd, dod],
        meetings=[meeting],
    )
    white_paper = DocumentFactory(
        title="2022 Defense White Paper, chapter 4",
        slug="white-paper-2022-ch4",
        doc_type="white_paper",
        publisher=mnd,
        publication_date=dt.date(2023, 1, 1),
        publication_precision=Precision.YEAR,
        language="ko",
    )
    return {
        "mnd": mnd,
        "dod": dod,
        "theme": deterrence,
        "series": scm,
        "shin": shin,
        "austin": austin,
        "meeting": meeting,
        "communique": communique,
        "white_paper": white_paper,
    }
