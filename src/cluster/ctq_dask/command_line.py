"""The command line: ctq-dask's own options, and ctq's, kept in the order given.

ctq-dask takes ctq's command line (`ctq-dask [OPTIONS] FILTER PATHS...`) plus a few options of
its own. ctq's options are scanned the way ctq scans them (src/cli/options.cpp), only far enough
to know which positional is the filter, which are paths, and what the options ask for."""
import re
import time
from dataclasses import dataclass, field
from typing import List, Optional

# ctq's options that take values, and how many (src/cli/options.cpp, value_count).
CTQ_VALUES = {
    "--arg": 2, "--argjson": 2, "--slurpfile": 2, "--rawfile": 2,
    "-f": 1, "--from-file": 1, "-L": 1, "--library-path": 1, "--indent": 1, "--since": 1,
    "--until": 1, "--hunt": 1, "--hunt-ip": 1, "--help-module": 1, "--threads": 1,
    "--memory-limit": 1, "--expect": 1, "--report": 1, "--ranges": 1, "--range": 1,
    "--range-report": 1,
}

# ctq's flags, long and short; a stacked short group (-rc) is several of these.
LONG_FLAGS = {
    "--null-input": "-n", "--slurp": "-s", "--raw-input": "-R", "--raw-output": "-r",
    "--join-output": "-j", "--ascii-output": "-a", "--compact-output": "-c",
    "--sort-keys": "-S", "--color-output": "-C", "--monochrome-output": "-M",
    "--exit-status": "-e", "--quiet": "-q", "--help": "-h", "--version": "-V",
}

# How the outputs are printed: these go to the merge stage when there is one, and the shards
# then print compact JSON for it to read.
OUTPUT_OPTIONS = {"-r", "-j", "-a", "-c", "-S", "-C", "-M", "-e", "--tab", "--seq",
                  "--raw-output0", "--indent", "--table", "--no-trunc"}

# Options that only print something about ctq itself: ctq answers them directly.
INFORMATIONAL = {"-h", "-V", "--explain", "--list-hunts", "--help-module"}

DRIVER_HELP = """Usage:\tctq-dask (--scheduler ADDR | --local N) [DRIVER OPTIONS] [CTQ OPTIONS] FILTER PATHS...

Runs ctq over PATHS on a Dask cluster: one task per file, per group of small files or per
piece of a big file, each running the ctq binary on a worker. The output is what
`ctq [CTQ OPTIONS] FILTER PATHS...` prints on one machine, byte for byte and in the same order.

Driver options:
  --scheduler ADDR        the Dask scheduler to use (tcp://host:8786, or a scheduler file)
  --local N               start a cluster of N worker processes on this machine instead
  --reduce FILTER         run FILTER once, locally, over all the shards' outputs as its
                          inputs (`reduce inputs as $x (...)`); the shards print compact JSON
                          and may use -n, -s, input and inputs within their own files
  --ship                  send each shard's bytes through Dask, for workers that cannot see
                          PATHS (files are then not cut into pieces)
  --shard-size SIZE       bytes of input per task: small files are grouped up to it and
                          uncompressed files past twice it are cut into pieces (default 64M)
  --shard-files N         files per task at most (default 64)
  --task-timeout SECONDS  a ctq run on a worker taking longer is killed (default 3600)
  --retries N             times a failed task is run again (default 2; a task whose worker
                          dies is also run again by the scheduler, allowed-failures times)
  --buffer SIZE           output held back while waiting for an earlier shard (default 256M)
  --connect-timeout S     give up on an unreachable scheduler after S seconds (default 5)
  --ctq PATH              the ctq binary on this machine (default: beside ctq-dask, or PATH)
  --worker-ctq PATH       the ctq binary on the workers (default: the same as --ctq)
  --no-progress           no progress line on a terminal
  --list-shards           print the shards as JSON lines ({"files", "range", "bytes"}) and
                          stop: nothing is sent (and no cluster is needed)

CTQ OPTIONS are ctq's (ctq --help). Not distributable, and refused unless --reduce is given:
-s, -n, input/inputs, halt/halt_error; refused always: --expect, --report, -q, --args,
--jsonargs, --range(s), standard input. See "Beyond one machine" in ctq's README.
"""


class UsageError(Exception):
    """A command line ctq-dask cannot accept: exit status 2."""


@dataclass
class Invocation:
    scheduler: Optional[str] = None
    local: int = 0
    reduce: Optional[str] = None
    ship: bool = False
    shard_size: int = 64 << 20
    shard_files: int = 64
    task_timeout: float = 3600.0
    retries: int = 2
    buffer: int = 256 << 20
    connect_timeout: float = 5.0
    ctq: Optional[str] = None
    worker_ctq: Optional[str] = None
    progress: bool = True
    list_shards: bool = False
    help: bool = False
    # ctq's side: options as (name, values) in the order given, the filter, the paths.
    options: List[tuple] = field(default_factory=list)
    filter: Optional[str] = None
    paths: List[str] = field(default_factory=list)
    args_mode: bool = False  # --args / --jsonargs: positionals are not files

    def has(self, name):
        return any(o[0] == name for o in self.options)

    def value(self, name):
        for o in self.options:
            if o[0] == name:
                return o[1][0]
        return None

    def informational(self):
        return any(o[0] in INFORMATIONAL for o in self.options)


