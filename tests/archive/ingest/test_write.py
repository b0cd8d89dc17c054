import re

import pytest

from archive.ingest.write import source_file_ingest
from archive.models import Document, SourceFile
from archive.workflow import Status
from meetings.models import Meeting, MeetingSeries, Participation
from people.models import Organization, Person, PersonName
from tests.factories import PersonFactory, PersonNameFactory, UserFactory

from . import samples
from .conftest import seed_bytes

pytestmark = pytest.mark.django_db


def ingest(name, data, **kwargs):
    return source_file_ingest(name=name, data=data if isinstance(data, bytes) else data.encode(), **kwargs)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (Document, SourceFile, Person, PersonName, Meeting, Participation, Organization, MeetingSeries)
    }


def test_seed_lands_as_draft_document_meeting_people_and_source_file():
    user = UserFactory(username="clerk")
    result = ingest("001.txt", seed_bytes("001"), user=user)
    assert result.status == "created"
    document = result.document
    assert document.status == Status.DRAFT
    assert document.title == "ROK-U.S. defense ministers discuss security issues at Tokyo meeting"
    assert str(document.publication) == "28 July 2024"
    assert document.source_file.read_bytes() == seed_bytes("001")
    assert document.source_file.received_by == user
    assert document.source_file.format == "news_story"
    meeting = document.meetings.get()
    assert (meeting.status, meeting.city, meeting.country, str(meeting.start)) == (
        "draft",
        "Tokyo",
        "JP",
        "28 July 2024",
    )
    roles = list(meeting.participations.values_list("person__display_name", "role", "side"))
    assert roles == [
        ("Shin Wonsik", "Minister of National Defense", "KR"),
        ("Lloyd J. Austin III", "Secretary of Defense", "US"),
    ]
    assert set(Person.objects.values_list("status", flat=True)) == {Status.DRAFT}
    assert set(document.people.values_list("display_name", flat=True)) == {"Shin Wonsik", "Lloyd J. Austin III"}


def test_provenance_holds_a_span_for_every_extracted_field():
    document = ingest("001.txt", seed_bytes("001")).document
    text = seed_bytes("001").decode()
    fields = document.provenance["fields"]
    assert text[slice(*fields["title"])] == document.title
    assert text[slice(*fields["date"])] == "July 28, 2024"
    assert text[slice(*fields["location"])] == "Tokyo"
    assert text[slice(*fields["people"][0][0])] == "Shin Wonsik"
    assert document.provenance["source_sha256"] == document.source_file.sha256


def test_new_person_records_the_variant_and_its_source():
    document = ingest("004.txt", seed_bytes("004")).document
    shin = Person.objects.get(display_name="Shin Won-sik")
    assert shin.country == "KR"
    assert set(shin.names.values_list("name", "source")) == {
        ("Shin Won-sik", document.source_file.pk),
        ("Shin Won Sik", document.source_file.pk),
    }


def test_known_person_is_linked_by_a_variant_and_the_new_variant_recorded():
    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", status=Status.PUBLISHED)
    PersonNameFactory(person=shin, name="Shin Won-sik", is_preferred=True)
    document = ingest("001.txt", seed_bytes("001")).document
    assert shin in document.people.all()
    assert shin.names.filter(name="Shin Wonsik", source=document.source_file).exists()
    shin.refresh_from_db()
    assert shin.status == Status.PUBLISHED


def test_the_same_person_in_two_files_becomes_one_person():
    ingest("001.txt", seed_bytes("001"))
    ingest("004.txt", seed_bytes("004"))
    assert Person.objects.filter(names__key="shinwonsik").distinct().count() == 1


def test_surname_only_mention_is_not_linked_and_is_kept_as_a_proposal():
    yoon = PersonFactory(display_name="Yoon Suk Yeol", slug="yoon-suk-yeol", country="KR")
    document = ingest("001.txt", seed_bytes("001")).document
    assert yoon not in document.people.all()
    proposals = document.provenance["proposals"]
    assert {p["as_written"] for p in proposals} == {"President Biden", "President Yoon"}
    assert [c["slug"] for p in proposals if p["as_written"] == "President Yoon" for c in p["candidates"]] == [
        "yoon-suk-yeol"
    ]


def test_white_paper_links_referenced_meetings_as_drafts_with_their_series():
    document = ingest("000.txt", seed_bytes("000")).document
    meetings = {(m.series.acronym if m.series else None, m.ordinal, str(m.start)) for m in document.meetings.all()}
    assert meetings == {("SCM", 52, "October 2020"), ("", None, "June 2019")}
    assert document.citation_details == "2020 Defense White Paper, p. 204"
    assert document.pages == "204"
    assert MeetingSeries.objects.get(acronym="SCM").meetings.get().status == Status.DRAFT


