"""Public pages under load: gunicorn with 2 workers, wrk from a second process.

    .venv/bin/python bench/pages.py [--documents 100000 --people 10000 --meetings 20000]
                                    [--duration 10] [--port 8400] [--postgres URL]

The corpus is generated once (``generate_corpus --seed 1``) into
``var/bench-pages/`` (SQLite) and reused by later runs; ``--postgres URL``
runs the same measures against that PostgreSQL database as well (emptied and
filled the first time). Measures, each beside a trivial Django view (the
ceiling of what gunicorn and Django can serve on this machine):

* warm: wrk over 200 filtered document lists and over 2,000 detail pages
  (documents, meetings, people), after one pass has filled the page cache;
* search: 60 queries (rare, common and very common terms, phrases,
  prefixes, Hangul, name variants), each timed on its first request (never
  cached) by a sequential client;
* cold: 1,000 distinct filter combinations and 1,000 distinct detail pages,
  each requested once, sequentially; the lists are also shown split into
  the combinations without and with a free-text ``q``.

Each figure is printed with the 1-minute load average of the machine.

Targets (issue 4, on SQLite): lists >= 800 req/s with p99 < 25 ms; details
>= 2,500 req/s with p99 < 5 ms; search p95 < 20 ms; cold p95 < 50 ms.
"""

import argparse
import contextlib
import http.client
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(PYTHON).with_name("gunicorn"))


