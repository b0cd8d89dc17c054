"""Benchmark of bulk import and export (issue 5).

    .venv/bin/python bench/import_export.py [--rows 100000] [--database-url URL]

Builds its own corpus: reference records (themes, organizations, people,
meetings) and a CSV of ``--rows`` new documents with long titles, summaries
and bodies and ``|``-separated theme, people, organization and meeting
columns. On one scratch database (a temporary SQLite file by default, or the
PostgreSQL database named by --database-url, which is emptied) it reports:

- preview: a dry run of the first 10,000 rows with the per-row preview;
- ours: ``records_import`` of the whole file (validated, links, history rows,
  search index);
- peer: django-import-export's tuned configuration on the same file
  (use_bulk, skip_diff, force_init_instance, cached foreign-key widgets);
  in bulk mode it writes no many-to-many links, no history and no index;
- ceiling: the same rows parsed with the csv module and written in one
  transaction by sqlite3 ``executemany`` into a table of the same columns
  with an FTS5 index (PostgreSQL: ``COPY`` into such a table with a GIN
  full-text index);
- floor (SQLite): the rows ours wrote (documents, history, links, link
  history, audit events, search entries), read back and written again by
  plain sqlite3 ``executemany`` in one transaction into a copy of the
  database as it was before ours, with the connection settings of ours (WAL,
  synchronous, foreign keys, the import's page cache; the
  check constraints call Django's SQL functions, as they do for ours): what
  this database costs with no Python of ours, the best any import into it
  could do;
- export: ``records_export`` of every document as CSV against its ceiling, a
  plain SELECT of the same rows written with the csv module; run in a child
  process that reports its peak memory.
"""

import argparse
import csv
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# This file's name would shadow the django-import-export package: put the project first instead.
sys.path[0] = str(ROOT)

WORDS = [
    "alliance",
    "deterrence",
    "extended",
    "nuclear",
    "consultative",
    "group",
    "ministers",
    "defense",
    "security",
    "peninsula",
    "readiness",
    "combined",
    "exercise",
    "forces",
    "command",
    "transition",
    "wartime",
    "operational",
    "control",
    "missile",
    "provocation",
    "north",
    "korea",
    "republic",
    "united",
    "states",
    "joint",
    "communique",
    "statement",
    "reaffirmed",
    "commitment",
    "capabilities",
    "strategic",
    "assets",
    "deployment",
    "trilateral",
    "cooperation",
    "japan",
    "information",
    "sharing",
    "cyber",
    "space",
    "industrial",
    "supply",
    "chain",
    "interoperability",
    "posture",
    "rotation",
    "troops",
    "garrison",
    "humphreys",
    "camp",
    "pyeongtaek",
    "seoul",
    "washington",
    "talks",
    "secretary",
    "minister",
    "chairman",
    "chiefs",
    "staff",
    "dialogue",
    "integrated",
    "deterrence",
    "tabletop",
    "planning",
    "crisis",
    "regional",
    "stability",
    "indo-pacific",
    "maritime",
    "freedom",
    "navigation",
    "sanctions",
    "resolution",
    "council",
    "denuclearization",
]  # noqa: SIM905 - a readable word list


def sentence(rng, low=8, high=22):
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


# The columns of the document file, and of the ceiling's table.
COLUMNS = [
    "slug",
    "title",
    "type",
    "publisher",
    "publication_date",
    "language",
    "summary",
    "body",
    "themes",
    "people",
    "organizations",
    "meetings",
    "status",
]


