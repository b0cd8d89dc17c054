"""records_import / records_export: all-or-nothing imports, encodings, formulas, status, round trip."""

import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from modelsearch.models import IndexEntry

from archive.models import Document, PolicyTheme
from archive.transfer.exporting import records_export
from archive.transfer.importing import records_import
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Appointment, Organization, Person, PersonName
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
    RoleUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HEADER = "slug,title,publication_date,themes,people,body\n"


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def counts():
    return (
        Document.objects.count(),
        Document.history.count(),
        Document.themes.through.objects.count(),
        LogEntry.objects.count(),
        IndexEntry.objects.count(),
    )


@pytest.fixture
def linked():
    PolicyThemeFactory(slug="extended-deterrence", name="Extended deterrence")
    PersonFactory(slug="shin-won-sik", display_name="Shin Won-sik")
    return None


def test_import_creates_documents_with_links_partial_dates_history_and_search(linked, superuser):
    data = HEADER + (
        "scm-communique,Joint Communiqué of the 55th SCM,2023-10,extended-deterrence,shin-won-sik,Seoul talks\n"
        "white-paper,2020 Defense White Paper,2020,,,Chapter five\n"
    )
    report = records_import(kind="documents", data=csv_bytes(data), file_name="docs.csv", user=superuser)
    assert report.ok, report.errors
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    document = Document.objects.get(slug="scm-communique")
    assert document.publication.isoformat() == "2023-10"
    assert Document.objects.get(slug="white-paper").publication.isoformat() == "2020"
    assert list(document.themes.values_list("slug", flat=True)) == ["extended-deterrence"]
    assert list(document.people.values_list("slug", flat=True)) == ["shin-won-sik"]
    history = document.history.get()
    assert history.history_user == superuser
    assert history.history_type == "+"
    assert list(history.themes.values_list("policytheme__slug", flat=True)) == ["extended-deterrence"]
    assert list(Document.objects.search("Seoul")) == [document]


def test_reimporting_the_same_file_reports_every_row_unchanged_and_writes_nothing(linked, superuser):
    data = csv_bytes(HEADER + "scm,Joint Communiqué,2023-10-14,extended-deterrence,shin-won-sik,Body\n")
    records_import(kind="documents", data=data, user=superuser)
    before = counts()
    report = records_import(kind="documents", data=data, user=superuser)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert counts() == before


def test_changed_row_updates_the_record_and_adds_a_history_row(linked, superuser):
    records_import(kind="documents", data=csv_bytes(HEADER + "scm,Old title,2023,,,\n"), user=superuser)
    report = records_import(
        kind="documents", data=csv_bytes(HEADER + "scm,New title,2023,extended-deterrence,,\n"), user=superuser
    )
    assert (report.created, report.updated) == (0, 1)
    document = Document.objects.get(slug="scm")
    assert document.title == "New title"
    assert [h.history_type for h in document.history.all()] == ["~", "+"]
    assert list(document.themes.values_list("slug", flat=True)) == ["extended-deterrence"]


FAILURES = [
    (
        "bad date",
        HEADER + "a,Good,2020-01,,,\nb,Bad,2020-13,,,\n",
        3,
        "publication_date",
        "'2020-13' is not a real date.",
    ),
    ("not a date", HEADER + "a,Good,2020,,,\nb,Bad,October,,,\n", 3, "publication_date", "is not a date"),
    (
        "unknown relation",
        HEADER + "a,Good,2020,extended-deterrence,,\nb,Bad,2020,extended-deterence,,\n",
        3,
        "themes",
        "no policy theme has the slug 'extended-deterence'. Close matches: extended-deterrence.",
    ),
    ("missing column", "slug,publication_date\na,2020\n", 1, "title", "this required column is missing."),
    ("empty required cell", HEADER + "a,,2020,,,\n", 2, "title", "a value is required."),
    ("duplicate key", HEADER + "a,One,2020,,,\nb,Two,2020,,,\na,Three,2020,,,\n", 4, "slug", "duplicate key: row 2"),
    ("bad choice", "slug,title,publication_date,type\na,T,2020,memo\n", 2, "type", "'memo' is not one of"),
    ("unknown column", "slug,title,publication_date,colour\na,T,2020,red\n", 1, "colour", "unknown column"),
    ("bad slug", HEADER + "not a slug,T,2020,,,\n", 2, "slug", "is not a slug"),
]


