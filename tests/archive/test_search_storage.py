"""On SQLite the FTS5 index keeps no copy of the text (archive migration 0006), and every write keeps it whole.

The index reads its text from modelsearch's entries (an external content
table). Such an index is only right if every removal names exactly the text
that was indexed, once. FTS5's ``integrity-check`` with rank 1 compares the
index with the entries and fails otherwise (the plain form checks only that
the index agrees with itself), and a second removal of the same entry fails
its statement ("database disk image is malformed"). Each test below writes
through one path and then runs that check and a search.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import get_search_backend
from modelsearch.models import IndexEntry

from archive.models import Document
from archive.transfer.importing import records_import
from archive.workflow import Status
from tests.factories import DocumentFactory, UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the FTS5 layout is SQLite's"),
]

FTS = "modelsearch_indexentry_fts"
migration = importlib.import_module("archive.migrations.0006_search_text_stored_once")
# The migration's functions read only the schema editor's connection; SQLite's own editor
# cannot open inside a test's transaction.
EDITOR = SimpleNamespace(connection=connection)


def check_whole():
    """FTS5's check of the index against the entries' text: raises when they disagree."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('integrity-check', 1)")


def matching(word):
    """The entry ids FTS5 lists for ``word``."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s ORDER BY rowid", [word])  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def found(word):
    return [document.title for document in Document.objects.search(word)]


def shadow_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE %s ORDER BY name", [f"{FTS}_%"])
        return [row[0] for row in cursor.fetchall()]


def test_the_index_keeps_no_copy_of_the_text():
    with connection.cursor() as cursor:
        cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [FTS])
        sql = cursor.fetchone()[0]
    assert "content='modelsearch_indexentry'" in sql
    assert f"{FTS}_content" not in shadow_tables()
    assert f"{FTS}_docsize" in shadow_tables()  # what the delete trigger asks


def test_saves_edits_and_deletes_through_the_orm_keep_the_index_whole():
    document = DocumentFactory(title="Quasar readiness talks", body="Talks on quasar drills.")
    other = DocumentFactory(title="Pulsar talks", body="Nothing else.")
    check_whole()
    assert found("quasar") == ["Quasar readiness talks"]

    document.title, document.body = "Nebula readiness talks", "Talks on nebula drills."
    document.save()  # modelsearch updates the entry's text, then refreshes the title norms
    check_whole()
    assert found("quasar") == [] and found("nebula") == ["Nebula readiness talks"]
    assert matching("quasar") == []

    IndexEntry.objects.update(title_norm=0.5)  # a number alone: the text stays indexed as it is
    check_whole()
    assert found("nebula") == ["Nebula readiness talks"]

    other.delete()  # modelsearch's delete_item: a raw DELETE of the entry, the trigger removes its text
    check_whole()
    assert matching("pulsar") == []

    # The delete collector removes the FTS row itself (modelsearch's model cascades), then the entry:
    # the trigger must not remove the text a second time.
    IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Document)).delete()
    check_whole()
    assert matching("nebula") == []
    get_search_backend().add(document)
    check_whole()
    assert found("nebula") == ["Nebula readiness talks"]


@pytest.mark.parametrize("first", ["entries", "index"])
def test_emptying_both_tables_in_either_order_keeps_the_index_whole(first):
    """What ``flush`` does between tests that commit: a DELETE of every table, in no fixed order."""
    DocumentFactory(title="Quasar readiness talks")
    DocumentFactory(title="Pulsar talks")
    tables = ["modelsearch_indexentry", FTS]
    if first == "index":
        tables.reverse()
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    check_whole()
    assert matching("quasar") == []
    DocumentFactory(title="Quasar talks resumed")
    check_whole()
    assert found("quasar") == ["Quasar talks resumed"]


def test_a_bulk_import_keeps_the_index_whole():
    user = UserFactory(is_superuser=True)
    DocumentFactory(slug="kept", title="Quasar readiness talks")
    data = (
        b"slug,title,publication_date,body,status\n"
        b"first,Quasar drills resume,2024-07-28,Combined quasar drills.,published\n"
        b"second,Pulsar statement,2024-07,A statement.,draft\n"
    )
    report = records_import(kind="documents", data=data, file_name="documents.csv", user=user)
    assert report.ok and report.created == 2, report.errors
    check_whole()
    assert sorted(found("quasar")) == ["Quasar drills resume", "Quasar readiness talks"]
    # An update of an imported record's text re-indexes it.
    update = b"slug,title,publication_date,body\nfirst,Nebula drills resume,2024-07-28,Combined nebula drills.\n"
    report = records_import(kind="documents", data=update, file_name="update.csv", user=user)
    assert report.ok and report.updated == 1, report.errors
    check_whole()
    assert found("quasar") == ["Quasar readiness talks"]
    assert found("nebula") == ["Nebula drills resume"]


def test_the_migration_goes_back_to_modelsearchs_layout_and_forward_again():
    DocumentFactory(title="Quasar readiness talks", status=Status.PUBLISHED)
    DocumentFactory(title="Pulsar talks")
    before = matching("quasar OR pulsar OR talks")
    migration.own_content(None, EDITOR)
    assert f"{FTS}_content" in shadow_tables()
    check_whole()
    assert matching("quasar OR pulsar OR talks") == before
    DocumentFactory(title="Quasar talks resumed")  # modelsearch's own triggers index it
    assert len(matching("quasar")) == 2
    migration.external_content(None, EDITOR)
    assert f"{FTS}_content" not in shadow_tables()
    check_whole()
    assert len(matching("quasar")) == 2
    assert sorted(found("quasar")) == ["Quasar readiness talks", "Quasar talks resumed"]


def test_migrating_again_changes_nothing():
    DocumentFactory(title="Quasar readiness talks")
    with CaptureQueriesContext(connection) as queries:
        migration.external_content(None, EDITOR)
    assert [query["sql"] for query in queries] == [
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'modelsearch_indexentry_fts'"
    ]
    check_whole()
    assert found("quasar") == ["Quasar readiness talks"]


def fts_blocks():
    """The FTS5 index's own storage: any change of the index changes it."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*), COALESCE(SUM(LENGTH(block)), 0) FROM {FTS}_data")  # noqa: S608
        return cursor.fetchone()


