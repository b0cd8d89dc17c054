"""The reference data and the curated sample collection, loaded by `load_sample`."""

import datetime as dt
import io
import json
import re
import shutil

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from modelsearch.models import IndexEntry

from archive.models import Document, PolicyTheme, SourceFile
from archive.sample import SampleDataError, reference_load, sample_load
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Organization, Person, PersonName

pytestmark = pytest.mark.django_db

FIXTURES = settings.BASE_DIR / "fixtures"


def fixture(path):
    return json.loads((FIXTURES / path).read_text(encoding="utf-8"))


def row_counts():
    """Rows of every model of the three apps (history tables included) and search entries."""
    counts = {
        model._meta.label: model.objects.count()
        for app in ("archive", "people", "meetings")
        for model in apps.get_app_config(app).get_models()
    }
    counts["modelsearch.IndexEntry"] = IndexEntry.objects.count()
    return counts


@pytest.fixture
def sample():
    return sample_load()


@pytest.fixture
def fixtures_copy(tmp_path):
    target = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, target)
    return target


def edit_fixture(root, path, change):
    data = json.loads((root / path).read_text(encoding="utf-8"))
    change(data)
    (root / path).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")


def test_first_load_creates_one_record_per_fixture_entry(sample):
    counts = sample.as_dict()
    assert counts["theme"]["created"] == len(fixture("reference/themes.json")) == PolicyTheme.objects.count()
    assert counts["series"]["created"] == len(fixture("reference/series.json")) == MeetingSeries.objects.count()
    assert counts["organization"]["created"] == len(fixture("reference/organizations.json"))
    assert counts["person"]["created"] == len(fixture("sample/people.json")) == Person.objects.count()
    assert counts["meeting"]["created"] == len(fixture("sample/meetings.json")) == Meeting.objects.count()
    assert counts["document"]["created"] == len(fixture("sample/documents.json")) == Document.objects.count()
    variants = sum(len(person["names"]) for person in fixture("sample/people.json").values())
    assert counts["name variant"]["created"] == variants == PersonName.objects.count()


def test_second_load_creates_and_updates_nothing(sample):
    before = row_counts()
    second = sample_load()
    assert second.total("created") == 0
    assert second.total("updated") == 0
    assert second.total("unchanged") > 0
    assert row_counts() == before


def test_load_sample_command_reports_counts_and_is_idempotent():
    first, second = io.StringIO(), io.StringIO()
    call_command("load_sample", stdout=first)
    history = Document.history.count() + Person.history.count() + Meeting.history.count()
    call_command("load_sample", stdout=second)
    documents = len(fixture("sample/documents.json"))
    assert re.search(rf"^document +{documents} created +0 updated +0 unchanged$", first.getvalue(), re.MULTILINE)
    assert "Sample loaded: 0 created, 0 updated" in second.getvalue()
    assert Document.history.count() + Person.history.count() + Meeting.history.count() == history


def test_reload_never_undoes_an_editors_changes(sample, fixtures_copy):
    slug = "defense-white-paper-2020-p204"
    document = Document.objects.get(slug=slug)
    document.title = "Corrected by an editor"
    document.status = Status.WITHDRAWN
    document.save()
    document.themes.clear()
    theme = PolicyTheme.objects.get(slug="space-and-cyber")
    theme.description = "Edited by an editor."
    theme.save()
    shin = Person.objects.get(slug="shin-won-sik")
    shin.names.filter(name="Shin Won Sik").delete()
    edit_fixture(fixtures_copy, "reference/themes.json", lambda d: d["space-and-cyber"].update(description="New."))
    report = sample_load(fixtures_dir=fixtures_copy)
    assert report.total("created") == 0
    assert report.total("updated") == 0
    document.refresh_from_db()
    assert (document.title, document.status, document.themes.count()) == ("Corrected by an editor", Status.WITHDRAWN, 0)
    assert PolicyTheme.objects.get(slug="space-and-cyber").description == "Edited by an editor."
    assert not shin.names.filter(name="Shin Won Sik").exists()


