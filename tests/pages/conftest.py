import datetime as dt

import pytest

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


def make_world(n=1, *, prefix="r"):
    """``n`` published documents, meetings and people, linked, plus one unpublished of each."""
    theme = PolicyThemeFactory(name=f"Extended deterrence {prefix}", slug=f"extended-deterrence-{prefix}")
    series = MeetingSeriesFactory(name=f"Security Consultative Meeting {prefix}", acronym="SCM", slug=f"scm-{prefix}")
    ministry = OrganizationFactory(name=f"Ministry of National Defense {prefix}", acronym="MND", slug=f"mnd-{prefix}")
    made = {"documents": [], "meetings": [], "people": []}
    for i in range(n):
        person = PersonFactory(
            display_name=f"Shin Won-sik {prefix}{i}", slug=f"shin-won-sik-{prefix}{i}", hangul_name="신원식"
        )
        PersonNameFactory(person=person, name=f"Shin Wonsik {prefix}{i}")
        AppointmentFactory(person=person, organization=ministry, start_date=dt.date(2023, 10, 7))
        meeting = MeetingFactory(
            title=f"{56 + i}th Security Consultative Meeting {prefix}",
            slug=f"scm-{prefix}-{i}",
            series=series,
            ordinal=56 + i,
            start_date=dt.date(2024, 11, 13) - dt.timedelta(days=400 * i),
        )
        meeting.themes.add(theme)
        ParticipationFactory(meeting=meeting, person=person, organization=ministry, side="KR", role="")
        document = DocumentFactory(
            title=f"Joint communiqué of the {56 + i}th SCM {prefix}",
            slug=f"joint-communique-{prefix}-{i}",
            doc_type="communique",
            publisher=ministry,
            publication_date=dt.date(2024, 11, 1) - dt.timedelta(days=400 * i),
            publication_precision=Precision.MONTH,
            body="The Minister reaffirmed extended deterrence.\n\nBoth sides agreed to meet again.",
            themes=[theme],
            people=[person],
            organizations=[ministry],
            meetings=[meeting],
        )
        made["documents"].append(document)
        made["meetings"].append(meeting)
        made["people"].append(person)
    hidden_person = PersonFactory(
        display_name=f"Hidden Draftperson {prefix}", slug=f"hidden-{prefix}", status=Status.DRAFT
    )
    hidden_meeting = MeetingFactory(
        title=f"Secret draft meeting {prefix}", slug=f"secret-{prefix}", series=series, status=Status.DRAFT
    )
    ParticipationFactory(meeting=made["meetings"][0], person=hidden_person, side="US")
    hidden = DocumentFactory(
        title=f"Unreleased draft memo {prefix}",
        slug=f"unreleased-{prefix}",
        status=Status.REVIEW,
        themes=[theme],
        people=[made["people"][0], hidden_person],
        meetings=[hidden_meeting],
        doc_type="report",
        language="ko",
        publication_date=dt.date(1999, 1, 1),
    )
    made.update(
        theme=theme,
        series=series,
        ministry=ministry,
        hidden=hidden,
        hidden_person=hidden_person,
        hidden_meeting=hidden_meeting,
    )
    return made


@pytest.fixture
def world(db):
    return make_world(1)
