"""Benchmark: ingest 5,000 varied generated source files on SQLite, with full extraction and writing.

Usage: .venv/bin/python bench/ingest.py [--files N] [--seed S] [--workers N] [--batch-size N] [--extract-only]

A fresh SQLite database and media folder are made in a temporary directory,
migrated, and every file goes through ``source_files_ingest`` (read,
recognise, extract, reconcile, write: a batch of files per transaction with a
savepoint per file, history and search index written in the same transaction,
SourceFile bytes stored through Django storage), read, recognised and extracted
by a pool of worker processes (ARCHIVE_INGEST_WORKERS, --workers) while the
main process reconciles and writes. Prints wall time, CPU time of the main
process and of the workers, files per second, the peak resident memory and the
load average.
"""

import argparse
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

KOREANS = [
    ("Shin Won-sik", ["Shin Wonsik", "Shin Won Sik", "Shin Won-sik"]),
    ("Kim Yong-hyun", ["Kim Yong-hyun", "Kim Yong Hyun", "Kim Yonghyun"]),
    ("Lee Jong-sup", ["Lee Jong-sup", "Lee Jong Sup", "Lee Jongsup"]),
    ("Suh Wook", ["Suh Wook"]),
    ("Jeong Kyeong-doo", ["Jeong Kyeong-doo", "Jeong Kyeong Doo"]),
    ("Song Young-moo", ["Song Young-moo", "Song Young Moo"]),
    ("Han Min-koo", ["Han Min-koo", "Han Min Koo"]),
    ("Kim Seon-ho", ["Kim Seon-ho", "Kim Seon Ho"]),
]
AMERICANS = ["Lloyd J. Austin III", "Mark T. Esper", "James N. Mattis", "Ashton B. Carter", "Kathleen Hicks"]
JAPANESE = ["Minoru Kihara", "Yasukazu Hamada", "Nobuo Kishi"]
SENATORS = ["Dan Sullivan", "Tammy Duckworth", "Laphonza Butler", "Jack Reed", "Roger Wicker", "Mazie Hirono"]
PLACES = ["Seoul", "Washington, D.C.", "Tokyo", "Singapore", "Busan", "Honolulu", "Jakarta"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SHORT = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
TOPICS = [
    "extended deterrence and the Nuclear Consultative Group",
    "the security situation on the Korean Peninsula",
    "trilateral security cooperation with Japan",
    "defense industrial cooperation and co-sustainment",
    "cyber and space cooperation",
    "the combined defense posture and readiness",
]


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def date_forms(rng, year, month, day):
    return rng.choice(
        [
            f"{MONTHS[month - 1]} {day}, {year}",
            f"{SHORT[month - 1]} {day}, {year}",
            f"{day} {MONTHS[month - 1]} {year}",
            f"{year}-{month:02d}-{day:02d}",
        ]
    )


def generate(index, rng):
    year, month, day = rng.randint(2014, 2025), rng.randint(1, 12), rng.randint(1, 28)
    korean, variants = rng.choice(KOREANS)
    ko_name = rng.choice(variants)
    us_name = rng.choice(AMERICANS)
    place = rng.choice(PLACES)
    topic = rng.choice(TOPICS)
    when = date_forms(rng, year, month, day)
    scm = year - 1968 + 1
    filler = " ".join(
        f"The two sides discussed {rng.choice(TOPICS)} and agreed to continue close consultation (item {index}-{n})."
        for n in range(rng.randint(3, 9))
    )
    kind = index % 8
    if kind == 0:
        return (
            f"Readout of Secretary of Defense {us_name}'s Meeting With ROK Minister of National Defense {ko_name}\n\n"
            f"{when}\n\nPentagon Press Secretary provided the following readout:\n\n"
            f"Secretary of Defense {us_name} met Minister of National Defense {ko_name} in {place} on {when} "
            f"to discuss {topic}.\n\n{filler}\n"
        )
    if kind == 1:
        return (
            f"{ordinal(scm)} Security Consultative Meeting Joint Communiqué\n\n{when}\n\n"
            f"1. The {ordinal(scm)} ROK-U.S. Security Consultative Meeting (SCM) was held in {place} on {when}. "
            f"Minister of National Defense {ko_name} and Secretary of Defense {us_name} led their respective "
            f"delegations.\n\n2. {filler} They recalled the {ordinal(scm - 1)} SCM held in October {year - 1}.\n"
        )
    if kind == 2:
        jp = rng.choice(JAPANESE)
        return (
            f"Joint Statement of the Trilateral Ministerial Meeting\n\n{when}\n\n"
            f"Minister of National Defense {ko_name}, Secretary of Defense {us_name} and Japanese Minister of "
            f"Defense {jp} met in {place} on {when} for the Trilateral Ministerial Meeting.\n\n{filler}\n"
        )
    if kind == 3:
        hangul = {"Shin Won-sik": "신원식", "Kim Yong-hyun": "김용현", "Lee Jong-sup": "이종섭"}.get(korean, "서욱")
        return (
            f"보도자료\n\n{hangul} 국방부 장관, 미국 국방장관과 회담 ({index})\n\n{year}년 {month}월 {day}일\n\n"
            f"{hangul} 국방부 장관은 {year}년 {month}월 {day}일 서울에서 오스틴 미국 국방장관과 회담을 개최했다. "
            f"양 장관은 확장억제와 핵협의그룹(NCG)에 대해 논의했다. 항목 {index}.\n"
        )
    if kind == 4:
        senators = rng.sample(SENATORS, 3)
        return (
            f"{senators[0].split()[-1]} Leads Bipartisan Delegation to Korea ({index})\n\n"
            f"WASHINGTON, D.C. — U.S. Senator {senators[0]} (R-Alaska) today announced a congressional delegation.\n\n"
            f"On {when}, three U.S. Senators—{senators[0]}, {senators[1]}, and {senators[2]}—met with Minister of "
            f"National Defense {ko_name} in {place}.\n\n{filler}\n"
        )
    if kind == 5:
        return (
            f"ROK-U.S. defense ministers discuss {topic.split(' and ')[0]} in {place} ({index})\n\n"
            f"Webp {''.join(rng.choice('abcdefghijklmnopqrstuvwxyz0123456789') for _ in range(28))}\n\n"
            f"ORGANIZATIONS IN THIS STORY\n\nOn {when}, Minister of National Defense {ko_name} and Secretary of "
            f"Defense {us_name} met in {place} to discuss {topic}. Minister {ko_name.split()[0]} said the alliance "
            f"is strong, as President Yoon stated.\n\n{filler}\n\nORGANIZATIONS IN THIS STORY"
        )
    if kind == 6:
        return (
            f"News Zone\n\nPress Release\n\nMinister of National Defense Meets U.S. Commander ({index})\n\n"
            f"On the afternoon of {MONTHS[month - 1]} {day}, {year} (Friday), Minister of National Defense "
            f"{ko_name} met with Commander of U.S. Forces Korea Gen. Paul LaCamera in {place}.\n\n{filler}\n\nFile\n"
        )
    return (
        f"Page {index % 300 + 1} - {year} Defense White Paper\nP. {index % 300 + 1}\n"
        f"{index % 9 + 1} Strengthening the ROK-US Alliance, part {index}\n"
        f"The ROK and the US held the {ordinal(scm)} SCM in October {year} and the ROK-US summit in June {year}.\n"
        f"{filler}\n{year} Defense White Paper"
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--extract-only", action="store_true", help="Read, recognise, extract, reconcile; no writing.")
    parser.add_argument("--batch-size", type=int, default=None, help="Files per transaction (default: BATCH_SIZE).")
    parser.add_argument(
        "--workers", type=int, default=None, help="Extraction processes (default: ARCHIVE_INGEST_WORKERS; 1: none)."
    )
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    os.environ.setdefault("DJANGO_DEBUG", "0")
    # The script's own folder would shadow packages (bench/import_export.py).
    sys.path[0] = str(ROOT)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.conf import settings

    from archive.ingest.reference import load_reference
    from archive.ingest.write import BATCH_SIZE, POOL_MIN_FILES, source_files_ingest
    from archive.models import Document
    from meetings.models import Meeting
    from people.models import Person

    rng = random.Random(args.seed)
    files = [(f"bench-{i:05d}.txt", generate(i, rng).encode()) for i in range(args.files)]
    total_bytes = sum(len(data) for _name, data in files)

    if args.extract_only:
        from archive.ingest.pipeline import analyse

        reference = load_reference()
        started = time.perf_counter()
        cpu_started = time.process_time()
        for name, data in files:
            analyse(name, data, reference=reference)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        print(
            f"extraction only: {len(files)} files in {elapsed:.1f} s wall, {cpu:.1f} s CPU, one process; "
            f"{len(files) / elapsed:.0f} files/s"
        )
        print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        return
    workers = settings.ARCHIVE_INGEST_WORKERS if args.workers is None else args.workers
    pooled = workers > 1 and len(files) >= POOL_MIN_FILES
    started = time.perf_counter()
    cpu_started = time.process_time()
    children_started = resource.getrusage(resource.RUSAGE_CHILDREN)
    batch_size = args.batch_size or BATCH_SIZE
    results = source_files_ingest(files=files, reference=load_reference(), batch_size=batch_size, workers=workers)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    children_cpu = (children.ru_utime + children.ru_stime) - (children_started.ru_utime + children_started.ru_stime)
    statuses = {}
    for result in results:
        statuses[result.status] = statuses.get(result.status, 0) + 1
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    peak_children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(f"files: {len(files)} ({total_bytes / 1e6:.1f} MB) in batches of {batch_size}, results: {statuses}")
    print(f"workers: {workers if pooled else 1} ({'a pool of ' + str(workers) if pooled else 'one process'})")
    print(
        f"records: {Document.objects.count()} documents, {Meeting.objects.count()} meetings, "
        f"{Person.objects.count()} people"
    )
    print(
        f"time: {elapsed:.1f} s wall, {cpu:.1f} s CPU in the main process + {children_cpu:.1f} s in workers; "
        f"{len(files) / elapsed:.0f} files/s"
    )
    print(
        f"peak memory (max RSS): {peak_kb / 1024:.0f} MB main process"
        + (f", {peak_children_kb / 1024:.0f} MB largest worker" if pooled else "")
    )
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    failed = [r.message for r in results if r.status == "failed"][:5]
    if failed:
        print("first failures:", *failed, sep="\n  ")


if __name__ == "__main__":
    main()
