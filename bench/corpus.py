"""How long ``generate_corpus`` takes for the benchmark corpus, on a fresh SQLite file.

    .venv/bin/python bench/corpus.py [--documents 100000 --people 10000 --meetings 20000]

Target (issue 2): 100,000 documents in under 2 minutes. With ``DATABASE_URL``
set to a PostgreSQL database, it runs there too (the database is emptied
first: give it a database of its own).
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(env, args):
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    started = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "generate_corpus",
            "--documents",
            str(args.documents),
            "--people",
            str(args.people),
            "--meetings",
            str(args.meetings),
            "--seed",
            "1",
        ],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    with tempfile.TemporaryDirectory() as var:
        env["DJANGO_VAR_DIR"] = var
        seconds = run(env, args)
        size = (Path(var) / "archive.sqlite3").stat().st_size
    print(
        f"generate_corpus on SQLite: {args.documents} documents in {seconds:.1f} s "
        f"({args.documents / seconds:,.0f} documents/s), database {size / 1e6:,.0f} MB"
    )
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.dev")
        subprocess.run([sys.executable, "manage.py", "flush", "--noinput"], cwd=ROOT, env=env, check=True)
        seconds = run(env, args)
        print(f"generate_corpus on PostgreSQL: {args.documents} documents in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