def test_meeting_reported_by_two_sources_is_one_meeting():
    ingest("dod_readout.txt", samples.DOD_READOUT)
    korean = samples.DOD_READOUT.replace("Readout of", "Summary of").replace("Pentagon Press Secretary", "Spokesman")
    ingest("other.txt", korean)
    assert Meeting.objects.filter(start_date="2024-10-30", ordinal__isnull=True).count() == 1


def test_same_file_twice_changes_nothing():
    ingest("001.txt", seed_bytes("001"))
    before = counts()
    result = ingest("copy-of-001.txt", seed_bytes("001"))
    assert result.status == "unchanged"
    assert result.message == "copy-of-001.txt: already ingested (same sha256); nothing changed."
    assert counts() == before


def test_reingest_of_changed_bytes_updates_an_untouched_draft():
    first = ingest("a.txt", samples.PHONE_READOUT).document
    changed = samples.PHONE_READOUT + "\nThe two leaders agreed to speak again soon.\n"
    result = ingest("a-v2.txt", changed)
    assert result.status == "updated"
    assert result.document.pk == first.pk
    assert "speak again soon" in Document.objects.get(pk=first.pk).body


def test_reingest_never_overwrites_a_document_an_editor_changed():
    document = ingest("a.txt", samples.PHONE_READOUT).document
    document.summary = "Written by an editor."
    document.save()
    before = counts()
    result = ingest("a-v2.txt", samples.PHONE_READOUT + "\nMore text.\n")
    assert result.status == "unchanged"
    assert "an editor has changed it since it was ingested" in result.message
    document.refresh_from_db()
    assert document.summary == "Written by an editor."
    assert counts() == before


def test_reingest_never_overwrites_a_document_whose_links_an_editor_changed():
    document = ingest("a.txt", samples.PHONE_READOUT).document
    person = document.people.first()
    assert person is not None
    document.people.remove(person)  # an editor unlinks a person, saving the document as the admin does
    document.save()
    result = ingest("a-v2.txt", samples.PHONE_READOUT + "\nMore text.\n")
    assert result.status == "unchanged"
    assert "an editor has changed it since it was ingested" in result.message
    assert person not in Document.objects.get(pk=document.pk).people.all()


def test_reingest_of_an_untouched_draft_replaces_its_links_with_those_of_the_new_text():
    document = ingest("a.txt", samples.PHONE_READOUT).document
    before = set(document.people.values_list("display_name", flat=True))
    extra = PersonFactory(display_name="Pat Ryder")
    document.people.add(extra)  # as an earlier version of the text would have linked him
    Document.objects.filter(pk=document.pk).update(provenance={**document.provenance})
    result = ingest("a-v2.txt", samples.PHONE_READOUT + "\nThe two leaders agreed to speak again soon.\n")
    assert result.status == "updated"
    assert set(Document.objects.get(pk=document.pk).people.values_list("display_name", flat=True)) == before
    assert Document.objects.get(pk=document.pk).provenance["revision"] == document.revision + 1


def test_reingest_never_overwrites_a_document_moved_on_from_draft():
    document = ingest("a.txt", samples.PHONE_READOUT).document
    Document.objects.filter(pk=document.pk).update(status=Status.REVIEW)
    assert ingest("a-v2.txt", samples.PHONE_READOUT + "\nMore.\n").status == "unchanged"


def test_a_failure_while_writing_leaves_the_database_and_storage_as_they_were(monkeypatch, settings):
    from archive.ingest import write

    before = counts()

    def explode(self, participants, **kwargs):
        raise write.IntegrityError("simulated failure after the document was saved")

    monkeypatch.setattr(write._Writer, "reported_meeting", explode)
    result = ingest("001.txt", seed_bytes("001"))
    assert result.status == "failed"
    assert "001.txt: the database refused the records" in result.message
    assert counts() == before
    stored = list((settings.MEDIA_ROOT / "sources").rglob("*")) if (settings.MEDIA_ROOT / "sources").exists() else []
    assert [p for p in stored if p.is_file()] == []


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty.txt: the file is empty"),
        (b"\x00\x01\x02binary\x00", "empty.txt: it is a binary file, not text"),
        (samples.NO_DATE.encode(), "empty.txt: no date found"),
    ],
)
def test_bad_input_fails_with_a_message_naming_the_file_and_writes_nothing(data, reason):
    result = source_file_ingest(name="empty.txt", data=data)
    assert result.status == "failed"
    assert result.message.startswith(reason)
    assert counts()["SourceFile"] == 0


def test_file_over_the_size_limit_fails(settings):
    settings.ARCHIVE_MAX_SOURCE_BYTES = 100
    result = ingest("big.txt", samples.DOD_READOUT)
    assert result.message.startswith("big.txt: the file is")
    assert "over the limit of 100 bytes" in result.message