def build_corpus(rows, directory, seed=5):
    """Reference CSVs and the documents CSV; returns their paths."""
    rng = random.Random(seed)
    sentences = [sentence(rng) for _ in range(5000)]
    paths = {}

    def write(kind, header, records):
        path = directory / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(records)
        paths[kind] = path

    themes = [f"theme-{n}" for n in range(40)]
    orgs = [f"organization-{n}" for n in range(60)]
    people = [f"person-{n}" for n in range(2000)]
    meetings = [f"meeting-{n}" for n in range(400)]
    write(
        "themes",
        ["slug", "name", "description"],
        [[s, s.replace("-", " ").title(), sentences[i]] for i, s in enumerate(themes)],
    )
    write("organizations", ["slug", "name", "country"], [[s, s.replace("-", " ").title(), "KR"] for s in orgs])
    write(
        "people",
        ["slug", "display_name", "country", "biography", "status"],
        [[s, f"Kim Min-jun {n}", "KR", sentences[n], "published"] for n, s in enumerate(people)],
    )
    write(
        "meetings",
        ["slug", "title", "start", "country", "summary", "status"],
        [
            [s, f"Defense meeting {n}", f"{1990 + n % 35}-{1 + n % 12:02d}", "KR", sentences[n], "published"]
            for n, s in enumerate(meetings)
        ],
    )
    types = ["press_release", "readout", "joint_statement", "communique", "news_story", "white_paper"]
    header = COLUMNS
    documents = []
    for n in range(rows):
        title = " ".join(rng.choice(sentences).split()[: rng.randint(8, 20)]).rstrip(".")
        precision = n % 10
        year = 1990 + n % 35
        date = (
            f"{year}"
            if precision == 0
            else f"{year}-{1 + n % 12:02d}"
            if precision == 1
            else f"{year}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        )
        body = "\n\n".join(" ".join(rng.choices(sentences, k=3)) for _ in range(rng.randint(2, 4)))
        documents.append(
            [
                f"document-{n}",
                title,
                types[n % len(types)],
                rng.choice(orgs),
                date,
                "en",
                " ".join(rng.choices(sentences, k=2)),
                body,
                "|".join(sorted(set(rng.sample(themes, rng.randint(1, 3))))),
                "|".join(sorted(set(rng.sample(people, rng.randint(0, 3))))),
                "|".join(sorted(set(rng.sample(orgs, rng.randint(0, 2))))),
                "|".join(rng.sample(meetings, rng.randint(0, 1))),
                "published" if n % 3 else "draft",
            ]
        )
    write("documents", header, documents)
    write("preview", header, documents[:10_000])
    write("sample", header, documents[:PEER_DEFAULT_ROWS])
    return paths


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def document_tables():
    """The tables an import of documents writes, besides audit events and search entries: the
    documents, their history, their link tables and the links' history."""
    from archive.models import Document

    tables = [Document._meta.db_table, Document.history.model._meta.db_table]
    tables += [field.remote_field.through._meta.db_table for field in Document._meta.many_to_many]
    tables += [m._meta.db_table for f, m in _m2m_history().items() if f.model is Document]
    return tables


def empty_documents():
    from django.db import connection
    from modelsearch.models import IndexEntry

    from archive.models import Document

    with connection.cursor() as cursor:
        for table in reversed(document_tables()):  # links and history before the documents
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608
    from django.contrib.contenttypes.models import ContentType

    IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Document)).delete()


def _m2m_history():
    from simple_history.models import HistoricalRecords

    return HistoricalRecords.m2m_models


def snapshot_sqlite(path):
    """A consistent copy of the SQLite database (WAL included) beside it, for the floor."""
    import sqlite3

    copy = path.with_name("floor.sqlite3")
    source, target = sqlite3.connect(path), sqlite3.connect(copy)
    source.backup(target)
    source.close(), target.close()
    return copy


FLOOR_TABLES_LAST = ("archive_auditevent", "modelsearch_indexentry")


def run_floor_sqlite(path, snapshot):
    """Write the rows ours added into the snapshot again with sqlite3 alone; seconds and CPU seconds."""
    import sqlite3

    from django.db import connection
    from django.db.backends.sqlite3._functions import register

    from archive.transfer.importing import SQLITE_CACHE_KB

    tables = document_tables() + list(FLOOR_TABLES_LAST)
    source = sqlite3.connect(path)
    target = sqlite3.connect(snapshot, isolation_level=None)
    register(target)  # the check constraints call Django's SQL functions
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        target.execute(f"PRAGMA {pragma}")
    target.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
    batches = []
    for table in tables:
        columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
        high = target.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()[0]  # noqa: S608
        rows = source.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE rowid > ? ORDER BY rowid", [high])  # noqa: S608
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"  # noqa: S608
        batches.append((sql, rows.fetchall()))
    source.close()
    assert connection.vendor == "sqlite"
    started, cpu = time.perf_counter(), time.process_time()
    target.execute("BEGIN IMMEDIATE")
    for sql, rows in batches:
        target.executemany(sql, rows)
    target.execute("COMMIT")
    elapsed = time.perf_counter() - started, time.process_time() - cpu
    source = sqlite3.connect(path)
    for table in tables:  # the snapshot now holds what ours left in the database
        count = f"SELECT COUNT(*) FROM {table}"  # noqa: S608
        assert target.execute(count).fetchone() == source.execute(count).fetchone(), table
    source.close()
    target.close()
    return elapsed


def run_ours(paths, user):
    from archive.transfer.importing import records_import

    data = paths["documents"].read_bytes()
    started, cpu = time.perf_counter(), time.process_time()
    report = records_import(kind="documents", data=data, file_name="documents.csv", user=user)
    elapsed = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    return elapsed, time.process_time() - cpu, report


