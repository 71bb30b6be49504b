"""What cannot be shared out over shards, and why, in words a user can act on.

A shard runs ctq over some of the files, so a filter is distributable when its outputs over
all files are its outputs over each file, one after the other: ctq reads every file on its
own, so that holds for filters that run value by value, record by record or document by
document. It fails for filters that see the inputs all at once (-s, input/inputs, -n), stop the
whole run (halt, halt_error) or count the whole run's outputs (--expect). With --reduce those
run within each shard, and the reduce filter merges their results."""
import re

from .command_line import UsageError

REDUCE_HINT = ("; give --reduce FILTER to run it within each shard and merge the results "
               "(see \"Beyond one machine\" in ctq's README)")


def _word(text, *words):
    """A jq identifier in the text as a whole word (input, not input_filename)."""
    names = "|".join(words)
    return re.search(rf"(?<![A-Za-z0-9_$])(?:{names})(?![A-Za-z0-9_])", text) is not None


def filter_text(inv):
    if inv.filter is not None:
        return inv.filter
    path = inv.value("-f") or inv.value("--from-file")
    if path:
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                return f.read()
        except OSError:
            return ""  # ctq's own check of the command line reports it
    return ""


def check(inv, hunts_needing_all):
    """Raises UsageError for a command line ctq-dask will not run."""
    if inv.scheduler and inv.local:
        raise UsageError("give one of --scheduler ADDR and --local N, not both")
    if not inv.scheduler and not inv.local and not inv.list_shards:
        raise UsageError("give --scheduler ADDR (a running Dask scheduler) or --local N "
                         "(start N local workers)")
    if inv.args_mode:
        raise UsageError("--args and --jsonargs make the positionals strings, so there are no "
                         "PATHS to share out: use --arg NAME VALUE")
    for name in ("--ranges", "--range", "--range-report"):
        if inv.has(name):
            raise UsageError(f"{name} is how ctq-dask cuts files itself: not an option of it")
    for name in ("--expect", "--report", "-q"):
        if inv.has(name):
            raise UsageError(f"{name} needs every output of the run in one place: pipe "
                             "ctq-dask's output into `ctq --expect ... -c .`, or use --reduce")
    if not inv.paths:
        raise UsageError("ctq-dask reads PATHS (files or directories): standard input cannot "
                         "be shared out")
    text = filter_text(inv)
    if inv.reduce is None:
        if inv.has("-s"):
            raise UsageError("-s reads all inputs into one array: not distributable" + REDUCE_HINT)
        if inv.has("-n"):
            raise UsageError("-n runs the filter once, not per input: not distributable"
                             + REDUCE_HINT)
        if _word(text, "input", "inputs"):
            raise UsageError("the filter reads inputs itself (input, inputs), which would see "
                             "only its own shard's inputs: not distributable" + REDUCE_HINT)
        if _word(text, "halt", "halt_error"):
            raise UsageError("halt and halt_error end the whole run at the first input that "
                             "calls them, which a shard cannot do for the others: not "
                             "distributable" + REDUCE_HINT)
    hunt = inv.value("--hunt")
    if hunt:
        names = hunt.split(",")
        whole = [h for h in hunts_needing_all
                 if h in names or ("all" in names)]
        if whole:
            raise UsageError(f"--hunt {', '.join(whole)} looks at every event at once: run it "
                             "with ctq on one machine (other hunts are record by record and "
                             "distributable: list them by name)")