@pytest.mark.parametrize(("text", "row", "column", "reason"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES])
def test_any_invalid_row_aborts_the_whole_file_naming_row_column_and_reason(
    linked, superuser, text, row, column, reason
):
    before = counts()
    report = records_import(kind="documents", data=csv_bytes(text), file_name="bad.csv", user=superuser)
    assert not report.ok
    assert not report.written
    problem = report.errors[0]
    assert (problem.row, problem.column) == (row, column)
    assert reason in problem.reason
    assert counts() == before


def test_failed_import_through_the_shell_raises_with_the_row_and_writes_nothing(linked, superuser, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "a,Good,2020,,,\nb,Bad,2020-02-30,,,\n", encoding="utf-8")
    before = counts()
    stderr = io.StringIO()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_records", "documents", str(path), "--user", "admin", stderr=stderr)
    assert "bad.csv: row 3, column 'publication_date': '2020-02-30' is not a real date." in stderr.getvalue()
    assert counts() == before


def test_shell_dry_run_counts_and_writes_nothing(linked, superuser, tmp_path):
    path = tmp_path / "docs.csv"
    path.write_text(HEADER + "a,Good,2020,,,\n", encoding="utf-8")
    stdout = io.StringIO()
    call_command("import_records", "documents", str(path), "--dry-run", stdout=stdout, stderr=io.StringIO())
    assert "1 would be created" in stdout.getvalue()
    assert Document.objects.count() == 0


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp949", "euc-kr"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_encodings_and_delimiters_are_detected(superuser, encoding, delimiter):
    text = delimiter.join(["slug", "display_name", "hangul_name", "country"]) + "\n"
    text += delimiter.join(["shin-won-sik", "Shin Won-sik", "신원식", "KR"]) + "\n"
    report = records_import(kind="people", data=text.encode(encoding), user=superuser)
    assert report.ok, report.errors
    assert Person.objects.get(slug="shin-won-sik").hangul_name == "신원식"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "is binary, not a table"),
        (b"Just a sentence of prose without separators\nand another line\n", "is not a table"),
        (b"", "is empty"),
        (b'{"slug": 1', "is not valid JSON"),
    ],
)
def test_a_file_that_is_not_a_table_gets_a_clear_error(superuser, data, message):
    report = records_import(kind="people", data=data, file_name="upload.bin", user=superuser)
    assert not report.ok
    assert message in report.errors[0].reason
    assert Person.objects.count() == 0


TRICKY = ["=SUM(A1:A9)", "+1 555", "-5 degrees", "@cmd", "\tindented", "\rreturn", "'=quoted", "''+twice", "'Tis fine"]


@pytest.mark.parametrize("format", ["csv", "xlsx"])
def test_formula_cells_are_neutralised_on_export_and_recovered_exactly_on_import(superuser, format):
    for number, text in enumerate(TRICKY):
        DocumentFactory(slug=f"doc-{number}", title=f"Title {number}", summary=text, body=text)
    exported = b"".join(records_export(kind="documents", format=format))
    if format == "csv":
        decoded = exported.decode("utf-8-sig")
        assert "\n'=SUM(A1:A9)," in decoded.replace("\r\n", "\n") or ",'=SUM(A1:A9)," in decoded
        assert ",=SUM" not in decoded
        assert ",'-5 degrees," in decoded
    Document.history.all().delete()
    Document.objects.all().delete()
    report = records_import(kind="documents", data=exported, file_name=f"docs.{format}", user=superuser)
    assert report.ok, report.errors
    assert {d.summary for d in Document.objects.all()} == set(TRICKY)
    assert {d.body for d in Document.objects.all()} == set(TRICKY)


