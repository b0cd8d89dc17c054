import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Document, SourceFile
from people.models import Person
from tests.factories import UserFactory

from . import samples
from .conftest import SEEDS

pytestmark = pytest.mark.django_db

JSON_KEYS = {
    "file",
    "sha256",
    "format",
    "title",
    "doc_type",
    "publisher",
    "date",
    "date_precision",
    "event_date",
    "event_date_precision",
    "location",
    "people",
    "organizations",
    "meetings",
    "themes",
    "warnings",
    "spans",
}


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("ingest", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def folder(tmp_path):
    tmp_path = tmp_path / "sources"
    (tmp_path / "nested").mkdir(parents=True)
    for name, text in samples.ALL.items():
        (tmp_path / "nested" / name).write_text(text, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.bin").write_bytes(b"\x89PNG\x00\x00\x00binary")
    (tmp_path / "nodate.txt").write_text(samples.NO_DATE)
    return tmp_path


def test_dry_run_json_prints_one_object_per_file_with_exactly_the_documented_keys():
    out, err = run(str(SEEDS), "--dry-run", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    assert all(set(record) == JSON_KEYS for record in records)
    news = next(r for r in records if r["format"] == "news_story")
    assert news["date"] == "2024-07-28" and news["date_precision"] == "day"
    assert news["location"] == {"city": "Tokyo", "country": "JP"}
    assert news["people"][0] == {
        "name": "Shin Wonsik",
        "as_written": "Minister of National Defense Shin Wonsik",
        "title": "Minister of National Defense",
        "organization": "Ministry of National Defense",
        "country": "KR",
        "participant": True,
        "matched": None,
    }
    assert set(news["people"][1]) == set(news["people"][0])
    white = next(r for r in records if r["format"] == "white_paper")
    assert {
        "series": "Security Consultative Meeting",
        "ordinal": 52,
        "date": "2020-10",
        "date_precision": "month",
        "as_written": "52nd SCM held in October 2020",
    } in white["meetings"]
    assert "3 files: dry run, nothing written; 0 failed." in err


def test_dry_run_writes_nothing():
    run(str(SEEDS), "--dry-run", "--json")
    assert (Document.objects.count(), SourceFile.objects.count(), Person.objects.count()) == (0, 0, 0)


def test_dry_run_reports_a_known_person_as_matched_by_slug():
    from tests.factories import PersonFactory

    PersonFactory(display_name="Shin Won-sik", slug="shin-won-sik")
    out, _err = run(str(next(SEEDS.glob("001_*"))), "--dry-run", "--json")
    assert json.loads(out)["people"][0]["matched"] == "shin-won-sik"
    assert json.loads(out)["people"][0]["name"] == "Shin Won-sik"


def test_folder_is_read_recursively_and_bad_files_do_not_stop_the_others(folder):
    out, err = run(str(folder))
    assert "15 files: 12 created, 0 updated, 0 unchanged, 3 failed." in out
    assert f"{folder / 'empty.txt'}: the file is empty" in err
    assert f"{folder / 'image.bin'}: it is a binary file, not text" in err
    assert f"{folder / 'nodate.txt'}: no date found" in err
    assert Document.objects.count() == 12


def test_second_run_reports_every_file_unchanged(folder):
    run(str(folder))
    out, _err = run(str(folder))
    assert "15 files: 0 created, 0 updated, 12 unchanged, 3 failed." in out


def test_dry_run_json_reports_bad_files_with_their_reason(folder):
    out, _err = run(str(folder / "empty.txt"), str(folder / "nodate.txt"), "--dry-run", "--json")
    records = [json.loads(line) for line in out.splitlines()]
    assert records[0] == {"file": str(folder / "empty.txt"), "error": "the file is empty"}
    assert records[1]["error"].startswith("no date found")


def test_user_option_records_who_received_the_files():
    user = UserFactory(username="clerk")
    run(str(SEEDS), "--user", "clerk")
    assert set(SourceFile.objects.values_list("received_by", flat=True)) == {user.pk}


def test_unknown_user_is_refused():
    with pytest.raises(CommandError, match="--user ghost: no such user."):
        run(str(SEEDS), "--user", "ghost")


def test_missing_path_is_refused():
    with pytest.raises(CommandError, match="nowhere.txt: no such file or folder."):
        run("nowhere.txt")


def test_no_progress_bar_when_not_on_a_terminal():
    _out, err = run(str(SEEDS))
    assert "[" not in err


class Terminal(StringIO):
    def isatty(self):
        return True


def test_progress_bar_is_drawn_on_a_terminal():
    from archive.management.commands.ingest import Progress

    stream = Terminal()
    progress = Progress(2, stream)
    progress()
    progress()
    assert stream.getvalue() == "\r[###############...............] 1/2\r[##############################] 2/2\n"


def test_json_spans_point_at_the_values_in_the_read_text():
    from archive.ingest.read import read_source

    path = next(SEEDS.glob("004_*"))
    out, _err = run(str(path), "--dry-run", "--json")
    record = json.loads(out)
    text = read_source("x", path.read_bytes(), max_bytes=10**7).text
    assert text[slice(*record["spans"]["date"])] == "May 31, 2024"
    assert text[slice(*record["spans"]["location"])] == "Singapore"
    names = [text[slice(*spans[0])] for spans in record["spans"]["people"]]
    assert names == ["Shin Won Sik", "Dan Sullivan", "Tammy Duckworth", "Laphonza Butler"]


def test_file_over_the_limit_is_refused_without_reading_it(tmp_path, settings):
    settings.ARCHIVE_MAX_SOURCE_BYTES = 1000
    big = tmp_path / "big.txt"
    big.write_bytes(samples.DOD_READOUT.encode() * 3)
    err = StringIO()
    with pytest.raises(CommandError, match="no file could be ingested."):
        call_command("ingest", str(big), stdout=StringIO(), stderr=err)
    assert f"{big}: the file is {big.stat().st_size:,} bytes, over the limit of 1,000 bytes" in err.getvalue()


def test_paths_with_parent_folders_and_deep_folders_are_stored_under_the_files_own_name(folder, monkeypatch):
    monkeypatch.chdir(folder / "nested")
    deep = folder.joinpath(*(["d" * 60] * 4))
    deep.mkdir(parents=True)
    (deep / "deep.txt").write_text(samples.MND_SCM, encoding="utf-8")
    names = sorted(samples.ALL)[:2]
    out, err = run(f"../nested/{names[0]}", str(folder / "nested" / ".." / "nested" / names[1]), str(deep))
    assert "3 files: 3 created, 0 updated, 0 unchanged, 0 failed." in out, err
    stored = {source.file.name.rsplit("/", 1)[1]: source for source in SourceFile.objects.all()}
    assert set(stored) == {names[0], names[1], "deep.txt"}
    for source in stored.values():
        assert source.file.name.startswith(f"sources/{source.sha256[:2]}/{source.sha256}/")
        assert source.file.storage.exists(source.file.name)
    assert stored[names[0]].name == f"../nested/{names[0]}"  # the name as received
    assert len(stored["deep.txt"].name) <= 255 and stored["deep.txt"].name.endswith("/deep.txt")


def test_a_file_name_in_cp949_is_stored_under_its_korean_name(tmp_path):
    import os

    path = os.fsdecode(bytes(tmp_path) + b"/\xb1\xb9\xb9\xe6.txt")  # "국방" in CP949
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(samples.MND_SCM)
    out, err = run(str(tmp_path))
    assert "1 files: 1 created, 0 updated, 0 unchanged, 0 failed." in out, err
    source = SourceFile.objects.get()
    assert source.name.endswith("/국방.txt") and source.file.name.endswith("/국방.txt")  # read as CP949
    assert source.file.storage.exists(source.file.name)