def test_a_record_missing_from_the_database_is_created_again(sample):
    Document.objects.filter(slug="defense-white-paper-2020-p204").delete()
    report = sample_load().as_dict()
    assert report["document"]["created"] == 1
    assert Document.objects.get(slug="defense-white-paper-2020-p204").themes.exists()


def test_unknown_slug_is_reported_with_file_record_and_field_and_nothing_is_written(fixtures_copy):
    meeting = "rok-us-defense-ministers-meeting-tokyo-2024"
    edit_fixture(fixtures_copy, "sample/meetings.json", lambda d: d[meeting]["participants"][1].update(person="nobody"))
    with pytest.raises(SampleDataError) as error:
        sample_load(fixtures_dir=fixtures_copy)
    assert str(error.value) == (
        f"sample/meetings.json, record '{meeting}', field 'participants[1].person': no person with the slug 'nobody'."
    )
    assert PolicyTheme.objects.count() == 0
    assert Person.objects.count() == 0


def test_unknown_field_is_refused(fixtures_copy):
    edit_fixture(fixtures_copy, "reference/series.json", lambda d: d["scm"].update(founded=1968))
    with pytest.raises(SampleDataError, match=r"reference/series.json, record 'scm', field 'founded': unknown field"):
        sample_load(fixtures_dir=fixtures_copy)


def test_bad_partial_date_is_refused(fixtures_copy):
    edit_fixture(fixtures_copy, "sample/meetings.json", lambda d: d["scm-52"].update(start="October 2020"))
    with pytest.raises(SampleDataError, match=r"record 'scm-52', field 'start': 'October 2020' is not a date"):
        sample_load(fixtures_dir=fixtures_copy)


def test_invalid_choice_is_refused_by_model_validation(fixtures_copy):
    edit_fixture(fixtures_copy, "reference/organizations.json", lambda d: d["usfk"].update(country="USA"))
    with pytest.raises(SampleDataError, match=r"record 'usfk', field 'country': .*not a valid choice"):
        sample_load(fixtures_dir=fixtures_copy)


@pytest.mark.parametrize("variant", ["Shin Won-sik", "Shin Wonsik", "Shin Won Sik", "신원식", "SHIN WON-SIK"])
def test_shin_won_sik_is_found_by_every_variant(sample, variant):
    assert list(Person.objects.matching_name(variant).values_list("slug", flat=True)) == ["shin-won-sik"]


def test_title_forms_are_not_recorded_as_name_variants(sample):
    assert not PersonName.objects.filter(name__in=["Secretary Austin", "Minister Shin", "President Yoon"]).exists()
    assert not Person.objects.matching_name("Secretary Austin").exists()
    assert list(Person.objects.matching_name("Lloyd Austin")) == [Person.objects.get(slug="lloyd-j-austin-iii")]


def test_name_variants_record_the_source_they_were_seen_in(sample):
    variant = PersonName.objects.get(name="Shin Won Sik")
    assert variant.source.name == "004_b6a27af44eb18c3c.txt"
    assert variant.script == PersonName.Script.LATIN
    assert PersonName.objects.get(name="신원식").script == PersonName.Script.HANGUL
    assert PersonName.objects.get(person__slug="shin-won-sik", is_preferred=True).name == "Shin Won-sik"


def test_search_finds_people_by_any_variant_and_documents_by_text(sample):
    assert list(Person.objects.published().search("Wonsik")) == [Person.objects.get(slug="shin-won-sik")]
    found = Document.objects.published().search("trash balloons")
    assert [doc.slug for doc in found] == ["rok-us-defense-ministers-discuss-security-issues-at-tokyo-meeting"]