def test_utf16_and_cp949_files_are_ingested():
    assert ingest("k16.txt", samples.KOREAN_RELEASE.encode("utf-16")).status == "created"
    result = ingest(
        "k949.txt", samples.KOREAN_RELEASE.replace("2024년 7월 28일\n", "2024년 7월 29일\n").encode("cp949")
    )
    assert result.status == "created"
    assert result.document.source_file.encoding in ("cp949", "euc-kr")
    assert result.document.language == "ko"


def test_ingest_writes_one_history_record_per_document_with_its_links_and_user():
    user = UserFactory(username="clerk")
    document = ingest("001.txt", seed_bytes("001"), user=user).document
    record = document.history.get()
    assert record.history_user == user
    assert set(record.people.values_list("person__display_name", flat=True)) == {"Shin Wonsik", "Lloyd J. Austin III"}


def test_participations_have_history(db):
    ingest("001.txt", seed_bytes("001"))
    assert Participation.history.count() == 2


def test_an_unexpected_error_in_one_file_fails_that_file_only(monkeypatch):
    from archive.ingest import pipeline
    from archive.ingest.write import source_files_ingest

    real_extract = pipeline.extract

    def fragile(text, layout, reference, *, name, **options):
        if name == "bad.txt":
            raise KeyError("surprise")
        return real_extract(text, layout, reference, name=name, **options)

    monkeypatch.setattr(pipeline, "extract", fragile)
    results = source_files_ingest(
        files=[("bad.txt", samples.DOD_READOUT.encode()), ("good.txt", samples.PHONE_READOUT.encode())]
    )
    assert [r.status for r in results] == ["failed", "created"]
    assert results[0].message == "bad.txt: could not be ingested (KeyError: 'surprise')."


def test_communique_creates_the_numbered_meeting_it_reports_and_a_later_source_links_to_it():
    communique = ingest("communique.txt", samples.JOINT_COMMUNIQUE).document
    meeting = communique.meetings.get(ordinal=56)
    assert (meeting.series.acronym, meeting.title, str(meeting.start)) == (
        "SCM",
        "56th Security Consultative Meeting",
        "30 October 2024",
    )
    assert (meeting.city, meeting.country) == ("Washington, D.C.", "US")
    assert meeting.participations.count() == 2
    release = ingest("mnd.txt", samples.MND_SCM).document
    assert meeting in release.meetings.all()
    assert Meeting.objects.filter(ordinal=56).count() == 1


def test_a_communique_reports_its_numbered_meeting_even_after_a_readout_of_the_same_day():
    readout = ingest("readout.txt", samples.DOD_READOUT).document
    communique = ingest("communique.txt", samples.JOINT_COMMUNIQUE).document
    numbered = Meeting.objects.get(series__acronym="SCM", ordinal=56)
    assert str(numbered.start) == "30 October 2024"
    assert numbered in communique.meetings.all()
    assert numbered.participations.count() == 2
    assert not communique.meetings.filter(series__isnull=True).exists()  # not the readout's own meeting
    assert readout.meetings.filter(series__isnull=True).exists()


def test_meeting_of_a_series_without_ordinal_keeps_its_series():
    document = ingest("statement.txt", samples.JOINT_STATEMENT).document
    meeting = document.meetings.get(series__acronym="TMM")
    assert (meeting.series.acronym, meeting.ordinal) == ("TMM", None)
    assert meeting.title == "Trilateral Ministerial Meeting, 28 July 2024"


def test_one_person_named_twice_in_the_meeting_sentence_takes_part_once():
    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", hangul_name="신원식")
    text = (
        "Ministers meet\n\nJuly 28, 2024\n\nMinister of National Defense Shin Won-sik (신원식 국방부 장관) met "
        "Secretary of Defense Lloyd J. Austin III in Tokyo."
    )
    document = ingest("twice.txt", text).document
    meeting = document.meetings.get()
    assert list(meeting.participations.filter(person=shin).values_list("person", flat=True)) == [shin.pk]


def test_two_korean_releases_of_the_same_day_are_two_documents():
    first = ingest("a.txt", samples.KOREAN_RELEASE).document
    other = samples.KOREAN_RELEASE.replace("오스틴 미국 국방장관과 회담", "합참의장과 면담")
    second = ingest("b.txt", other).document
    assert first.pk != second.pk
    assert Document.objects.count() == 2
    assert first.slug.startswith("2024-07-28-") and first.slug != second.slug


def test_korean_only_name_gets_a_usable_slug():
    ingest("a.txt", samples.KOREAN_RELEASE)
    shin = Person.objects.get(display_name="신원식")
    assert shin.hangul_name == "신원식"
    assert re.fullmatch(r"[0-9a-f]{8}", shin.slug)
    assert shin.get_absolute_url().endswith(f"/{shin.slug}/")


