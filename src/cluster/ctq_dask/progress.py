"""The progress line on stderr, when stderr is a terminal: shards done of all, input bytes
done of all, and the workers at work. Drawn at most a few times a second and cleared before
anything else is written there."""
import sys
import time


def _mb(n):
    return f"{n / (1 << 20):.1f}"


class Progress:
    def __init__(self, enabled, total_shards, total_bytes):
        self.enabled = enabled and sys.stderr.isatty()
        self.total_shards, self.total_bytes = total_shards, total_bytes
        self.done_shards = self.done_bytes = 0
        self.workers = 0
        self.shown = False
        self.last = 0.0

    def advance(self, size):
        self.done_shards += 1
        self.done_bytes += size
        self.draw()

    def set_workers(self, n):
        self.workers = n

    def draw(self, force=False):
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self.last < 0.2:
            return
        self.last = now
        line = (f"ctq-dask: {self.done_shards}/{self.total_shards} shards, "
                f"{_mb(self.done_bytes)}/{_mb(self.total_bytes)} MB, {self.workers} workers")
        sys.stderr.write("\r\x1b[K" + line)
        sys.stderr.flush()
        self.shown = True

    def clear(self):
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
            self.shown = False