def parse_size(text, what):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([KMGT]?)(?:i?B)?", text, re.IGNORECASE)
    if not m:
        raise UsageError(f"{what} takes a size like 64M or 1G, not \"{text}\"")
    scale = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[m.group(2).upper()]
    size = int(float(m.group(1)) * scale)
    if size <= 0:
        raise UsageError(f"{what} must be more than 0")
    return size


def _number(text, what, kind=int, minimum=0):
    try:
        value = kind(text)
    except ValueError:
        raise UsageError(f"{what} takes a number, not \"{text}\"") from None
    if value < minimum:
        raise UsageError(f"{what} must be at least {minimum}")
    return value


DRIVER_VALUES = {
    "--scheduler": lambda inv, v: setattr(inv, "scheduler", v),
    "--local": lambda inv, v: setattr(inv, "local", _number(v, "--local", int, 1)),
    "--reduce": lambda inv, v: setattr(inv, "reduce", v),
    "--shard-size": lambda inv, v: setattr(inv, "shard_size", parse_size(v, "--shard-size")),
    "--shard-files": lambda inv, v: setattr(inv, "shard_files", _number(v, "--shard-files", int, 1)),
    "--task-timeout": lambda inv, v: setattr(inv, "task_timeout",
                                             _number(v, "--task-timeout", float, 0.001)),
    "--retries": lambda inv, v: setattr(inv, "retries", _number(v, "--retries", int, 0)),
    "--buffer": lambda inv, v: setattr(inv, "buffer", parse_size(v, "--buffer")),
    "--connect-timeout": lambda inv, v: setattr(inv, "connect_timeout",
                                                _number(v, "--connect-timeout", float, 0.1)),
    "--ctq": lambda inv, v: setattr(inv, "ctq", v),
    "--worker-ctq": lambda inv, v: setattr(inv, "worker_ctq", v),
}


def _split_short(arg):
    """-rc -> [-r, -c]; other arguments as they are."""
    if re.fullmatch(r"-[a-zA-Z]{2,}", arg) and arg not in ("-f", "-L"):
        return [f"-{c}" for c in arg[1:]]
    return [LONG_FLAGS.get(arg, arg)]


def parse(argv):
    inv = Invocation()
    from_file = any(a in ("-f", "--from-file", "--hunt", "--list-hunts", "--help-module")
                    for a in argv)
    positionals = []
    only_positionals = False
    i = 0
    while i < len(argv):
        arg = argv[i]
        if only_positionals or not (len(arg) > 1 and arg.startswith("-")):
            positionals.append(arg)
        elif arg == "--":
            only_positionals = True
        elif arg in DRIVER_VALUES or arg.split("=", 1)[0] in DRIVER_VALUES:
            name, _, inline = arg.partition("=")
            if not inline:
                if i + 1 >= len(argv):
                    raise UsageError(f"{name} takes a value")
                i += 1
                inline = argv[i]
            DRIVER_VALUES[name](inv, inline)
        elif arg == "--ship":
            inv.ship = True
        elif arg == "--no-progress":
            inv.progress = False
        elif arg == "--list-shards":
            inv.list_shards = True
        elif arg in ("-h", "--help"):
            inv.help = True
        elif arg in ("--args", "--jsonargs"):
            inv.args_mode = True
            inv.options.append((arg, []))
        else:
            n = CTQ_VALUES.get(arg, 0)
            if i + n >= len(argv):
                raise UsageError(f"{arg} takes {n} parameter{'s' if n > 1 else ''}")
            if n:
                inv.options.append((arg, argv[i + 1:i + 1 + n]))
            else:
                inv.options.extend((flag, []) for flag in _split_short(arg))
            i += n
        i += 1
    if positionals and not from_file:
        inv.filter = positionals.pop(0)
    inv.paths = positionals
    return inv


def absolute_window(inv, now=None):
    """--since/--until given as 36h, 7d, 90m or 10s mean a time before now: the driver fixes
    that time once, so that every worker, and the listing, keep the same records."""
    now = time.time() if now is None else now
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    fixed = []
    for name, values in inv.options:
        if name in ("--since", "--until"):
            m = re.fullmatch(r"(\d{1,9})([smhd])", values[0])
            if m:
                at = int(now) - int(m.group(1)) * units[m.group(2)]
                values = [time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))]
        fixed.append((name, values))
    inv.options = fixed


def flatten(options):
    return [part for name, values in options for part in (name, *values)]