def environment(var_dir, database_url=None):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="bench.settings", DJANGO_VAR_DIR=str(var_dir), DJANGO_DEBUG="false")
    # Persistent database connections, as deployed (docs/listfast.md): a new
    # PostgreSQL connection per request costs more than a whole cold list.
    env.setdefault("DJANGO_CONN_MAX_AGE", "60")
    env["PYTHONPATH"] = str(ROOT)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(env, args, marker):
    wanted = f"{args.documents} {args.people} {args.meetings} 1"
    manage = [PYTHON, "manage.py"]
    if marker.exists() and marker.read_text() == wanted:
        # The corpus is kept between runs: bring its schema up to date with the code measured.
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        return
    if env.get("DATABASE_URL"):
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "flush", "--noinput"], cwd=ROOT, env=env, check=True)
    else:
        db = Path(env["DJANGO_VAR_DIR"]) / "archive.sqlite3"
        for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
            path.unlink(missing_ok=True)
        subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    print(f"generating the corpus ({wanted.rsplit(' ', 1)[0]}) ...", flush=True)
    subprocess.run(
        [*manage, "generate_corpus", "--documents", str(args.documents), "--people", str(args.people)]
        + ["--meetings", str(args.meetings), "--seed", "1"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    marker.write_text(wanted)


SAMPLE = r"""
import json, random
from archive.models import Document, PolicyTheme
from meetings.models import Meeting, MeetingSeries
from people.models import Organization, Person
rng = random.Random(4)
def slugs(qs, n):
    ids = list(qs.values_list("slug", flat=True)[:200000])
    rng.shuffle(ids)
    return ids[:n]
print(json.dumps({
    "documents": slugs(Document.objects.published(), 1700),
    "meetings": slugs(Meeting.objects.published(), 650),
    "people": slugs(Person.objects.published(), 650),
    "themes": list(PolicyTheme.objects.values_list("slug", flat=True)),
    "series": list(MeetingSeries.objects.values_list("slug", flat=True)),
    "organizations": slugs(Organization.objects.all(), 40),
    "persons_linked": slugs(Person.objects.published().filter(documents__isnull=False).distinct(), 60),
    "years": sorted({d.year for d in Document.objects.published().dates("publication_date", "year")}),
    "names": list(Person.objects.published().filter(names__isnull=False).values_list("names__name", flat=True)[:40]),
}))
"""


def sample(env):
    import json

    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "--no-imports", "-c", SAMPLE], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


TYPES = ["white_paper", "press_release", "readout", "joint_statement", "communique", "news_story", "speech", "report"]
WORDS = ["alliance", "deterrence", "missile", "exercise", "nuclear", "cyber", "space", "logistics", "readiness"]


def filter_urls(data, n, rng):
    urls, seen = [], set()
    while len(urls) < n:
        params = []
        for name, values, chance in (
            ("type", TYPES, 0.4),
            ("theme", data["themes"], 0.5),
            ("year", data["years"], 0.4),
            ("language", ["en", "ko"], 0.15),
            ("series", data["series"], 0.2),
            ("organization", data["organizations"], 0.15),
            ("person", data["persons_linked"], 0.1),
            ("q", WORDS, 0.15),
            ("sort", ["title", "date", "-title"], 0.2),
            ("page", [2, 3, 5], 0.15),
        ):
            if values and rng.random() < chance:
                params.append((name, rng.choice(values)))
        if rng.random() < 0.15:
            params.append(("type", rng.choice(TYPES)))
        query = urlencode(params)
        if query in seen:
            continue
        seen.add(query)
        urls.append(f"/documents/?{query}" if query else "/documents/")
    return urls


def detail_urls(data):
    return (
        [f"/documents/{slug}/" for slug in data["documents"]]
        + [f"/meetings/{slug}/" for slug in data["meetings"]]
        + [f"/people/{slug}/" for slug in data["people"]]
    )


def search_urls(data, rng):
    queries = [
        "alliance",
        "deterrence",
        "extended deterrence",
        '"extended deterrence"',
        '"joint exercise"',
        "missile",
        "nuclear consultative",
        "minister",
        "security",
        "the",
        "defense",
        "cyber",
        "space",
        "logistics readiness",
        "deter*",
        "allia*",
        "nuc*",
        "secur*",
        "Shin Wonsik",
        "신원식",
        "이종섭",
        "Austin",
        "Seoul",
        "Washington",
        "summit",
        "trilateral",
        "Camp David",
        "quantum",
        "typhoon",
        "zzzz",
    ]
    queries += rng.sample(data["names"], min(20, len(data["names"])))
    queries += [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(10)]
    return [f"/search/?{urlencode({'q': query})}" for query in queries]


class Server:
    def __init__(self, env, port):
        self.env, self.port = env, port

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                GUNICORN,
                "config.wsgi:application",
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "300",
                "--log-level",
                "error",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        for _ in range(100):
            try:
                get(self.port, "/bench/ceiling/")
                return self
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not start")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def get(port, url, *, status=None):
    """Seconds to fetch ``url``; a 404 (a filter combination past its last page) counts as an answer.

    ``status``, a list, receives the response's status code.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    started = time.perf_counter()
    connection.request("GET", url)
    response = connection.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    connection.close()
    if response.status not in (200, 404):
        raise RuntimeError(f"{url} answered {response.status}")
    if status is not None:
        status.append(response.status)
    return elapsed


def sequential(port, urls, split=None, slowest=0):
    """Each URL once, in order; with ``split`` (a predicate), figures for the URLs it picks and the rest too.

    ``slowest``: print that many of the slowest URLs with their times.
    """
    times, failed = {}, 0
    for url in urls:
        try:
            times[url] = get(port, url) * 1000
        except (OSError, RuntimeError) as error:
            failed += 1
            print(f"   failed: {url}: {error}", flush=True)
    for url, elapsed in sorted(times.items(), key=lambda item: -item[1])[:slowest]:
        print(f"   {elapsed:8.1f} ms  {url}", flush=True)
    results = {"": {**summary(list(times.values())), "failed": failed}}
    if split:
        results["picked"] = summary([value for url, value in times.items() if split(url)])
        results["rest"] = summary([value for url, value in times.items() if not split(url)])
    return results


def summary(times):
    if not times:
        return {"n": 0}
    figures = {"n": len(times), "p50": pct(times, 50), "p95": pct(times, 95), "p99": pct(times, 99)}
    return {**figures, "max": max(times)}


def warm(port, urls):
    """Fetch every URL twice (filling the page cache); return those that answered 200.

    The load runs then measure pages readers get, not 404s for pages past a list's end.
    """
    from concurrent.futures import ThreadPoolExecutor

    def fetch(url):
        status = []
        with contextlib.suppress(OSError, RuntimeError):
            get(port, url, status=status)
        return url if status == [200] else None

    with ThreadPoolExecutor(4) as pool:
        answered = list(pool.map(fetch, urls + urls))
    return [url for url in answered[len(urls) :] if url]


def pct(values, percent):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(percent / 100 * len(ordered) + 0.5)) - 1)]


LUA = """
local urls = {%s}
local i = 0
request = function()
  i = i %% #urls + 1
  return wrk.format("GET", urls[i])
end
"""


def wrk(port, urls, duration, connections):
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(LUA % ", ".join(f'"{url}"' for url in urls))
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    os.unlink(script.name)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {m.group(1): to_ms(m.group(2)) for m in re.finditer(r"^\s+(50|75|90|99)%\s+([\d.]+\w+)", out, re.M)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rate, "p50": latency["50"], "p99": latency["99"], "errors": int(errors.group(1)) if errors else 0}


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def measure(label, env, args, data):
    rng = random.Random(1)
    lists_warm = filter_urls(data, 200, random.Random(2))
    details = detail_urls(data)
    cold_lists = filter_urls(data, 1200, random.Random(3))[200:1200]
    cold_details = details[:1000]
    warm_details = cold_details
    searches = search_urls(data, rng)
    results = {}

    def record(name, figures):
        results[name] = figures
        shown = ", ".join(
            f"{key} {value:,.1f}" + ("" if key in ("rps", "n", "errors", "failed", "urls") else " ms")
            for key, value in figures.items()
        )
        load = os.getloadavg()[0]
        print(f"{name:>24}: {shown} (load {load:.2f})", flush=True)

    print(f"\n== {label} (DJANGO_CONN_MAX_AGE={env['DJANGO_CONN_MAX_AGE']})", flush=True)
    with Server(env, args.port):
        record("ceiling", wrk(args.port, ["/bench/ceiling/"], args.duration, args.connections))
        if "cold" in args.parts:
            lists = sequential(args.port, cold_lists, split=lambda url: "q=" in url)
            record("cold lists", lists[""])
            record("cold lists without q", lists["rest"])
            record("cold lists with q", lists["picked"])
            record("cold details", sequential(args.port, cold_details)[""])
        if "search" in args.parts:
            record("search (first request)", sequential(args.port, searches, slowest=args.slowest)[""])
        if "warm" in args.parts:
            answering = set(warm(args.port, lists_warm + warm_details + searches))
            for name, urls in (("lists", lists_warm), ("details", warm_details), ("search (repeated)", searches)):
                found = [url for url in urls if url in answering]
                figures = wrk(args.port, found, args.duration, args.connections)
                record(name, {**figures, "urls": len(found)})
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--meetings", type=int, default=20_000)
    parser.add_argument("--duration", type=int, default=10, help="Seconds of each wrk run.")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument("--postgres", help="A PostgreSQL URL to measure as well (its data is replaced).")
    parser.add_argument("--no-sqlite", action="store_true", help="Measure only the PostgreSQL database.")
    parser.add_argument("--parts", default="cold,search,warm", help="Which measures to run (comma-separated).")
    parser.add_argument("--slowest", type=int, default=0, help="Print the N slowest first search requests.")
    parser.add_argument("--var", default=str(ROOT / "var" / "bench-pages"))
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install -y wrk", file=sys.stderr)
        return 1
    var = Path(args.var)
    var.mkdir(parents=True, exist_ok=True)
    runs = [] if args.no_sqlite else [("SQLite", environment(var), var / "corpus-sqlite")]
    if args.postgres:
        pg_var = var / "postgres"
        pg_var.mkdir(exist_ok=True)
        runs.append(("PostgreSQL", environment(pg_var, args.postgres), var / "corpus-postgres"))
    for label, env, marker in runs:
        shutil.rmtree(Path(env["DJANGO_VAR_DIR"]) / "cache", ignore_errors=True)
        prepare(env, args, marker)
        measure(
            f"{label}: {args.documents:,} documents, {args.people:,} people, {args.meetings:,} meetings",
            env,
            args,
            sample(env),
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
