"""archive.bulkindex writes for new records exactly the search entries modelsearch writes."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.models import IndexEntry

from archive.bulkindex import index_objects_bulk
from archive.models import Document
from meetings.models import Meeting
from people.models import Person
from tests.factories import DocumentFactory, MeetingFactory, MeetingSeriesFactory, PersonFactory, PersonNameFactory

pytestmark = pytest.mark.django_db


def entries(model):
    fields = ["object_id", "title", "autocomplete", "body", "title_norm"]
    if connection.vendor == "postgresql":
        fields += ["title_text", "body_text"]
    rows = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).values(*fields)
    found = {}
    for row in rows:
        row["title_norm"] = pytest.approx(row["title_norm"])
        found[row.pop("object_id")] = {k: v if k == "title_norm" else str(v) for k, v in row.items()}
    return found


def make_records():
    series = MeetingSeriesFactory(name="Security Consultative Meeting", acronym="SCM")
    MeetingFactory(title="55th SCM", series=series, city="Seoul", summary="Ministers met.")
    MeetingFactory(title="Nuclear Consultative Group", series=None, outcomes="Guidelines adopted.")
    shin = PersonFactory(display_name="Shin Won-sik", hangul_name="신원식")
    PersonNameFactory(person=shin, name="Shin Wonsik")
    PersonNameFactory(person=shin, name="Shin Won Sik")
    PersonFactory(display_name="Lloyd J. Austin III")
    DocumentFactory(title="Joint Communiqué of the 55th SCM", body="Extended deterrence.", summary="")


@pytest.mark.parametrize("model", [Meeting, Person, Document], ids=lambda model: model.__name__)
def test_new_records_get_the_entries_modelsearch_writes(model):
    make_records()
    objects = list(model.get_indexed_objects().order_by("pk"))
    of_model = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model))
    of_model.delete()
    get_search_backend().add_bulk(model, objects)  # modelsearch's own bulk path, from the same table
    theirs = entries(model)
    assert len(theirs) == model.objects.count() > 0
    of_model.delete()
    index_objects_bulk(model, objects, new=True)
    assert entries(model) == theirs
    assert [obj.pk for obj in model.objects.search("Shin Wonsik")] == (
        [Person.objects.get(display_name="Shin Won-sik").pk] if model is Person else []
    )
