import pytest
from django.contrib.contenttypes.models import ContentType
from modelsearch.models import IndexEntry

from archive.ingest import searchindex, write
from archive.ingest.write import source_files_ingest
from archive.models import Document, SourceFile
from meetings.models import Meeting, Participation
from people.models import Person
from tests.factories import PersonFactory, UserFactory

from . import samples

pytestmark = pytest.mark.django_db

GOOD = [
    ("readout.txt", samples.DOD_READOUT),
    ("phone.txt", samples.PHONE_READOUT),
    ("communique.txt", samples.JOINT_COMMUNIQUE),
    ("korean.txt", samples.KOREAN_RELEASE),
    ("congress.txt", samples.CONGRESSIONAL),
]


def files(pairs):
    return [(name, text.encode()) for name, text in pairs]


def indexed_pks(model):
    content_type = ContentType.objects.get_for_model(model)
    return {int(pk) for pk in IndexEntry.objects.filter(content_type=content_type).values_list("object_id", flat=True)}


def stored_files(settings):
    root = settings.MEDIA_ROOT / "sources"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_file_failing_in_the_middle_of_a_batch_is_absent_and_the_others_are_written(monkeypatch, settings):
    real = write._Writer.reported_meeting

    def explode_for_bad(self, participants, **kwargs):
        if self.source.name == "bad.txt":
            raise write.IntegrityError("simulated failure after the document was saved")
        return real(self, participants, **kwargs)

    monkeypatch.setattr(write._Writer, "reported_meeting", explode_for_bad)
    pairs = [*GOOD[:2], ("bad.txt", samples.JOINT_STATEMENT), *GOOD[2:]]
    results = source_files_ingest(files=files(pairs), batch_size=10)
    assert [r.status for r in results] == ["created", "created", "failed", "created", "created", "created"]
    assert results[2].message.startswith("bad.txt: the database refused the records")
    assert sorted(SourceFile.objects.values_list("name", flat=True)) == sorted(name for name, _t in GOOD)
    assert not Document.objects.filter(title__startswith="Joint Statement").exists()
    assert not Meeting.objects.filter(series__acronym="TMM").exists()
    assert len(stored_files(settings)) == len(GOOD)


def test_every_record_written_by_a_batch_is_in_the_search_index_with_its_history():
    user = UserFactory(username="clerk")
    results = source_files_ingest(files=files(GOOD), user=user, batch_size=2)
    assert {r.status for r in results} == {"created"}
    assert indexed_pks(Document) == set(Document.objects.values_list("pk", flat=True))
    assert indexed_pks(Person) == set(Person.objects.values_list("pk", flat=True))
    assert indexed_pks(Meeting) == set(Meeting.objects.values_list("pk", flat=True))
    for model in (Document, Person, Meeting):
        for record in model.objects.all():
            assert record.history.filter(history_user=user).exists(), record
    assert all(meeting.history.count() == 1 for meeting in Meeting.objects.all())
    participations = Participation.objects.all()
    assert participations.exists()
    assert {p.pk for p in participations} == set(
        Participation.history.filter(history_user=user).values_list("id", flat=True)
    )
    for document in Document.objects.all():
        record = document.history.get()
        assert (record.history_type, record.history_change_reason) == (
            "+",
            f"Ingested from {document.source_file.name}",
        )
        assert {r.person_id for r in record.people.all()} == set(document.people.values_list("pk", flat=True))
        assert {r.meeting_id for r in record.meetings.all()} == set(document.meetings.values_list("pk", flat=True))
    assert [d.title for d in Document.objects.search("Kihara")] == [results[1].document.title]


