"""Which of the user's options go where: to each shard's ctq, to the merge stage, to the
listing. Decided once, from the command line, before anything runs."""
import os
import sys
from dataclasses import dataclass, field
from typing import List, Optional

from .command_line import OUTPUT_OPTIONS, flatten

# Options the listing needs to find the same files: the walk and the time window.
WINDOW_OPTIONS = {"--since", "--until", "--include-digests"}
# Options that make the filter read whole files (no pieces): -n, -s and -R read their
# inputs their own way, and a hunt numbers events within their file.
WHOLE_FILES = {"-n", "-s", "-R", "--hunt"}
# Both the map and the merge filter may use these.
SHARED = {"--arg", "--argjson", "--slurpfile", "--rawfile", "-L", "--library-path",
          "--memory-limit"}


@dataclass
class Plan:
    shard_options: List[tuple]  # (name, values) for each shard's ctq
    shard_filter: List[str]  # the filter positional, or nothing with -f / --hunt
    merge_options: Optional[List[str]] = None  # the merge stage's ctq options, if any
    merge_filter: Optional[str] = None
    merge_null_input: bool = False
    cut_options: List[str] = field(default_factory=list)
    window_options: List[str] = field(default_factory=list)
    cut: bool = False
    env: dict = field(default_factory=dict)
    exit_status: bool = False  # -e, judged over the shards (no merge stage)


def _colour_on_terminal(inv):
    """ctq colours its output on a terminal; the workers' ctq writes to a pipe, so it is told."""
    if inv.has("-M") or inv.has("-C") or not sys.stdout.isatty():
        return False
    return not os.environ.get("NO_COLOR")


def _shipped_files(options, filter_args, read_json_texts):
    """Workers that cannot see the inputs cannot see the filter's own files either: the
    filter's text goes instead of -f FILE, --rawfile NAME FILE becomes --arg NAME TEXT and
    --slurpfile NAME FILE --argjson NAME [its texts], which bind the same values."""
    shipped = []
    for name, values in options:
        if name in ("-f", "--from-file"):
            with open(values[0], encoding="utf-8", errors="surrogateescape") as f:
                filter_args = [f.read()]
        elif name == "--rawfile":
            with open(values[1], encoding="utf-8", errors="surrogateescape") as f:
                shipped.append(("--arg", [values[0], f.read()]))
        elif name == "--slurpfile":
            shipped.append(("--argjson", [values[0], read_json_texts(values[1])]))
        else:
            shipped.append((name, values))
    return shipped, filter_args


def make_plan(inv, read_json_texts=None):
    """read_json_texts(path): the JSON texts of a file as one JSON array (for --ship)."""
    options = list(inv.options)
    filter_args = [] if inv.filter is None else [inv.filter]
    if inv.ship:
        options, filter_args = _shipped_files(options, filter_args, read_json_texts)
    merge = inv.reduce is not None or inv.has("--table")
    plan = Plan(shard_options=options, shard_filter=filter_args)
    if merge:
        plan.shard_options = [o for o in options if o[0] not in OUTPUT_OPTIONS] + [("-c", [])]
        kept = [o for o in options if o[0] in OUTPUT_OPTIONS or o[0] in SHARED]
        plan.merge_options = flatten(kept)
        plan.merge_filter = inv.reduce if inv.reduce is not None else "."
        plan.merge_null_input = inv.reduce is not None
    else:
        plan.exit_status = inv.has("-e")
        if _colour_on_terminal(inv):
            plan.shard_options = options + [("-C", [])]
    if not inv.has("--threads"):
        plan.shard_options = plan.shard_options + [("--threads", ["1"])]
    plan.cut = not inv.ship and not any(inv.has(n) for n in WHOLE_FILES)
    plan.cut_options = flatten([o for o in plan.shard_options
                                if o[0] not in ("-C", "--table", "--no-trunc")])
    plan.window_options = flatten([o for o in options if o[0] in WINDOW_OPTIONS])
    for name in ("JQ_COLORS", "NO_COLOR", "TZ"):
        if name in os.environ:
            plan.env[name] = os.environ[name]
    return plan