def test_xlsx_export_writes_no_formula_cells(superuser):
    from openpyxl import load_workbook

    DocumentFactory(slug="formula", title="=1+1", summary="@SUM(1)")
    exported = b"".join(records_export(kind="documents", format="xlsx"))
    sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
    types = {cell.data_type for row in sheet.iter_rows() for cell in row}
    assert "f" not in types
    assert sheet["B2"].value == "'=1+1"


def _publisher_permission():
    permission, _ = Permission.objects.get_or_create(
        codename="publish_document",
        content_type=ContentType.objects.get_for_model(Document),
        defaults={"name": "Can publish document"},
    )
    return permission


STATUS_FILE = b"slug,title,publication_date,status\na,A title,2020,published\n"


def test_imported_records_land_as_draft_when_the_user_may_not_publish():
    contributor = RoleUserFactory(username="contributor", role="Contributors")
    preview = records_import(kind="documents", data=STATUS_FILE, user=contributor, dry_run=True)
    report = records_import(kind="documents", data=STATUS_FILE, user=contributor)
    assert report.ok
    assert Document.objects.get().status == Status.DRAFT
    assert report.warnings == preview.warnings
    assert report.warnings[0].startswith("1 new row(s) ask for a status or publish time, but you may not publish")


def test_imported_records_land_as_draft_without_a_user():
    records_import(kind="documents", data=STATUS_FILE)
    assert Document.objects.get().status == Status.DRAFT


def test_a_user_who_may_publish_gets_the_status_the_file_asks_for():
    publisher = UserFactory(username="publisher")
    publisher.user_permissions.add(
        _publisher_permission(), *Permission.objects.filter(codename__in=["add_document", "change_document"])
    )
    records_import(kind="documents", data=STATUS_FILE, user=publisher)
    document = Document.objects.get()
    assert document.status == Status.PUBLISHED
    assert document.status_changed_by == publisher
    assert document.status_changed_at is not None
    assert document.revision == 1
    from archive.models import AuditEvent

    [event] = AuditEvent.objects.for_record(document)
    assert (event.action, event.from_status, event.to_status, event.user) == ("import", "draft", "published", publisher)
    assert event.object_repr == "A title"


def test_only_a_user_who_may_withdraw_imports_a_new_record_as_withdrawn(superuser):
    data = b"slug,title,publication_date,status\na,A title,2020,published\nb,B title,2020,withdrawn\n"
    publisher = UserFactory(username="publisher")
    publisher.user_permissions.add(
        _publisher_permission(), *Permission.objects.filter(codename__in=["add_document", "change_document"])
    )
    report = records_import(kind="documents", data=data, user=publisher)
    assert [(p.row, p.column) for p in report.errors] == [(3, "status")]
    assert "cannot be imported as withdrawn" in report.errors[0].reason
    assert not Document.objects.exists()
    assert records_import(kind="documents", data=data, user=superuser).ok
    withdrawn = Document.objects.get(slug="b")
    assert withdrawn.status == Status.WITHDRAWN and withdrawn.withdrawn_at is not None


def test_without_a_status_column_even_a_publisher_imports_drafts(superuser):
    records_import(kind="documents", data=b"slug,title,publication_date\na,A,2020\n", user=superuser)
    assert Document.objects.get().status == Status.DRAFT


def test_json_import_reads_lists_of_slugs(linked, superuser):
    data = b'[{"slug": "a", "title": "A", "publication_date": "2021-03", "themes": ["extended-deterrence"]}]'
    report = records_import(kind="documents", data=data, file_name="docs.json", user=superuser)
    assert report.ok, report.errors
    assert Document.objects.get().themes.get().slug == "extended-deterrence"


def test_self_links_may_name_a_row_later_in_the_same_file(superuser):
    data = b"slug,name,parent\nchild,Child theme,parent\nparent,Parent theme,\n"
    report = records_import(kind="themes", data=data, user=superuser)
    assert report.ok, report.errors
    assert PolicyTheme.objects.get(slug="child").parent.slug == "parent"


