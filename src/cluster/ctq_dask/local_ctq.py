"""The ctq binary on the driver's machine: it checks the command line and the filter, and
lists the inputs, so that the driver never guesses what ctq would do.

- The filter is compiled once, here, over no input at all: a mistake is reported once, with
  ctq's message and status, before any task is sent. Hints about the filter itself are kept
  for the end of the run, where ctq prints them.
- The inputs are listed by `ctq --ranges`: directories walked in ctq's order, digests skipped,
  dated folders outside --since/--until pruned, and, where the filter allows it, big
  uncompressed files cut at record boundaries that ctq proves."""
import json
import os
import re
import shutil
import subprocess

from .command_line import UsageError, flatten

NEVER_CUT = str(1 << 62)  # a piece size no file reaches twice: every file listed whole


def find_ctq(given, program):
    """--ctq, else a ctq beside this program (installed together, or build/ctq in a checkout),
    else the one on PATH."""
    if given:
        return given
    here = os.path.dirname(os.path.realpath(program))
    for candidate in (os.path.join(here, "ctq"),
                      os.path.join(here, "..", "..", "build", "ctq")):
        if os.access(candidate, os.X_OK) and os.path.isfile(candidate):
            return os.path.abspath(candidate)
    found = shutil.which("ctq")
    if not found:
        raise UsageError("no ctq binary found beside ctq-dask or on PATH: give --ctq PATH")
    return found


def run(ctq, args, stdin=subprocess.DEVNULL):
    p = subprocess.run([ctq, "--no-progress", *args], stdin=stdin, capture_output=True)
    return p.stdout, p.stderr.decode("utf-8", "replace"), p.returncode


class Checked:
    """What the check of the command line found: hints to print at the end."""

    def __init__(self, hints):
        self.hints = hints


def check_filter(ctq, options, filter_, reduce_options=None, reduce_filter=None):
    """Compiles the filter (and the reduce filter) over no input. Returns Checked, or raises
    Failed with ctq's message and status."""
    hints = []
    runs = [(options, filter_)]
    if reduce_filter is not None:
        runs.append((reduce_options, reduce_filter))
    for opts, text in runs:
        args = flatten(opts) + ([] if text is None else ["--", text])
        _, err, status = run(ctq, args)
        if status in (2, 3):
            raise Failed(err, status)
        hints += [line for line in err.splitlines(keepends=True) if line.startswith("ctq: hint:")]
    return Checked(hints)


class Failed(Exception):
    """ctq refused something: its stderr and exit status, to pass on as they are."""

    def __init__(self, stderr, status):
        super().__init__(stderr)
        self.stderr, self.status = stderr, status


def json_texts(ctq, path):
    """The JSON texts of the file at `path` as one compact array, as --slurpfile binds them."""
    out, err, status = run(ctq, ["-n", "-c", "[inputs]", path])
    if status != 0:
        raise Failed(err, 2)
    return out.decode("utf-8", "surrogateescape").rstrip("\n")


def hunts_needing_all(ctq):
    """Hunts marked [all] in the cloudtrail module read every event at once."""
    out, _, status = run(ctq, ["--help-module", "cloudtrail"])
    if status != 0:
        return []
    return [name.decode() for name in re.findall(rb"^# @hunt (\w+) \[[^\]]*\ball\b", out, re.M)]


def list_inputs(ctq, cut_options, window_options, filter_args, paths, cut_size):
    """Every input file in ctq's order, as {"file": F} or, for a piece, {"file": F, "range": R}.
    With cut_size, files are cut where the filter allows it; when it does not (a filter over
    whole documents that --ranges refuses), they are listed whole. Returns (entries, stderr,
    status): stderr has ctq's messages about paths it could not list."""
    if cut_size:
        out, err, status = run(ctq, ["--ranges", str(cut_size), *cut_options, "--",
                                     *filter_args, *paths])
        if status in (0, 5) or out:
            return _entries(out), err, status
    out, err, status = run(ctq, ["--ranges", NEVER_CUT, "--records", *window_options, "--", ".",
                                 *paths])
    return _entries(out), err, status


def _entries(out):
    return [json.loads(line) for line in out.decode("utf-8", "surrogateescape").splitlines()
            if line.strip()]