def test_a_title_norm_refresh_leaves_the_index_alone():
    DocumentFactory(title="Quasar readiness talks")
    DocumentFactory(title="Pulsar talks")
    before = fts_blocks()
    IndexEntry.objects.update(title_norm=0.25)  # what modelsearch's refresh does after every save
    assert fts_blocks() == before
    IndexEntry.objects.update(body="nebula")  # text: re-indexed
    assert fts_blocks() != before
    check_whole()
    assert len(matching("nebula")) == IndexEntry.objects.count()


def test_an_entry_whose_text_left_the_index_is_indexed_again_on_its_next_update():
    """The update trigger removes the old text only while it is indexed, as the delete trigger does."""
    document = DocumentFactory(title="Quasar readiness talks")
    entry = IndexEntry.objects.get(content_type=ContentType.objects.get_for_model(Document), object_id=document.pk)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FTS} WHERE rowid = %s", [entry.pk])  # noqa: S608 - as the delete collector does
    IndexEntry.objects.filter(pk=entry.pk).update(title="Nebula readiness talks", autocomplete="Nebula")
    check_whole()
    assert matching("nebula") == [entry.pk] and matching("quasar") == []


def test_modelsearchs_reset_stale_cleanup_and_rebuild_keep_the_index_whole():
    kept = DocumentFactory(title="Quasar readiness talks")
    gone = DocumentFactory(title="Pulsar talks")
    Document.objects.filter(pk=gone.pk)._raw_delete(connection.alias)  # its entry is now stale
    index = get_search_backend().get_index_for_model(Document)
    index.delete_stale_model_entries(Document)
    check_whole()
    assert matching("pulsar") == []
    call_command("rebuild_modelsearch_index", verbosity=0)
    check_whole()
    assert found("quasar") == [kept.title]
    index.reset()
    check_whole()
    assert matching("quasar") == []
