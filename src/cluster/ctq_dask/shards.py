"""The listing cut into shards, the unit of work of one task.

A shard is a group of consecutive whole files (small files are grouped up to --shard-size
bytes and --shard-files files, so that each task is worth far more than its ~2 ms of
scheduling), or one piece of a big file as `ctq --ranges` printed it. Shards keep the
listing's order: writing their outputs in shard order gives ctq's order."""
import os
from dataclasses import dataclass, field
from typing import List, Optional


@dataclass
class Shard:
    index: int
    files: List[str] = field(default_factory=list)
    range: Optional[str] = None  # one piece of files[0], as --ranges printed it
    size: int = 0  # bytes of input on disk

    @property
    def start(self):
        return int(self.range.split("-", 1)[0])

    def label(self):
        if self.range:
            return f"{self.files[0]} bytes {self.range.split(',', 1)[0]}"
        if len(self.files) == 1:
            return self.files[0]
        return f"{self.files[0]} and {len(self.files) - 1} more"


def _piece_size(spec):
    start, end = spec.split(",", 1)[0].split("-")
    return int(end) - int(start)


def _file_size(path):
    try:
        return os.path.getsize(path)
    except OSError:
        return 0  # ctq reports it when the shard runs, in its place


def make_shards(entries, shard_size, shard_files):
    shards = []
    group = None
    for entry in entries:
        path = entry["file"]
        if "range" in entry:
            group = None
            shards.append(Shard(len(shards), [path], entry["range"], _piece_size(entry["range"])))
            continue
        size = _file_size(path)
        if group is None or group.size + size > shard_size or len(group.files) >= shard_files:
            group = Shard(len(shards))
            shards.append(group)
        group.files.append(path)
        group.size += size
    return shards