def test_reingest_of_a_batch_changes_nothing():
    source_files_ingest(files=files(GOOD), batch_size=3)
    before = {
        "rows": [m.objects.count() for m in (Document, SourceFile, Person, Meeting)],
        "history": [m.history.count() for m in (Document, Person, Meeting)],
        "index": IndexEntry.objects.count(),
    }
    results = source_files_ingest(files=files(GOOD), batch_size=3)
    assert {r.status for r in results} == {"unchanged"}
    after = {
        "rows": [m.objects.count() for m in (Document, SourceFile, Person, Meeting)],
        "history": [m.history.count() for m in (Document, Person, Meeting)],
        "index": IndexEntry.objects.count(),
    }
    assert after == before


def test_the_same_bytes_twice_in_one_batch_are_written_once():
    results = source_files_ingest(files=files([GOOD[0], ("copy.txt", GOOD[0][1])]))
    assert [r.status for r in results] == ["created", "unchanged"]
    assert SourceFile.objects.count() == 1


def test_a_batch_that_cannot_be_indexed_writes_nothing_and_reports_every_file_failed(monkeypatch, settings):
    def broken(pending):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(searchindex, "index_objects", broken)
    results = source_files_ingest(files=files(GOOD[:3]))
    assert [r.status for r in results] == ["failed"] * 3
    assert results[0].message == "readout.txt: could not be ingested (RuntimeError: index unavailable)."
    assert (Document.objects.count(), SourceFile.objects.count(), Person.objects.count()) == (0, 0, 0)
    assert stored_files(settings) == []


def test_a_save_outside_an_ingest_batch_is_still_indexed_at_once():
    with searchindex.deferred_search_index():
        pass
    person = PersonFactory(display_name="Hong Gildong")
    assert person.pk in indexed_pks(Person)


def test_a_reingest_that_updates_a_draft_adds_an_update_history_record_with_its_links():
    first = source_files_ingest(files=files([GOOD[0]]))[0].document
    changed = GOOD[0][1].replace("Kim Yong-hyun", "Kim Yong Hyun") + "\nA further paragraph.\n"
    long_name = "/inbox/" + "a-very-long-folder-name/" * 8 + "readout-2.txt"
    result = source_files_ingest(files=[(long_name, changed.encode())])[0]
    assert (result.status, result.document.pk) == ("updated", first.pk)
    latest = result.document.history.first()
    assert (latest.history_type, latest.history_change_reason) == ("~", "Ingested from readout-2.txt")
    assert {r.person_id for r in latest.people.all()} == set(result.document.people.values_list("pk", flat=True))


def test_a_document_created_and_updated_in_one_batch_has_both_history_records_with_links():
    changed = GOOD[0][1].replace("Kim Yong-hyun", "Kim Yong Hyun") + "\nA further paragraph.\n"
    results = source_files_ingest(files=files([GOOD[0], ("readout-2.txt", changed)]))
    assert [r.status for r in results] == ["created", "updated"]
    document = results[1].document
    records = list(document.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "~"]
    linked = set(document.people.values_list("pk", flat=True))
    assert linked and all({p.person_id for p in r.people.all()} == linked for r in records)


def test_a_document_created_and_updated_in_one_batch_is_indexed_with_its_new_text():
    changed = GOOD[0][1] + "\nA further paragraph about submarine cooperation.\n"
    results = source_files_ingest(files=files([GOOD[0], ("readout-2.txt", changed)]))
    assert [r.status for r in results] == ["created", "updated"]
    assert [d.pk for d in Document.objects.search("submarine")] == [results[1].document.pk]


def test_new_documents_of_a_batch_are_indexed_without_reading_them_back():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        results = source_files_ingest(files=files(GOOD), batch_size=len(GOOD))
    assert {r.status for r in results} == {"created"}
    document_table = Document._meta.db_table
    read_back = [q["sql"] for q in queries if q["sql"].startswith(f'SELECT "{document_table}"."id", ')]
    assert read_back == []
    assert indexed_pks(Document) == {r.document.pk for r in results}
    for result in results:
        assert result.document.pk in {d.pk for d in Document.objects.search(result.document.title)}