def test_a_reingest_never_adds_back_a_participant_an_editor_removed_from_the_meeting():
    document = ingest("readout.txt", samples.DOD_READOUT).document
    meeting = document.meetings.filter(participations__isnull=False).distinct().get()
    removed = meeting.participations.order_by("order").last()
    removed.delete()
    meeting.save()  # as the meeting's admin page does when an inline row is deleted
    result = ingest("readout-v2.txt", samples.DOD_READOUT + "\nA further paragraph.\n")
    assert result.status == "updated"
    assert not meeting.participations.filter(person_id=removed.person_id).exists()


def test_a_news_outlet_the_tables_lack_becomes_the_publisher():
    story = (
        "Ministers discuss deterrence in Seoul\n\nJuly 28, 2024\n\nBy Kim Da-eun\n\n"
        "Minister of National Defense Shin Won-sik met Secretary of Defense Lloyd J. Austin III in Seoul on "
        "July 28, 2024, The Korea Herald reported.\n"
    )
    first = ingest("herald.txt", story).document
    assert (first.publisher.name, first.publisher.kind) == ("Korea Herald", Organization.Kind.MEDIA)
    second = ingest("herald-2.txt", story.replace("Ministers discuss", "Defense chiefs discuss")).document
    assert second.publisher == first.publisher
    assert Organization.objects.filter(name="Korea Herald").count() == 1


def test_a_new_spelling_is_added_to_a_published_person_only_by_a_user_who_may_edit_them():
    from tests.factories import RoleUserFactory

    shin = PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik", country="KR")  # published
    PersonNameFactory(person=shin, name="Shin Won-sik", is_preferred=True)
    text = samples.JOINT_STATEMENT.replace("Shin Won-sik", "Shin Wonsik")
    assert "Shin Wonsik" in text
    contributor = RoleUserFactory(username="contributor", role="Contributors")
    document = ingest("a.txt", text, user=contributor).document
    assert shin in document.people.all()  # linked all the same
    assert not shin.names.filter(name="Shin Wonsik").exists()
    revision = Person.objects.get(pk=shin.pk).revision
    editor = RoleUserFactory(username="editor", role="Editors")
    ingest("b.txt", text + "\nMore.\n", user=editor)
    assert shin.names.filter(name="Shin Wonsik").exists()
    assert Person.objects.get(pk=shin.pk).revision == revision + 1


def test_a_meeting_title_names_a_participant_who_is_only_proposed():
    austin = PersonFactory(display_name="Lloyd J. Austin III", slug="lloyd-j-austin-iii", country="US")
    text = samples.DOD_READOUT.replace("Lloyd J. Austin III", "Lloyd Austin")
    document = ingest("readout.txt", text).document
    meeting = document.meetings.get(series__isnull=True)
    assert meeting.title == "Lloyd Austin and Kim Yong-hyun meeting in Washington, D.C."
    assert not meeting.participations.filter(person=austin).exists()  # proposed, not linked


def test_a_document_ingested_before_revisions_were_kept_is_not_updated_once_an_editor_changed_its_links():
    document = ingest("a.txt", samples.PHONE_READOUT).document
    provenance = {key: value for key, value in document.provenance.items() if key != "revision"}
    Document.objects.filter(pk=document.pk).update(provenance=provenance)
    document.refresh_from_db()
    extra = PersonFactory(display_name="Pat Ryder")
    document.people.add(extra)
    document._change_reason = "Linked Pat Ryder"
    document.save()
    result = ingest("a-v2.txt", samples.PHONE_READOUT + "\nMore text.\n")
    assert result.status == "unchanged"
    assert extra in Document.objects.get(pk=document.pk).people.all()


def test_the_slug_follows_the_title_and_date_an_editor_corrected():
    result = ingest(
        "readout.txt", samples.DOD_READOUT, decisions={"title": "A corrected headline", "date": "2024-07-29"}
    )
    assert result.status == "created"
    document = Document.objects.get()
    assert (document.title, document.slug) == ("A corrected headline", "a-corrected-headline-2024-07-29")


def test_a_foreign_surname_in_hangul_is_not_made_a_person_of_its_own():
    result = ingest("korean.txt", samples.KOREAN_RELEASE)
    assert result.status == "created"
    assert list(Person.objects.values_list("display_name", flat=True)) == ["신원식"]
    assert any(
        "오스틴" in warning and "surname only" in warning
        for warning in result.document.source_file.warnings + result.analysis.warnings
    )


def test_a_publisher_the_editor_names_must_be_known_or_the_one_found():
    result = ingest("readout.txt", samples.DOD_READOUT, decisions={"publisher": "Made Up Org"})
    assert (result.status, result.message) == (
        "failed",
        "readout.txt: publisher: 'Made Up Org' is not a known organization",
    )
    assert not Document.objects.exists()
