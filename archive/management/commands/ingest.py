"""Ingest source files as draft records.

Usage::

    python manage.py ingest PATH... [--dry-run] [--json] [--user USERNAME]

PATH is a file or a folder (read recursively). Each file is read, recognised,
extracted, reconciled and written in its own transaction, everything as
draft. A bad file is reported with its name and reason and does not stop the
others. ``--dry-run`` writes nothing; with ``--json`` it prints one JSON object
per file (see docs/ingest.md for the keys). A progress bar is shown on a
terminal only; the summary counts created, updated, unchanged and failed files.
"""

import json
import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from archive.ingest.errors import IngestError
from archive.ingest.pipeline import analyse, analysis_as_json
from archive.ingest.reference import load_reference
from archive.ingest.write import source_files_ingest


def collect_paths(paths):
    """Every file under the given paths, folders read recursively, in a stable order."""
    found = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")))
        elif path.is_file():
            found.append(path)
        else:
            raise CommandError(f"{raw}: no such file or folder.")
    return found


class Progress:
    def __init__(self, total, stream):
        self.total, self.done, self.stream = total, 0, stream
        self.enabled = hasattr(stream, "isatty") and stream.isatty() and total > 1

    def __call__(self, _result=None):
        self.done += 1
        if self.enabled:
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total}")
            if self.done == self.total:
                self.stream.write("\n")
            self.stream.flush()


class Command(BaseCommand):
    help = "Ingest source files (or folders of them) as draft documents, meetings and people."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Extract and report; write nothing.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object per file.")
        parser.add_argument("--user", help="The username recorded as having received the files.")

    def handle(self, *args, **options):
        paths = collect_paths(options["paths"])
        user = None
        if options["user"]:
            try:
                user = get_user_model().objects.get(username=options["user"])
            except get_user_model().DoesNotExist:
                raise CommandError(f"--user {options['user']}: no such user.") from None
        reference = load_reference()
        if options["dry_run"]:
            return self.dry_run(paths, reference, as_json=options["json"])
        progress = Progress(len(paths), sys.stderr)
        files = [(str(path), path) for path in paths]
        results = source_files_ingest(files=files, user=user, reference=reference, progress=progress)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        for result in results:
            counts[result.status] += 1
            if options["json"]:
                self.stdout.write(json.dumps({"file": result.name, "status": result.status, "message": result.message}))
            elif result.status == "failed":
                self.stderr.write(result.message)
            elif options["verbosity"] > 1 or result.status == "unchanged" and "editor" in result.message:
                self.stdout.write(result.message)
        summary = ", ".join(f"{count} {status}" for status, count in counts.items())
        (self.stderr if options["json"] else self.stdout).write(f"{len(results)} files: {summary}.")
        if counts["failed"] and counts["failed"] == len(results):
            raise CommandError("no file could be ingested.")

    def dry_run(self, paths, reference, *, as_json):
        failed = 0
        for path in paths:
            name = str(path)
            try:
                record = analysis_as_json(analyse(name, path.read_bytes(), reference=reference))
            except IngestError as error:
                failed += 1
                record = {"file": name, "error": error.reason}
                if not as_json:
                    self.stderr.write(str(error))
                    continue
            except OSError as error:
                failed += 1
                record = {"file": name, "error": f"cannot be read ({error.strerror})"}
                if not as_json:
                    self.stderr.write(f"{name}: {record['error']}")
                    continue
            if as_json:
                self.stdout.write(json.dumps(record, ensure_ascii=False))
            else:
                people = ", ".join(p["name"] for p in record["people"]) or "no one"
                self.stdout.write(f"{name}: “{record['title']}” ({record['doc_type']}, {record['date']}); {people}")
        self.stderr.write(f"{len(paths)} files: dry run, nothing written; {failed} failed.")
