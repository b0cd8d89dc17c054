"""How fast the editorial workflow runs: transitions per second and the change form with a long timeline.

    .venv/bin/python bench/workflow_transitions.py [--records 2000]

Runs on a fresh SQLite database in a temporary directory (or on DATABASE_URL
when set: use a scratch database). Each transition is its own transaction
with a row lock, a history version and an audit event, as in the admin.
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    args = parser.parse_args(argv)

    # The script's own folder would shadow packages (bench/import_export.py).
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DJANGO_VAR_DIR", tempfile.mkdtemp(prefix="bench-workflow-"))
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    call_command("migrate", verbosity=0)
    from archive.models import AuditEvent, Document
    from archive.transitions import record_transition, records_transition
    from archive.workflow import Status

    User = get_user_model()
    publisher, _ = User.objects.get_or_create(username="bench-publisher", defaults={"is_staff": True})
    publisher.groups.add(Group.objects.get(name="Publishers"))
    Document.objects.filter(slug__startswith="bench-").delete()
    Document.objects.bulk_create(
        Document(
            title=f"Bench document {n}",
            slug=f"bench-{n}",
            publication_date="2024-07-28",
            body="The ministers met.\n\nThey discussed extended deterrence.",
            status=Status.REVIEW,
        )
        for n in range(args.records)
    )
    records = list(Document.objects.filter(slug__startswith="bench-"))

    started = time.perf_counter()
    done, refused = records_transition(records=records, action="publish", user=publisher)
    elapsed = time.perf_counter() - started
    print(f"database: {connection.vendor}")
    print(
        f"publish (bulk, one transaction each): {len(done)} records in {elapsed:.2f} s = "
        f"{len(done) / elapsed:.0f} transitions/s, {1000 * elapsed / len(done):.2f} ms each; refused {len(refused)}"
    )

    record = records[0]
    started = time.perf_counter()
    for n in range(100):
        record_transition(record=record, action="withdraw", user=publisher, comment=f"Round {n}.")
        record_transition(record=record, action="restore", user=publisher)
        record_transition(record=record, action="submit", user=publisher)
        record_transition(record=record, action="publish", user=publisher)
    elapsed = time.perf_counter() - started
    print(f"one record, 400 transitions in a row: {1000 * elapsed / 400:.2f} ms each")
    print(f"audit events on that record: {AuditEvent.objects.for_record(record).count()}")

    client = Client()
    client.force_login(publisher)
    url = f"/admin/archive/document/{record.pk}/change/"
    client.get(url)
    timings = []
    for _ in range(20):
        started = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    timings.sort()
    print(
        f"change form with a {AuditEvent.objects.for_record(record).count()}-event timeline: "
        f"median {1000 * timings[len(timings) // 2]:.1f} ms over 20 requests"
    )


if __name__ == "__main__":
    main()