def test_compound_keys_identify_names_appointments_and_participations(superuser):
    person = PersonFactory(slug="austin")
    meeting = MeetingFactory(slug="scm-55")
    OrganizationFactory(slug="dod")
    names = b"person,name\naustin,Lloyd Austin\naustin,Lloyd J. Austin III\n"
    appointments = b"person,title,start,end,organization\naustin,Secretary of Defense,2021-01,2025,dod\n"
    participations = b"meeting,person,role,side,order\nscm-55,austin,Secretary of Defense,US,1\n"
    for kind, data in [("person-names", names), ("appointments", appointments), ("participations", participations)]:
        assert records_import(kind=kind, data=data, user=superuser).ok
        report = records_import(kind=kind, data=data, user=superuser)
        assert report.unchanged == report.total > 0
    assert sorted(person.names.values_list("key", flat=True)) == ["lloydaustin", "lloydjaustiniii"]
    appointment = Appointment.objects.get()
    assert (appointment.start.isoformat(), appointment.end.isoformat()) == ("2021-01", "2025")
    assert Participation.objects.get(meeting=meeting).order == 1
    assert list(Person.objects.search("Lloyd")) == [person]


def test_duplicate_compound_key_in_the_file_is_reported(superuser):
    PersonFactory(slug="austin")
    data = b"person,name\naustin,Lloyd Austin\naustin,Lloyd Austin\n"
    report = records_import(kind="person-names", data=data, user=superuser)
    assert (report.errors[0].row, report.errors[0].column) == (3, "name")
    assert PersonName.objects.count() == 0


def _everything():
    OrganizationFactory(slug="mnd", name="Ministry of National Defense")
    OrganizationFactory(slug="jcs", parent=Organization.objects.get(slug="mnd"), description="=risky")
    parent = PolicyThemeFactory(slug="deterrence", keywords="deterrence\nnuclear umbrella")
    PolicyThemeFactory(slug="ncg", parent=parent)
    series = MeetingSeriesFactory(slug="scm", established=1968)
    person = PersonFactory(slug="shin", hangul_name="신원식", biography="-first line\nsecond")
    draft = PersonFactory(slug="draft-person", status=Status.DRAFT)
    PersonNameFactory(person=person, name="Shin Wonsik", is_preferred=True)
    AppointmentFactory(person=person, organization=Organization.objects.get(slug="mnd"))
    meeting = MeetingFactory(slug="scm-55", series=series, ordinal=55, start_precision="month")
    meeting.themes.set([parent])
    ParticipationFactory(meeting=meeting, person=person, order=2)
    ParticipationFactory(meeting=meeting, person=draft, order=3)
    DocumentFactory(
        slug="communique", themes=[parent], people=[person, draft], meetings=[meeting], publication_precision="year"
    )
    DocumentFactory(slug="draft-doc", status=Status.DRAFT, title="+not a formula")


KIND_ORDER = [
    "organizations",
    "themes",
    "series",
    "people",
    "person-names",
    "appointments",
    "meetings",
    "participations",
    "documents",
]


@pytest.mark.parametrize("format", ["csv", "json", "xlsx"])
def test_export_every_kind_import_into_an_empty_database_and_export_again_gives_identical_files(superuser, format):
    _everything()
    first = {kind: b"".join(records_export(kind=kind, format=format)) for kind in KIND_ORDER}
    for model in (Document, Participation, Meeting, Appointment, PersonName, Person, MeetingSeries):
        model.objects.all().delete()
    Organization.objects.update(parent=None)
    Organization.objects.all().delete()
    PolicyTheme.objects.update(parent=None)
    PolicyTheme.objects.all().delete()
    for kind in KIND_ORDER:
        report = records_import(kind=kind, data=first[kind], file_name=f"{kind}.{format}", user=superuser)
        assert report.ok, (kind, report.errors)
    second = {kind: b"".join(records_export(kind=kind, format=format)) for kind in KIND_ORDER}
    if format == "xlsx":
        from openpyxl import load_workbook

        def cells(data):
            return [list(row) for row in load_workbook(io.BytesIO(data)).worksheets[0].iter_rows(values_only=True)]

        assert {k: cells(v) for k, v in first.items()} == {k: cells(v) for k, v in second.items()}
    else:
        assert first == second