def test_tokyo_meeting_has_its_two_participants_with_roles(sample):
    meeting = Meeting.objects.get(slug="rok-us-defense-ministers-meeting-tokyo-2024")
    assert str(meeting.start) == "28 July 2024"
    assert (meeting.city, meeting.country) == ("Tokyo", "JP")
    rows = [
        (p.person.display_name, p.role, p.side, p.organization.acronym)
        for p in meeting.participations.select_related("person", "organization").order_by("order")
    ]
    assert rows == [
        ("Shin Won-sik", "Minister of National Defense", "KR", "MND"),
        ("Lloyd J. Austin III", "Secretary of Defense", "US", "DoD"),
    ]


def test_singapore_meeting_lists_the_senators_in_source_order(sample):
    meeting = Meeting.objects.get(slug="shin-won-sik-meets-us-senators-singapore-2024")
    names = list(meeting.participations.order_by("order").values_list("person__display_name", flat=True))
    assert names == ["Shin Won-sik", "Dan Sullivan", "Tammy Duckworth", "Laphonza Butler"]
    assert set(meeting.participations.filter(side="US").values_list("role", flat=True)) == {"U.S. Senator"}
    assert str(meeting.start) == "31 May 2024"


def test_referred_meetings_have_series_and_ordinal(sample):
    scm = Meeting.objects.get(slug="scm-52")
    assert scm.ordinal_label == "52nd SCM"
    assert str(scm.start) == "14 October 2020"
    ncg = Meeting.objects.get(slug="ncg-1")
    assert (ncg.series.acronym, ncg.ordinal, str(ncg.start), ncg.city) == ("NCG", 1, "18 July 2023", "Seoul")
    summit = Meeting.objects.get(slug="rok-us-summit-seoul-2019")
    assert set(summit.people.values_list("slug", flat=True)) == {"moon-jae-in", "donald-trump"}


def test_document_dates_print_at_their_precision(sample):
    white_paper = Document.objects.get(slug="defense-white-paper-2020-p204")
    assert str(white_paper.publication) == "2020"
    assert white_paper.publication_date == dt.date(2020, 1, 1)
    assert (white_paper.pages, white_paper.publisher.acronym) == ("204", "MND")


def test_appointments_give_the_role_on_a_meeting_date(sample):
    shin = Person.objects.get(slug="shin-won-sik")
    assert shin.appointment_on(dt.date(2024, 7, 28)).title == "Minister of National Defense"
    assert shin.appointment_on(dt.date(2023, 1, 1)) is None
    appointment = shin.appointments.get()
    assert (str(appointment.start), str(appointment.end)) == ("7 October 2023", "September 2024")
    trump = Person.objects.get(slug="donald-trump")
    assert trump.appointments.count() == 2
    assert trump.appointment_on(dt.date(2019, 6, 30)).organization.slug == "white-house"


def test_everything_in_the_sample_is_published(sample):
    for model in (Document, Meeting, Person):
        assert model.objects.count() > 0
        assert model.objects.published().count() == model.objects.count()


def test_source_files_hold_the_seed_bytes(sample):
    seeds = sorted((FIXTURES / "sources").iterdir())
    assert len(seeds) == SourceFile.objects.count() == 3
    for seed in seeds:
        data = seed.read_bytes()
        source = SourceFile.objects.get(sha256=SourceFile.fingerprint(data))
        assert source.read_bytes() == data
        assert (source.name, source.size) == (seed.name, len(data))
        assert source.documents.count() == 1


def test_missing_stored_bytes_are_stored_again(sample):
    source = SourceFile.objects.get(name="000_89533e95a0b18be2.txt")
    source.file.storage.delete(source.file.name)
    report = sample_load().as_dict()
    assert report["source file"]["updated"] == 1
    source.refresh_from_db()
    assert source.read_bytes() == (FIXTURES / "sources" / source.name).read_bytes()


