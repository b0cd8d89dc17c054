"""The import's fast path for new rows writes exactly what the model-instance path and modelsearch write."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from modelsearch.backends import get_search_backend
from modelsearch.models import IndexEntry
from simple_history.models import HistoricalRecords

from archive.models import Document
from archive.resources import DocumentResource
from archive.transfer import importing
from archive.transfer import resources as transfer_resources
from archive.transfer.importing import records_import
from tests.factories import MeetingFactory, OrganizationFactory, PersonFactory, PolicyThemeFactory

pytestmark = pytest.mark.django_db

FILE = (
    "slug,title,type,publisher,publication_date,summary,body,themes,people,organizations,meetings,status\n"
    "scm-55,Joint Communiqué of the 55th SCM,communique,mnd,2023-11-13,Ministers met.,"
    '"Seoul talks on extended deterrence.\n\nSecond paragraph.",nuclear|deterrence,shin-won-sik,mnd|dod,scm-55,'
    "published\n"
    "white-paper-2020,2020 Defense White Paper,white_paper,,2020,,Chapter five,deterrence,,,,draft\n"
    "readout,Readout of a call,readout,dod,2024-07,  Spaced summary  ,,,shin-won-sik|austin,,,\n"
)


class InstancePathDocumentResource(DocumentResource):
    """The documents kind with a ``prepare`` hook: new rows go through model instances."""

    class Meta(DocumentResource.Meta):
        pass

    def prepare(self, instance):
        pass


@pytest.fixture
def linked():
    OrganizationFactory(slug="mnd", name="Ministry of National Defense")
    OrganizationFactory(slug="dod", name="Department of Defense")
    PolicyThemeFactory(slug="nuclear", name="Nuclear")
    PolicyThemeFactory(slug="deterrence", name="Deterrence")
    PersonFactory(slug="shin-won-sik", display_name="Shin Won-sik")
    PersonFactory(slug="austin", display_name="Lloyd Austin")
    MeetingFactory(slug="scm-55", title="55th SCM")


def snapshot():
    """Everything an import of documents writes, without ids and clock times."""
    skip = {"id", "created_at", "updated_at", "status_changed_at", "history_id", "history_date"}
    documents = {
        row["slug"]: {k: v for k, v in row.items() if k not in skip} for row in Document.objects.values().order_by()
    }
    history = sorted(
        tuple(sorted((k, str(v)) for k, v in row.items() if k not in skip))
        for row in Document.history.model.objects.values()
    )
    links = {
        name: sorted(getattr(Document, name).through.objects.values_list("document__slug", f"{target}_id"))
        for name, target in (
            ("themes", "policytheme"),
            ("people", "person"),
            ("organizations", "organization"),
            ("meetings", "meeting"),
        )
    }
    history_links = {
        field.name: sorted(
            m2m_model.objects.values_list(
                "history__slug", f"{field.m2m_reverse_field_name()}_id", "history__history_type"
            )
        )
        for field, m2m_model in HistoricalRecords.m2m_models.items()
        if field.model is Document
    }
    return documents, history, links, history_links, index_entries()


def index_entries():
    content_type = ContentType.objects.get_for_model(Document)
    slugs = dict(Document.objects.values_list("pk", "slug"))
    fields = ["object_id", "title", "autocomplete", "body", "title_norm"]
    if connection.vendor == "postgresql":
        fields += ["title_text", "body_text"]
    entries = {}
    for row in IndexEntry.objects.filter(content_type=content_type).values(*fields):
        slug = slugs[int(row.pop("object_id"))]
        row["title_norm"] = pytest.approx(row["title_norm"])
        entries[slug] = {k: str(v) if k != "title_norm" else v for k, v in row.items()}
    return entries


def forget_documents():
    Document.objects.all().delete()
    Document.history.all().delete()


def test_new_rows_take_the_fast_path_and_write_what_the_instance_path_writes(linked, superuser, monkeypatch):
    lean_rows = []
    plan_new = importing._ImportPlan._plan_new

    def counted(plan, values, *args):
        lean_rows.append(values["slug"])
        return plan_new(plan, values, *args)

    monkeypatch.setattr(importing._ImportPlan, "_plan_new", counted)
    fast = records_import(kind="documents", data=FILE.encode(), file_name="docs.csv", user=superuser)
    assert fast.ok, fast.errors
    assert fast.created == 3
    assert lean_rows == ["scm-55", "white-paper-2020", "readout"]
    written_fast = snapshot()
    forget_documents()
    monkeypatch.setitem(
        transfer_resources.KINDS, "documents", "tests.archive.test_import_fast_path.InstancePathDocumentResource"
    )
    slow = records_import(kind="documents", data=FILE.encode(), file_name="docs.csv", user=superuser)
    assert slow.ok, slow.errors
    assert len(lean_rows) == 3, "a resource with a prepare hook takes the instance path"
    assert snapshot() == written_fast
    assert written_fast[0]["scm-55"]["status"] == "published"
    assert sum(len(rows) for rows in written_fast[2].values()) == 9


def test_imported_search_entries_are_exactly_what_modelsearch_writes(linked, superuser):
    report = records_import(kind="documents", data=FILE.encode(), file_name="docs.csv", user=superuser)
    assert report.ok, report.errors
    ours = index_entries()
    IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Document)).delete()
    get_search_backend().add_bulk(Document, list(Document.objects.order_by("pk")))
    assert index_entries() == ours
    assert set(ours) == {"scm-55", "white-paper-2020", "readout"}


def test_imported_new_records_are_found_by_search_and_drafts_stay_out_of_the_public_search(linked, superuser):
    records_import(kind="documents", data=FILE.encode(), user=superuser)
    assert [d.slug for d in Document.objects.search("deterrence")] == ["scm-55"]
    assert [d.slug for d in Document.objects.published().search("Chapter")] == []
    assert [d.slug for d in Document.objects.search("Chapter")] == ["white-paper-2020"]


def test_a_file_of_new_and_existing_rows_creates_and_updates_in_one_import(linked, superuser):
    records_import(kind="documents", data=FILE.encode(), user=superuser)
    changed = FILE.replace("2020 Defense White Paper", "2020 Defense White Paper (revised)").replace(
        "readout,Readout", "readout-2,Readout"
    )
    report = records_import(kind="documents", data=changed.encode(), user=superuser)
    assert (report.created, report.updated, report.unchanged) == (1, 1, 1)
    assert Document.objects.get(slug="white-paper-2020").title == "2020 Defense White Paper (revised)"
    assert sorted(Document.objects.get(slug="readout-2").people.values_list("slug", flat=True)) == [
        "austin",
        "shin-won-sik",
    ]
    assert [d.slug for d in Document.objects.search("revised")] == ["white-paper-2020"]
    assert [h.history_type for h in Document.objects.get(slug="white-paper-2020").history.all()] == ["~", "+"]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_csv_line_endings_of_every_platform_read_the_same_rows(superuser, newline):
    text = newline.join(["slug,title,publication_date,body", 'a,First,2020,"two', 'lines"', "b,Second,2021,", ""])
    report = records_import(kind="documents", data=text.encode(), user=superuser)
    assert report.ok, report.errors
    assert report.created == 2
    assert Document.objects.get(slug="a").body == f"two{newline}lines"
    assert Document.objects.get(slug="b").title == "Second"
