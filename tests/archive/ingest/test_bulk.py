"""The fast paths of a large ingest run give exactly what the plain path gives.

Runs of new documents are planned and inserted in bulk (archive/ingest/bulk.py)
and, for a large run, read and extracted by a pool of processes
(archive/ingest/pool.py). Each test ingests the same varied files twice, once
plainly and once the other way, rolling the first run back, and compares every
record written.
"""

import os

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from modelsearch.models import IndexEntry

from archive.ingest import bulk, pool, write
from archive.ingest.pipeline import analyse, analysis_as_json, reconciled
from archive.ingest.reference import load_reference
from archive.ingest.write import source_files_ingest
from archive.models import Document, SourceFile
from meetings.models import Meeting
from people.models import Person, PersonName
from tests.factories import UserFactory

from . import samples
from .conftest import SEEDS

pytestmark = pytest.mark.django_db


def corpus():
    """Enough varied files for several batches: new documents, updates, duplicates and bad files."""
    texts = [text for _name, text in sorted(samples.ALL.items())]
    texts += [samples.MND_SCM, samples.STATE_READOUT, samples.WHITE_HOUSE, samples.HTML_READOUT]
    files = [(path.name, path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    for round_number in range(4):
        for number, text in enumerate(texts):
            if round_number % 2:
                text = f"{text}\nA further paragraph, number {round_number}.\n"  # same document: an update
            elif round_number:
                title, _newline, rest = text.partition("\n")
                text = f"{title} ({round_number})\n{rest}"  # a new document reporting the same meeting
            files.append((f"round-{round_number}/{number:02d}.txt", text.encode()))
    files += [("empty.txt", b""), ("binary.bin", bytes(range(256)) * 4), ("copy.txt", files[0][1])]
    return files


def stored_files(settings):
    root = settings.MEDIA_ROOT / "sources"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def snapshot():
    """Every record an ingest writes, by natural keys (pks and timestamps may differ between runs)."""
    documents = []
    for document in Document.objects.select_related("source_file", "publisher").order_by("slug"):
        documents.append(
            (
                document.slug,
                document.title,
                document.doc_type,
                str(document.publication),
                document.status,
                document.body,
                document.summary,
                document.publisher.slug if document.publisher else None,
                document.source_file.name,
                document.source_file.format,
                document.source_file.warnings,
                sorted(document.people.values_list("slug", flat=True)),
                sorted(document.organizations.values_list("slug", flat=True)),
                sorted(document.meetings.values_list("slug", flat=True)),
                sorted(document.themes.values_list("slug", flat=True)),
                document.provenance["fields"],
                document.provenance["proposals"],
                document.provenance["warnings"],
                [(r.history_type, r.history_change_reason, r.history_user_id) for r in document.history.all()],
            )
        )
    meetings = [
        (
            meeting.slug,
            meeting.title,
            str(meeting.start),
            meeting.city,
            meeting.status,
            meeting.series.slug if meeting.series else None,
            meeting.ordinal,
            sorted((p.person.slug, p.role, p.side, p.order) for p in meeting.participations.all()),
            meeting.history.count(),
        )
        for meeting in Meeting.objects.select_related("series").order_by("slug")
    ]
    people = [
        (person.slug, person.display_name, person.status, sorted(person.names.values_list("name", "source__name")))
        for person in Person.objects.order_by("slug")
    ]
    index = {
        model.__name__: sorted(
            IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).values_list(
                "title", flat=True
            )
        )
        for model in (Document, Meeting, Person)
    }
    name_history = sorted(PersonName.history.values_list("name", "history_type", "history_user_id"))
    return {"documents": documents, "meetings": meetings, "people": people, "names": name_history, "index": index}


def outcome(results):
    return [(r.name, r.status, r.message) for r in results]


def run_and_roll_back(**kwargs):
    with transaction.atomic():
        results = source_files_ingest(reference=load_reference(), **kwargs)
        state = snapshot()
        transaction.set_rollback(True)
    return outcome(results), state


def test_the_pool_writes_exactly_what_one_process_writes(settings):
    user = UserFactory(username="clerk")
    files = corpus()
    one_process = run_and_roll_back(files=files, user=user, batch_size=25, workers=1)
    pooled = run_and_roll_back(files=files, user=user, batch_size=25, workers=2, pool_min_files=1)
    assert pooled == one_process
    statuses = {status for _name, status, _message in one_process[0]}
    assert statuses == {"created", "updated", "unchanged", "failed"}
    assert len(one_process[1]["documents"]) > 30


def test_the_pool_extracts_exactly_what_one_process_extracts():
    files = corpus()
    reference = load_reference()
    expected = []
    for name, data in files:
        try:
            expected.append(analysis_as_json(analyse(name, data, reference=reference)))
        except write.IngestError as error:
            expected.append(str(error))
    found = []
    for _batch, analyses in pool.prepared_batches(iter(files), reference=reference, batch_size=30, workers=2):
        for analysis in analyses:
            if isinstance(analysis, write.IngestResult):
                found.append(analysis.message)
            else:
                found.append(analysis_as_json(reconciled(analysis, reference)))
    assert found == expected


def test_bulk_segments_write_exactly_what_file_by_file_writing_writes(monkeypatch):
    files = corpus()
    bulk_run = run_and_roll_back(files=files, batch_size=40, workers=1)

    def refuse(self):
        raise IntegrityError("simulated failure of a bulk insert")

    monkeypatch.setattr(bulk.Plan, "insert", refuse)  # every segment falls back to one file at a time
    file_by_file = run_and_roll_back(files=files, batch_size=40, workers=1)
    assert file_by_file == bulk_run


def test_a_failed_bulk_insert_still_writes_the_good_files_and_names_the_bad_one(monkeypatch, settings):
    real_insert = bulk.Plan.insert

    def insert_refusing_the_bad(self):
        if any(source.name == "bad.txt" for source in self.sources):
            raise IntegrityError("simulated constraint failure")
        real_insert(self)

    real_write = write._write

    def write_refusing_the_bad(analysis, data, user, plan=None):
        if plan is None and analysis.name == "bad.txt":
            raise IntegrityError("a row broke a constraint")
        return real_write(analysis, data, user, plan)

    monkeypatch.setattr(bulk.Plan, "insert", insert_refusing_the_bad)
    monkeypatch.setattr(write, "_write", write_refusing_the_bad)
    pairs = [
        ("readout.txt", samples.DOD_READOUT),
        ("bad.txt", samples.JOINT_STATEMENT),
        ("communique.txt", samples.JOINT_COMMUNIQUE),
    ]
    results = source_files_ingest(files=[(name, text.encode()) for name, text in pairs])
    assert [r.status for r in results] == ["created", "failed", "created"]
    assert results[1].message == "bad.txt: the database refused the records (a row broke a constraint)."
    assert sorted(SourceFile.objects.values_list("name", flat=True)) == ["communique.txt", "readout.txt"]
    assert len(stored_files(settings)) == 2


def test_bytes_stored_by_the_pool_for_files_not_written_are_removed(settings):
    files = [(name, data) for name, data in corpus() if name.startswith(("round-0", "round-2"))]
    first = source_files_ingest(files=files, workers=2, pool_min_files=1, batch_size=10)
    written = sum(r.status in {"created", "updated"} for r in first)
    assert written and len(stored_files(settings)) == written == SourceFile.objects.count()
    again = source_files_ingest(files=files, workers=2, pool_min_files=1, batch_size=10)
    assert {r.status for r in again} == {"unchanged"}
    assert len(stored_files(settings)) == written


def test_a_small_run_or_a_single_worker_never_starts_the_pool(monkeypatch, settings):
    def no_pool(*args, **kwargs):
        raise AssertionError("the pool was started")

    monkeypatch.setattr(write, "prepared_batches", no_pool)
    files = [("readout.txt", samples.DOD_READOUT.encode()), ("call.txt", samples.PHONE_READOUT.encode())]
    assert [r.status for r in source_files_ingest(files=files, workers=2)] == ["created", "created"]
    settings.ARCHIVE_INGEST_WORKERS = 1
    more = [("communique.txt", samples.JOINT_COMMUNIQUE.encode())]
    assert [r.status for r in source_files_ingest(files=more, pool_min_files=1)] == ["created"]


def test_a_worker_that_dies_does_not_stop_the_run(monkeypatch, caplog):
    files = corpus()[:60]
    expected = run_and_roll_back(files=files, batch_size=20, workers=1)
    real, parent = write.prepared, os.getpid()

    def dying_in_a_worker(name, data, reference):
        if name == files[30][0] and os.getpid() != parent:
            os._exit(1)
        return real(name, data, reference)

    monkeypatch.setattr(write, "prepared", dying_in_a_worker)
    assert run_and_roll_back(files=files, batch_size=20, workers=2, pool_min_files=1) == expected
    assert "An ingest worker process died" in caplog.text


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(36, "File name too long"), "OSError: [Errno 36] File name too long"),
        (RuntimeError("the storage service answered 503"), "RuntimeError: the storage service answered 503"),
    ],
)
def test_a_file_the_storage_refuses_in_a_worker_fails_alone(monkeypatch, settings, error, reason):
    real = SourceFile.store_bytes

    def refusing(self, name, data):
        if name == "refused.txt":
            raise error
        return real(self, name, data)

    monkeypatch.setattr(SourceFile, "store_bytes", refusing)  # the workers are forked with it
    pairs = [("readout.txt", samples.DOD_READOUT), ("refused.txt", samples.JOINT_STATEMENT)]
    pairs += [("communique.txt", samples.JOINT_COMMUNIQUE)]
    results = source_files_ingest(files=[(n, t.encode()) for n, t in pairs], workers=2, pool_min_files=1)
    assert [r.status for r in results] == ["created", "failed", "created"]
    assert results[1].message == f"refused.txt: could not be ingested ({reason})."
    assert len(stored_files(settings)) == 2