def test_white_paper_body_is_clean_of_sidebar_and_hyphenation(sample):
    body = Document.objects.get(slug="defense-white-paper-2020-p204").body
    assert "achieve" in body and "achi-eve" not in body
    for sidebar in ("The highest level of the", "First held in 2012", "officials. alliance", "SCM , the MCM"):
        assert sidebar not in body
    assert "through various high-level security consultative meetings including the SCM, the MCM, and the KIDD." in body


def test_titles_are_clean(sample):
    titles = list(Document.objects.values_list("title", flat=True))
    assert all("..." not in title and "News Zone" not in title for title in titles)
    release = Document.objects.get(doc_type=Document.Type.PRESS_RELEASE)
    assert release.title.startswith("Minister of National Defense Meets with U.S. Senators, Shares Understanding")
    assert release.title.endswith("for Regional Peace and Stability")
    assert "\xa0" not in release.body and "Presentation and Follow-on discussion" not in release.body
    assert len(release.paragraphs) == 13


def test_both_joint_chiefs_have_distinct_slugs(sample):
    rows = set(Organization.objects.filter(acronym="JCS").values_list("slug", "country", "parent__slug"))
    assert rows == {("rok-jcs", "KR", "rok-mnd"), ("us-jcs", "US", "us-dod")}


def test_reference_data_is_complete_enough_to_start_an_archive(sample):
    assert PolicyTheme.objects.count() >= 12
    assert all(theme.keyword_list and theme.description for theme in PolicyTheme.objects.all())
    assert PolicyTheme.objects.filter(parent__isnull=False).exists()
    acronyms = set(MeetingSeries.objects.values_list("acronym", flat=True))
    assert {"SCM", "MCM", "KIDD", "NCG", "2+2", "EDSCG"} <= acronyms
    assert MeetingSeries.objects.get(acronym="NCG").established == 2023
    assert all(series.definition for series in MeetingSeries.objects.all())


def test_participations_are_unique_per_meeting_and_person(sample):
    assert Participation.objects.count() == sum(
        len(meeting["participants"]) for meeting in fixture("sample/meetings.json").values()
    )


def test_history_tables_are_among_the_counted_rows():
    assert {"archive.HistoricalDocument", "people.HistoricalPersonName"} <= set(row_counts())


def test_dry_run_reports_the_counts_and_keeps_nothing(settings):
    report = sample_load(dry_run=True)
    assert report.total("created") > 0
    assert set(row_counts().values()) == {0}
    assert not any((settings.MEDIA_ROOT / "sources").rglob("*.txt"))


def test_failed_load_removes_the_source_files_it_stored(settings, fixtures_copy):
    edit_fixture(fixtures_copy, "sample/documents.json", lambda d: d["defense-white-paper-2020-p204"].update(type="x"))
    with pytest.raises(SampleDataError, match="field 'doc_type': Value 'x' is not a valid choice"):
        sample_load(fixtures_dir=fixtures_copy)
    assert SourceFile.objects.count() == 0
    assert not any((settings.MEDIA_ROOT / "sources").rglob("*.txt"))


def test_dry_run_command_says_nothing_was_kept():
    out = io.StringIO()
    call_command("load_sample", "--dry-run", stdout=out)
    assert "Dry run, nothing kept: " in out.getvalue()
    assert Document.objects.count() == 0


def test_reference_load_loads_only_the_reference_data():
    report = reference_load()
    assert set(report.as_dict()) == {"theme", "series", "organization"}
    assert PolicyTheme.objects.exists() and Organization.objects.exists()
    assert not Person.objects.exists() and not SourceFile.objects.exists()


def test_a_second_preferred_variant_is_refused(fixtures_copy):
    edit_fixture(fixtures_copy, "sample/people.json", lambda d: d["shin-won-sik"]["names"][1].update(preferred=True))
    with pytest.raises(SampleDataError, match="record 'shin-won-sik', field 'names': only one name variant"):
        sample_load(fixtures_dir=fixtures_copy)