def test_published_only_export_leaves_out_drafts_and_rows_of_unpublished_parents(tmp_path):
    _everything()
    output = tmp_path / "out.csv"
    call_command("export_records", "documents", "--published-only", "--output", str(output), stderr=io.StringIO())
    text = output.read_text(encoding="utf-8-sig")
    assert "communique" in text
    assert "draft-doc" not in text
    assert "shin" in text
    assert "draft-person" not in text, "a public export names only published records in its link cells"
    call_command("export_records", "participations", "--published-only", "--output", str(output), stderr=io.StringIO())
    text = output.read_text(encoding="utf-8-sig")
    assert "shin" in text
    assert "draft-person" not in text
    call_command("export_records", "documents", "--output", str(output), stderr=io.StringIO())
    assert "draft-doc" in output.read_text(encoding="utf-8-sig")


def test_a_contributor_cannot_change_a_record_past_draft_by_import():
    contributor = RoleUserFactory(username="contrib", role="Contributors")
    DocumentFactory(slug="a", title="Published title", status=Status.PUBLISHED)
    DocumentFactory(slug="b", title="Draft title", status=Status.DRAFT)
    data = b"slug,title,publication_date\na,Rewritten,2020\nb,Corrected draft,2020\n"
    report = records_import(kind="documents", data=data, user=contributor)
    assert not report.ok
    assert [(p.row, p.column) for p in report.errors] == [(2, "slug")]
    assert "past draft: only an editor may change it" in report.errors[0].reason
    assert set(Document.objects.values_list("title", flat=True)) == {"Published title", "Draft title"}
    editor = RoleUserFactory(username="editor", role="Editors")
    assert records_import(kind="documents", data=data, user=editor).ok
    assert Document.objects.get(slug="a").title == "Rewritten"


def test_a_contributor_cannot_add_participants_to_a_published_meeting_by_import():
    contributor = RoleUserFactory(username="contrib", role="Contributors")
    MeetingFactory(slug="scm-56", status=Status.PUBLISHED)
    MeetingFactory(slug="draft-meeting", status=Status.DRAFT)
    PersonFactory(slug="shin-won-sik")
    data = b"meeting,person,role,side\nscm-56,shin-won-sik,Minister,KR\ndraft-meeting,shin-won-sik,Minister,KR\n"
    report = records_import(kind="participations", data=data, user=contributor, dry_run=True)
    assert [p.row for p in report.errors] == [2]
    assert "meeting this row changes is past draft" in report.errors[0].reason
    assert not records_import(kind="participations", data=data, user=contributor).ok
    assert not Participation.objects.exists()


def test_an_import_counts_as_a_save_so_a_form_opened_before_it_is_refused_as_stale(superuser):
    from archive.transitions import StaleRecord, record_submit

    records_import(kind="documents", data=b"slug,title,publication_date\na,First,2020\nb,Other,2020\n", user=superuser)
    assert dict(Document.objects.values_list("slug", "revision")) == {"a": 1, "b": 1}
    opened = Document.objects.get(slug="a")
    report = records_import(
        kind="documents", data=b"slug,title,publication_date\na,Corrected,2020\nb,Other,2020\n", user=superuser
    )
    assert (report.updated, report.unchanged) == (1, 1)
    assert dict(Document.objects.values_list("slug", "revision")) == {"a": 2, "b": 1}
    with pytest.raises(StaleRecord):
        record_submit(record=opened, user=superuser, expected_revision=opened.revision)


