import pytest
from django.core.management import CommandError, call_command

from archive.corpus import SYNTHETIC_PREFIX, CorpusRefused, generate_corpus
from archive.models import Document, PolicyTheme
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Organization, Person, PersonName
from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return (
        list(
            Document.objects.order_by("slug").values_list("slug", "title", "publication_date", "publication_precision")
        ),
        list(Person.objects.order_by("slug").values_list("slug", "display_name")),
        list(Meeting.objects.order_by("slug").values_list("slug", "start_date")),
    )


def test_corpus_is_published_linked_and_sized_as_asked():
    counts = generate_corpus(documents=60, people=20, meetings=15, seed=3)
    assert (counts.documents, counts.people, counts.meetings) == (60, 20, 15)
    assert Document.objects.published().count() == 60
    assert not Document.objects.exclude(status=Status.PUBLISHED).exists()
    assert Participation.objects.count() == counts.participations > 0
    assert PersonName.objects.count() >= 40
    for document in Document.objects.prefetch_related("themes", "people", "organizations", "meetings"):
        links = sum(len(getattr(document, name).all()) for name in ("themes", "people", "organizations", "meetings"))
        assert 3 <= links <= 10, (document.slug, links)
        assert 150 <= len(document.body.split()) <= 700
    assert {d.publication_precision for d in Document.objects.all()} >= {"day"}


def test_same_seed_gives_the_same_corpus():
    generate_corpus(documents=30, people=10, meetings=8, seed=7)
    first = snapshot()
    for model in (Document, Meeting, Person, PolicyTheme, MeetingSeries, Organization):
        model.objects.all().delete()
    generate_corpus(documents=30, people=10, meetings=8, seed=7)
    assert snapshot() == first


def test_corpus_is_found_by_search():
    generate_corpus(documents=20, people=10, meetings=5, seed=1)
    person = Person.objects.first()
    variant = person.names.exclude(name=person.display_name).first()
    assert person in list(Person.objects.published().search(variant.name))
    assert len(Document.objects.published().search("deterrence")) > 0


def test_refuses_a_database_with_real_records_unless_forced():
    DocumentFactory(slug="real-document")
    with pytest.raises(CorpusRefused, match="real documents"):
        generate_corpus(documents=5, people=5, meetings=5, seed=1)
    assert Document.objects.count() == 1
    generate_corpus(documents=5, people=5, meetings=5, seed=1, force=True)
    assert Document.objects.filter(slug__startswith=SYNTHETIC_PREFIX).count() == 5


def test_command_reports_refusal_as_an_error():
    DocumentFactory(slug="real-document")
    with pytest.raises(CommandError, match="--force"):
        call_command("generate_corpus", "--documents", "5", "--people", "5", "--meetings", "5")