def test_a_slug_taken_many_times_is_numbered_with_two_queries(django_assert_max_num_queries):
    from archive.ingest.records import _unique_slug
    from tests.factories import MeetingFactory

    for slug in ["ministers-meet", *(f"ministers-meet-{n}" for n in range(2, 31)), "ministers-meet-in-seoul"]:
        MeetingFactory(slug=slug)
    with django_assert_max_num_queries(2):
        assert _unique_slug(Meeting, "Ministers meet") == "ministers-meet-31"
    MeetingFactory(slug="ministers-talk-2")  # a free base keeps its own slug
    assert _unique_slug(Meeting, "Ministers talk") == "ministers-talk"


def test_a_segment_numbers_its_meetings_past_every_slug_taken(django_assert_max_num_queries):
    from tests.factories import MeetingFactory

    MeetingFactory(slug="ministers-meet")
    MeetingFactory(slug="ministers-meet-2")
    MeetingFactory(slug="summit-2")  # "summit" is free, but its second use must pass "summit-2"
    plan = bulk.Plan()
    meetings = [Meeting(title=text) for text in ["Ministers meet", "Ministers meet", "Summit", "Summit", "Talks"]]
    for meeting in meetings:
        plan.add_meeting(meeting, meeting.title)
    with django_assert_max_num_queries(2):
        plan._unique_meeting_slugs()
    assert [m.slug for m in meetings] == ["ministers-meet-3", "ministers-meet-4", "summit", "summit-3", "talks"]