def test_a_record_saved_between_the_check_and_the_write_stops_the_import(superuser, monkeypatch):
    from archive.transfer import importing

    DocumentFactory(slug="a", title="First", summary="")
    validate = importing._ImportPlan.validate

    def an_editor_saves_meanwhile(plan):
        validate(plan)
        document = Document.objects.get(slug="a")
        document.summary = "An editor's summary"
        document.save()

    monkeypatch.setattr(importing._ImportPlan, "validate", an_editor_saves_meanwhile)
    history = Document.history.count()
    report = records_import(kind="documents", data=b"slug,title,publication_date\na,Rewritten,2020\n", user=superuser)
    assert not report.ok
    assert [(p.row, p.column) for p in report.errors] == [(2, "slug")]
    assert "changed by someone else after the file was checked" in report.errors[0].reason
    document = Document.objects.get(slug="a")
    assert (document.title, document.summary) == ("First", "An editor's summary")
    assert Document.history.count() == history + 1  # the editor's save only


def test_an_update_writes_only_the_columns_the_file_changes(superuser):
    document = DocumentFactory(slug="a", title="First", summary="Kept", publication_date="2020-01-01")
    # The database row changes behind the loaded instance's back in a column the file does not carry.
    Document.objects.filter(pk=document.pk).update(summary="Written elsewhere")
    report = records_import(kind="documents", data=b"slug,title,publication_date\na,Rewritten,2020\n", user=superuser)
    assert report.ok, report.errors
    document.refresh_from_db()
    assert (document.title, document.summary) == ("Rewritten", "Written elsewhere")


def test_a_publishers_file_never_moves_an_existing_record_through_the_workflow(superuser):
    DocumentFactory(slug="a", title="First", status=Status.PUBLISHED)
    DocumentFactory(slug="b", title="Second", status=Status.DRAFT)
    data = b"slug,title,publication_date,status\na,First (corrected),2020,withdrawn\nb,Second,2020,published\n"
    preview = records_import(kind="documents", data=data, user=superuser, dry_run=True)
    report = records_import(kind="documents", data=data, user=superuser)
    assert report.ok, report.errors
    assert dict(Document.objects.values_list("slug", "status")) == {"a": "published", "b": "draft"}
    assert Document.objects.get(slug="a").title == "First (corrected)"
    assert Document.objects.get(slug="a").withdrawn_at is None
    assert report.warnings == preview.warnings
    assert report.warnings == [
        "2 row(s) ask to change the status or publish time of existing documents: an import does not move "
        "records through the workflow, so they keep theirs (submit, publish, schedule or withdraw them in the admin)."
    ]
    # An empty status cell, or the status a record already has, asks for nothing.
    same = b"slug,title,publication_date,status,publish_at\na,First,2020,,\nb,Second,2020,draft,\n"
    assert records_import(kind="documents", data=same, user=superuser).warnings == []
    later = b"slug,title,publication_date,publish_at\na,First,2020,2031-01-01T00:00:00+00:00\n"
    assert records_import(kind="documents", data=later, user=superuser).warnings[0].startswith("1 row(s) ask")
    assert Document.objects.get(slug="a").publish_at is None


def test_importing_participants_counts_as_a_save_of_their_meeting(superuser):
    meeting = MeetingFactory(slug="scm-56")
    PersonFactory(slug="shin-won-sik")
    before = Meeting.objects.get(pk=meeting.pk).revision
    data = b"meeting,person,role,side\nscm-56,shin-won-sik,Minister,KR\n"
    assert records_import(kind="participations", data=data, user=superuser).ok
    assert Meeting.objects.get(pk=meeting.pk).revision == before + 1