def run_preview(paths, user):
    from archive.transfer.importing import records_import

    data = paths["preview"].read_bytes()
    started = time.perf_counter()
    report = records_import(kind="documents", data=data, user=user, dry_run=True, collect_rows=True)
    elapsed = time.perf_counter() - started
    assert report.ok and len(report.rows) == report.total
    return elapsed


def run_peer(paths):
    import tablib

    from archive.resources import DocumentResource

    class PeerDocumentResource(DocumentResource):
        class Meta(DocumentResource.Meta):
            use_bulk = True
            skip_diff = True
            force_init_instance = True
            batch_size = 1000

    started = time.perf_counter()
    dataset = tablib.Dataset().load(paths["documents"].read_text(encoding="utf-8"), format="csv")
    result = PeerDocumentResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    elapsed = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    return elapsed


PEER_DEFAULT_ROWS = 500


def run_peer_default(paths):
    """django-import-export's defaults, which do our work (links, history, index through signals), on a sample."""
    import tablib

    from archive.resources import DocumentResource

    class DefaultDocumentResource(DocumentResource):
        class Meta(DocumentResource.Meta):
            pass

    started = time.perf_counter()
    dataset = tablib.Dataset().load(paths["sample"].read_text(encoding="utf-8"), format="csv")
    result = DefaultDocumentResource().import_data(dataset, dry_run=False, use_transactions=True, raise_errors=True)
    elapsed = time.perf_counter() - started
    assert not result.has_errors() and not result.has_validation_errors()
    return elapsed


def run_ceiling_sqlite(paths, directory):
    import sqlite3

    path = directory / "ceiling.sqlite3"
    connection = sqlite3.connect(path)
    cpu = time.process_time()
    columns = ", ".join(f"{name} TEXT" for name in COLUMNS)
    connection.execute(f"CREATE TABLE doc (id INTEGER PRIMARY KEY, {columns})")
    connection.execute(
        "CREATE VIRTUAL TABLE doc_fts USING fts5(title, summary, body, content='doc', content_rowid='id')"
    )
    connection.execute(
        "CREATE TRIGGER doc_ai AFTER INSERT ON doc BEGIN "
        "INSERT INTO doc_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body); END"
    )
    connection.commit()
    started = time.perf_counter()
    with paths["documents"].open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        placeholders = ", ".join("?" for _ in COLUMNS)
        with connection:
            connection.executemany(f"INSERT INTO doc ({', '.join(COLUMNS)}) VALUES ({placeholders})", reader)
    elapsed = time.perf_counter() - started
    connection.close()
    return elapsed, time.process_time() - cpu


