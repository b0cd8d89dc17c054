import datetime as dt

import pytest
from django.utils import timezone

from archive.filters import DocumentFilter
from archive.models import Document
from archive.workflow import Status
from tests.factories import DocumentFactory, MeetingFactory, MeetingSeriesFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_series_filter_counts_only_published_meetings():
    series = MeetingSeriesFactory(slug="scm")
    draft_meeting = MeetingFactory(series=series, status=Status.DRAFT)
    public_meeting = MeetingFactory(series=series)
    only_draft = DocumentFactory(meetings=[draft_meeting])
    recorded = DocumentFactory(meetings=[public_meeting])
    found = DocumentFilter({"series": ["scm"]}, queryset=Document.objects.published()).qs
    assert list(found) == [recorded]
    assert only_draft not in found


def test_a_person_whose_time_has_come_is_a_valid_filter_value_without_a_restart():
    person = PersonFactory(slug="scheduled-person", publish_at=timezone.now() + dt.timedelta(seconds=1))
    document = DocumentFactory(people=[person])
    assert not DocumentFilter({"person": ["scheduled-person"]}, queryset=Document.objects.published()).is_valid()
    type(person).objects.filter(pk=person.pk).update(publish_at=timezone.now() - dt.timedelta(seconds=1))
    later = DocumentFilter({"person": ["scheduled-person"]}, queryset=Document.objects.published())
    assert later.is_valid()
    assert list(later.qs) == [document]
