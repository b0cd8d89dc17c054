"""Throughput and latency of the public API's document list at 100,000 documents on SQLite.

    .venv/bin/python bench/api.py [--documents 100000 --duration 20 --connections 4 --port 8610]

Builds a fresh SQLite database with ``generate_corpus`` in a temporary folder,
serves it with gunicorn (2 sync workers, production settings, persistent
database connections, SQLite statistics gathered with ANALYZE) on 127.0.0.1,
and loads it from a second process with
``wrk`` (Debian package ``wrk``). Each scenario first checks that the URL
answers 200 with 20 results, then runs wrk and reads its latency
distribution. The rate limit is turned off for the run (one client address
would otherwise be throttled at once).

Target (issue 6): the first page of ``/api/documents/`` (20 items) at 1,000
requests/s or more with p99 under 20 ms.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RPS = 1000
TARGET_P99_MS = 20.0


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def wait_until_up(base, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/api/themes/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer at {base} within {timeout} s")


def fetch_json(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.status == 200, (url, response.status)
        return json.loads(response.read())


def deep_cursor_url(base, pages):
    """The URL of page ``pages + 1``, reached by following ``next`` links."""
    url = f"{base}/api/documents/"
    for _ in range(pages):
        url = fetch_json(url)["next"]
    return url


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    percentiles = {}
    for label, value, unit in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE):
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
        percentiles[label] = float(value) * scale
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return rps, percentiles, int(errors.group(1)) if errors else 0


def run_wrk(url, *, duration, connections):
    output = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{duration}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return parse_wrk(output)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=20, help="Seconds of load per scenario.")
    parser.add_argument("--connections", type=int, default=4, help="Concurrent wrk connections.")
    parser.add_argument("--port", type=int, default=8610)
    parser.add_argument(
        "--var-dir", help="Keep the corpus in this folder, and reuse the one already there (default: a temporary one)."
    )
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is missing: install Debian's wrk (apt-get install -y wrk).", file=sys.stderr)
        return 2

    var = args.var_dir or tempfile.mkdtemp(prefix="bench-api-")
    Path(var).mkdir(parents=True, exist_ok=True)
    reuse = (Path(var) / "archive.sqlite3").exists()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="bench-" + "k3y-f0r-the-api-benchmark-only-never-deployed-" * 2,
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_VAR_DIR=var,
        DJANGO_CONN_MAX_AGE="600",
        DJANGO_API_THROTTLE_RATE="off",
    )
    server = None
    try:
        manage(env, "migrate", "-v0")
        started = time.perf_counter()
        if reuse:
            print(f"reusing the corpus in {var}", flush=True)
        else:
            manage(
                env,
                "generate_corpus",
                "--documents",
                str(args.documents),
                "--people",
                str(args.people),
                "--meetings",
                str(args.meetings),
                "--seed",
                "1",
            )
            print(f"corpus of {args.documents:,} documents built in {time.perf_counter() - started:.0f} s", flush=True)
        # SQLite plans joins well only with table statistics; a deployment runs ANALYZE after a bulk load.
        manage(env, "shell", "-c", "from django.db import connection; connection.cursor().execute('ANALYZE')")
        base = f"http://127.0.0.1:{args.port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        wait_until_up(base)
        deep = min(250, args.documents // 20 - 2)
        scenarios = [
            ("first page", f"{base}/api/documents/"),
            (f"page {deep + 1} by cursor", deep_cursor_url(base, deep)),
            ("filtered by type", f"{base}/api/documents/?type=press_release"),
            ("sorted by title", f"{base}/api/documents/?sort=title"),
        ]
        # A cheap answer through the same stack (middleware, DRF, no database): the API root. What this
        # machine can serve at all at this moment, beside which the other figures read.
        rps, percentiles, _ = run_wrk(f"{base}/api/", duration=args.duration, connections=args.connections)
        print(
            f"{'ceiling (API root)':<26} {rps:8,.0f} req/s   p50 {percentiles['50']:6.2f} ms   "
            f"p90 {percentiles['90']:6.2f} ms   p99 {percentiles['99']:6.2f} ms",
            flush=True,
        )
        results = []
        for name, url in scenarios:
            started = time.perf_counter()
            page = fetch_json(url)
            assert len(page["results"]) == 20, (name, len(page["results"]))
            print(f"{name:<26} first (uncached) answer in {(time.perf_counter() - started) * 1000:.0f} ms", flush=True)
            run_wrk(url, duration=2, connections=args.connections)  # warm both workers
            rps, percentiles, errors = run_wrk(url, duration=args.duration, connections=args.connections)
            results.append((name, rps, percentiles, errors))
            print(
                f"{name:<26} {rps:8,.0f} req/s   p50 {percentiles['50']:6.2f} ms   p90 {percentiles['90']:6.2f} ms"
                f"   p99 {percentiles['99']:6.2f} ms   non-2xx {errors}",
                flush=True,
            )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.var_dir:
            shutil.rmtree(var, ignore_errors=True)

    _, rps, percentiles, errors = results[0]
    met = rps >= TARGET_RPS and percentiles["99"] < TARGET_P99_MS and errors == 0
    print(
        f"document list at {args.documents:,} documents: {rps:,.0f} req/s, p99 {percentiles['99']:.2f} ms "
        f"(target {TARGET_RPS:,} req/s, p99 < {TARGET_P99_MS:.0f} ms): {'met' if met else 'NOT met'}"
    )
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
