"""A progress bar for long commands: drawn on a terminal, silent otherwise."""

import time


class ProgressBar:
    WIDTH = 30

    def __init__(self, stream, *, label=""):
        self.stream = stream
        self.label = label
        self.enabled = hasattr(stream, "isatty") and stream.isatty()
        self.started = time.monotonic()
        self.drawn = False
        self.last = 0.0

    def update(self, done, total):
        if not self.enabled or not total:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        filled = int(self.WIDTH * min(done, total) / total)
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {done}/{total} {now - self.started:.1f}s")
        self.stream.flush()
        self.drawn = True

    def finish(self):
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