@pytest.mark.parametrize(
    ("kind", "data", "action"),
    [
        ("themes", b"slug,name\nnuclear,Nuclear\n", "add"),
        ("documents", b"slug,title,publication_date\nexisting,Renamed,2020\n", "change"),
    ],
)
def test_a_user_without_the_kinds_permission_imports_nothing(kind, data, action):
    DocumentFactory(slug="existing", title="Existing", status=Status.DRAFT)
    reader = RoleUserFactory(username="reader", role="Contributors")
    if action == "change":
        reader.groups.clear()
        reader.user_permissions.add(*Permission.objects.filter(codename="add_document"))
    before = counts(), PolicyTheme.objects.count(), Document.objects.get().title
    report = records_import(kind=kind, data=data, user=reader)
    assert not report.ok
    assert report.errors[0].row == 0
    assert report.errors[0].reason.startswith(f"reader may not {action} ")
    assert (counts(), PolicyTheme.objects.count(), Document.objects.get().title) == before


@pytest.mark.parametrize(
    "data",
    [
        # Past the first kilobyte, where the reader looks for the zeros of UTF-16 text.
        b"slug,title,publication_date\n"
        + b"".join(b"fine-%d,A fine title,2020\n" % n for n in range(60))
        + b"bad,Bad\x00title,2020\n",
        b'[{"slug": "a", "title": "Fine", "publication_date": "2020"}, '
        b'{"slug": "bad", "title": "Bad\\u0000title", "publication_date": "2020"}]',
    ],
    ids=["csv", "json"],
)
def test_a_nul_character_is_refused_with_its_row_and_column(superuser, data):
    before = counts()
    report = records_import(kind="documents", data=data, file_name="docs", user=superuser)
    assert [(p.row, p.column) for p in report.errors] == [(62 if data.startswith(b"slug") else 2, "title")]
    assert "NUL character" in report.errors[0].reason
    assert counts() == before


def test_participants_of_a_meeting_submitted_meanwhile_are_not_written_by_a_contributor(monkeypatch):
    from archive.transfer import importing
    from archive.transitions import record_submit

    contributor = RoleUserFactory(username="contrib", role="Contributors")
    meeting = MeetingFactory(slug="scm-56", status=Status.DRAFT)
    PersonFactory(slug="shin-won-sik")
    validate = importing._ImportPlan.validate

    def submitted_meanwhile(plan):
        validate(plan)
        record_submit(record=Meeting.objects.get(pk=meeting.pk), user=contributor)

    monkeypatch.setattr(importing._ImportPlan, "validate", submitted_meanwhile)
    data = b"meeting,person,role,side\nscm-56,shin-won-sik,Minister,KR\n"
    report = records_import(kind="participations", data=data, user=contributor)
    assert [(p.row, p.column) for p in report.errors] == [(2, "meeting")]
    assert "meeting this row changes was changed by someone else" in report.errors[0].reason
    assert not Participation.objects.exists()


def test_a_meeting_submitted_while_a_contributors_file_is_read_stops_the_import(monkeypatch):
    from archive.transfer import importing
    from archive.transitions import record_submit

    contributor = RoleUserFactory(username="contrib", role="Contributors")
    meeting = MeetingFactory(slug="scm-56", status=Status.DRAFT)
    PersonFactory(slug="shin-won-sik")
    parse_rows = importing._ImportPlan._parse_rows

    def submitted_while_reading(plan, present):
        rows = parse_rows(plan, present)  # after the guard's snapshot, before the rows are planned
        record_submit(record=Meeting.objects.get(pk=meeting.pk), user=contributor)
        return rows

    monkeypatch.setattr(importing._ImportPlan, "_parse_rows", submitted_while_reading)
    data = b"meeting,person,role,side\nscm-56,shin-won-sik,Minister,KR\n"
    report = records_import(kind="participations", data=data, user=contributor)
    assert [(p.row, p.column) for p in report.errors] == [(2, "meeting")]
    assert not Participation.objects.exists()


def test_django_import_export_keeps_the_default_status_for_an_empty_cell():
    import tablib

    from archive.resources import DocumentResource

    dataset = tablib.Dataset(headers=["slug", "title", "publication_date", "status"])
    dataset.append(["a", "A title", "2020", ""])
    result = DocumentResource().import_data(dataset, raise_errors=True)
    assert not result.has_errors()
    assert Document.objects.get(slug="a").status == Status.DRAFT