def run_ceiling_postgres(paths):
    from django.db import connection

    columns = ", ".join(f"{name} TEXT" for name in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_doc")
        cursor.execute(
            f"CREATE TABLE bench_doc (id BIGSERIAL PRIMARY KEY, {columns}, search tsvector GENERATED ALWAYS AS "
            "(to_tsvector('english', coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' "
            "|| coalesce(body, ''))) STORED)"
        )
        cursor.execute("CREATE INDEX bench_doc_search ON bench_doc USING GIN (search)")
    connection.commit() if not connection.get_autocommit() else None
    raw = connection.connection
    started = time.perf_counter()
    with paths["documents"].open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        sql = f"COPY bench_doc ({', '.join(COLUMNS)}) FROM STDIN"
        with raw.transaction(), raw.cursor() as cursor, cursor.copy(sql) as copy:
            for row in reader:
                copy.write_row(row)
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_doc")
    return elapsed


def export_phase(output_dir):
    """Run in a child process: our export and its ceiling, each with its peak memory."""
    from django.db import connection

    from archive.transfer.exporting import records_export

    def status_mb(name):
        # VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the forked parent across exec.
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(name + ":"):
                    return int(line.split()[1]) / 1024
        return 0.0

    results = {}
    baseline = status_mb("VmRSS")
    started = time.perf_counter()
    size = 0
    with open(output_dir / "export.csv", "wb") as handle:
        for chunk in records_export(kind="documents", format="csv"):
            size += len(chunk)
            handle.write(chunk)
    results["ours_seconds"] = time.perf_counter() - started
    results["ours_bytes"] = size
    results["ours_peak_mb"] = status_mb("VmHWM")
    results["baseline_mb"] = baseline
    started = time.perf_counter()
    with open(output_dir / "ceiling.csv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS[:8])
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT d.slug, d.title, d.doc_type, o.slug, d.publication_date, d.language, d.summary, d.body "
                "FROM archive_document d LEFT JOIN people_organization o ON o.id = d.publisher_id ORDER BY d.id"
            )
            while rows := cursor.fetchmany(2000):
                writer.writerows(rows)
    results["ceiling_seconds"] = time.perf_counter() - started
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url", help="Run on this PostgreSQL database (it is emptied).")
    parser.add_argument("--phase", choices=["all", "export"], default="all", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.phase == "export":
        setup_django(args.database_url)
        print(json.dumps(export_phase(Path(args.workdir))))
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-import-export-"))
    print("load average at start: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))
    try:
        run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print("load average at end: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


def run(args, workdir):
    database_url = args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
    started = time.perf_counter()
    paths = build_corpus(args.rows, workdir)
    size_mb = paths["documents"].stat().st_size / 1e6
    print(f"corpus: {args.rows} documents, {size_mb:.0f} MB CSV, built in {time.perf_counter() - started:.1f}s")

    setup_django(database_url)
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection

    from archive.models import Document
    from archive.transfer.importing import records_import

    if connection.vendor == "postgresql":
        call_command("flush", "--noinput", verbosity=0)
    user, _ = get_user_model().objects.get_or_create(
        username="bench", defaults={"is_superuser": True, "is_staff": True}
    )
    for kind in ("themes", "organizations", "people", "meetings"):
        report = records_import(kind=kind, data=paths[kind].read_bytes(), user=user)
        assert report.ok, report.errors[:3]
    vendor = connection.vendor
    print(f"database: {vendor}")

    preview = run_preview(paths, user)
    print(f"preview of 10,000 rows (dry run with per-row preview): {preview:.2f}s")

    snapshot = snapshot_sqlite(Path(connection.settings_dict["NAME"])) if vendor == "sqlite" else None
    ours, ours_cpu, report = run_ours(paths, user)
    history = Document.history.count()
    from modelsearch.models import IndexEntry

    indexed = IndexEntry.objects.filter(content_type__model="document").count()
    links = sum(f.remote_field.through.objects.count() for f in Document._meta.many_to_many)
    print(
        f"ours:    {ours:7.2f}s  {args.rows / ours:8.0f} rows/s  "
        f"({report.created} documents, {links} links, {history} history rows, {indexed} index entries; "
        f"CPU of this process {ours_cpu:.2f}s)"
    )

    if snapshot is not None:
        floor, floor_cpu = run_floor_sqlite(Path(connection.settings_dict["NAME"]), snapshot)
        snapshot.unlink()
        print(
            f"floor:   {floor:7.2f}s  {args.rows / floor:8.0f} rows/s  (the same rows again by sqlite3 alone into "
            f"this schema; CPU {floor_cpu:.2f}s)"
        )

    child = subprocess.run(
        [sys.executable, __file__, "--phase", "export", "--workdir", str(workdir), "--database-url", database_url],
        capture_output=True,
        text=True,
        check=True,
    )
    export = json.loads(child.stdout.strip().splitlines()[-1])

    empty_documents()
    peer = run_peer(paths)
    print(f"peer:    {peer:7.2f}s  {args.rows / peer:8.0f} rows/s  (bulk mode: no links, no history, no index)")
    empty_documents()
    peer_default = run_peer_default(paths)
    print(
        f"peer, default configuration on the first {PEER_DEFAULT_ROWS} rows (links, history and index through "
        f"signals, as ours): {PEER_DEFAULT_ROWS / peer_default:.0f} rows/s"
    )
    empty_documents()

    if vendor == "sqlite":
        ceiling, ceiling_cpu = run_ceiling_sqlite(paths, workdir)
        label = f"sqlite3 executemany + FTS5; CPU {ceiling_cpu:.2f}s"
    else:
        ceiling = run_ceiling_postgres(paths)
        label = "COPY + GIN tsvector"
    print(f"ceiling: {ceiling:7.2f}s  {args.rows / ceiling:8.0f} rows/s  ({label})")
    print(
        f"import: ours/ceiling = {ceiling / ours:.2f} (target >= 0.5); ours/peer = {peer / ours:.2f}x (target >= 2.5)"
    )
    if vendor == "sqlite":
        print(f"import by CPU time: ours/ceiling = {ceiling_cpu / ours_cpu:.2f}")
        print(
            f"floor/ceiling = {ceiling / floor:.2f}: the most any import into this database could reach; "
            f"ours/floor = {floor / ours:.2f}"
        )
    print(
        f"export: ours {export['ours_seconds']:.2f}s ({args.rows / export['ours_seconds']:.0f} rows/s, "
        f"{export['ours_bytes'] / 1e6:.0f} MB), ceiling {export['ceiling_seconds']:.2f}s; "
        f"ours/ceiling = {export['ceiling_seconds'] / export['ours_seconds']:.2f} (target >= 0.5); "
        f"peak RSS {export['ours_peak_mb']:.0f} MB "
        f"(baseline after start-up {export['baseline_mb']:.0f} MB; target < 100 MB)"
    )


if __name__ == "__main__":
    main()
