"""Run every benchmark in turn: ``make bench``.

Each benchmark is a script in this folder with a ``main()``; one that is not
present yet is skipped with a note. A benchmark's failure is reported and the
others still run; the exit status says whether all succeeded.
"""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["corpus.py", "pages.py", "api.py", "import_export.py", "ingest.py", "workflow_transitions.py"]


def main():
    failed = []
    for name in BENCHMARKS:
        script = HERE / name
        if not script.exists():
            print(f"== {name}: not present, skipped", flush=True)
            continue
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {name}: exit {result.returncode} after {time.perf_counter() - started:.0f} s", flush=True)
        if result.returncode:
            failed.append(name)
    if failed:
        print("Failed: " + ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
