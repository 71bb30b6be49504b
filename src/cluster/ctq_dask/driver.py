"""The run: check, list, shard, submit, write in order, and ctq's exit status.

Faults, and what the user sees of them:
- a worker that dies mid-task: the scheduler runs its tasks again elsewhere; the output is
  the same, since a task only reads (cluster.py has the settings);
- a shard that ctq fails on (corrupt gzip, invalid JSON): ctq's own message and status, in the
  shard's place; the other shards still run and print;
- a task that cannot run (timeout, no ctq on the worker, its workers kept dying): a
  `ctq-dask: error:` line naming the shard, status 2, the other shards still complete;
- Ctrl-C: the futures are cancelled, a local cluster stopped, exit status 130;
- an unreachable scheduler: an error within --connect-timeout seconds, status 2."""
import os
import signal
import sys
import time
import uuid

from . import command_line, local_ctq, refusals, task
from .command_line import UsageError
from .merge_stage import MergeStage
from .ordered_output import OrderedOutput, exit_status
from .plan import make_plan
from .progress import Progress
from .shards import make_shards

INTERRUPTED = 130


def _error(message):
    sys.stderr.write(f"ctq-dask: error: {message}\n")
    sys.stderr.flush()


def main(argv, program):
    try:
        inv = command_line.parse(argv)
        if inv.help:
            sys.stdout.write(command_line.DRIVER_HELP)
            return 0
        ctq = local_ctq.find_ctq(inv.ctq, program)
        if inv.informational():
            # --explain, --version, --list-hunts...: about ctq, which answers them.
            args = command_line.flatten(inv.options) + (["--", inv.filter] if inv.filter else [])
            return os.spawnv(os.P_WAIT, ctq, [ctq, *args, *inv.paths])
        command_line.absolute_window(inv)
        refusals.check(inv, local_ctq.hunts_needing_all(ctq) if inv.has("--hunt") else [])
        plan = make_plan(inv)
    except UsageError as error:
        _error(str(error))
        return 2
    except OSError as error:
        _error(f"{error.filename}: {error.strerror}")
        return 2
    try:
        return _run(inv, plan, ctq)
    except local_ctq.Failed as failed:
        sys.stderr.write(failed.stderr)
        return failed.status
    except KeyboardInterrupt:
        return INTERRUPTED


def _run(inv, plan, ctq):
    merge_check = None
    if plan.merge_options is not None:
        merge_check = command_line.parse((["-n"] if plan.merge_null_input else [])
                                         + plan.merge_options + ["."]).options
    checked = local_ctq.check_filter(ctq, inv.options, inv.filter, merge_check,
                                     plan.merge_filter)
    entries, listing_err, listing_status = local_ctq.list_inputs(
        ctq, plan.cut_options, plan.window_options, plan.shard_filter, inv.paths,
        inv.shard_size if plan.cut else None)
    listing_failed = False
    for line in listing_err.splitlines(keepends=True):
        # What could not be listed; damage a proof ran into is the shard's to report.
        if line.startswith("ctq: error: "):
            sys.stderr.write(line)
            listing_failed = True
    sys.stderr.flush()
    shards = make_shards(entries, inv.shard_size, inv.shard_files)
    merge = None
    if plan.merge_options is not None:
        sys.stdout.flush()
        merge = MergeStage(ctq, plan.merge_options, plan.merge_filter, plan.merge_null_input)
    try:
        results, status = _run_shards(inv, plan, ctq, shards, merge)
    except BaseException:
        if merge:
            merge.kill()
        raise
    if merge:
        merge_status = merge.finish()
        status = status if status in (2, 5, INTERRUPTED) else merge_status
    else:
        status = exit_status(results, plan.exit_status) if status is None else status
    if listing_failed and status not in (INTERRUPTED,):
        status = 2
    for hint in checked.hints:
        sys.stderr.write(hint)
    return status


def _run_shards(inv, plan, ctq, shards, merge):
    """Runs every shard and writes the results. Returns (written results, None), or
    (results, status) when the run ended early (a closed pipe, Ctrl-C)."""
    out = sys.stdout.buffer

    def write_out(data):
        progress.clear()
        if merge:
            if not merge.write(data):
                raise BrokenPipeError
        else:
            out.write(data)
            out.flush()

    def write_err(data):
        progress.clear()
        sys.stderr.flush()
        sys.stderr.buffer.write(data)
        sys.stderr.buffer.flush()

    progress = Progress(inv.progress, len(shards), sum(s.size for s in shards))
    ordered = OrderedOutput(shards, write_out, write_err, inv.buffer)
    if not shards:
        return ordered.written, None
    from . import cluster
    try:
        client, local_cluster = cluster.connect(inv.scheduler, inv.local, inv.connect_timeout)
    except cluster.ClusterError as error:
        _error(str(error))
        return [], 2
    try:
        return _submit_all(inv, plan, ctq, shards, client, ordered, progress), None
    except BrokenPipeError:
        # Nobody reads any more: stop quietly, as ctq does (128 + SIGPIPE).
        _cancel(client)
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return ordered.written, 128 + signal.SIGPIPE
    except KeyboardInterrupt:
        progress.clear()
        _cancel(client)
        sys.stderr.write("ctq-dask: interrupted: tasks cancelled\n")
        return ordered.written, INTERRUPTED
    finally:
        progress.clear()
        cluster.close(client, local_cluster)


def _cancel(client):
    try:
        client.cancel(list(client.futures.values()) if hasattr(client, "futures") else [])
    except Exception:
        pass


def _spec(inv, plan, ctq, shard):
    return {"ctq": ctq, "args": command_line.flatten(plan.shard_options) + ["--"]
            + plan.shard_filter, "files": shard.files, "range": shard.range,
            "cwd": os.getcwd(), "timeout": inv.task_timeout, "env": plan.env}


def _shipped(shard):
    data = {}
    for path in shard.files:
        try:
            with open(path, "rb") as f:
                data[path] = f.read()
        except OSError:
            pass  # ctq on the worker reports the missing file in its place
    return data


def _failure(shard, error):
    kind = type(error).__name__
    text = str(error) or kind
    if kind == "KilledWorker":
        text = "the workers running it died too many times (the scheduler's allowed-failures)"
    elif kind == "CancelledError":
        text = "the task was cancelled by the scheduler"
    return {"out": b"", "err": f"ctq-dask: error: {shard.label()}: {text}\n".encode(),
            "status": 2, "ended_at": None}


def _submit_all(inv, plan, ctq, shards, client, ordered, progress):
    import cloudpickle
    from distributed import as_completed
    from . import cluster
    cloudpickle.register_pickle_by_value(task)  # the workers need not have ctq-dask
    worker_ctq = inv.worker_ctq or ctq
    run_id = uuid.uuid4().hex[:8]
    pending = as_completed()
    index_of = {}
    parked = {}  # early results left on the workers while the buffer is full
    next_submit = 0
    window = 8
    checked_at = 0.0
    while not ordered.done():
        now = time.monotonic()
        if now - checked_at > 1.0:
            checked_at = now
            threads = cluster.threads(client)
            progress.set_workers(threads)
            window = max(8, 4 * threads)
            progress.draw(force=True)
        # Submit while the work in flight, and held, stays within the window.
        while next_submit < len(shards) and next_submit - ordered.next < window:
            shard = shards[next_submit]
            future = client.submit(task.run_shard, _spec(inv, plan, worker_ctq, shard),
                                   _shipped(shard) if inv.ship else None, pure=False,
                                   retries=inv.retries, key=f"ctq-{run_id}-{shard.index}")
            index_of[future.key] = shard.index
            pending.add(future)
            next_submit += 1
        future = next(pending)
        index = index_of.pop(future.key)
        progress.advance(shards[index].size)
        if future.status == "error" or future.cancelled():
            ordered.add(index, _failure(shards[index], _exception(future)))
        elif index == ordered.next or ordered.room_for_early():
            ordered.add(index, future.result())
        else:
            parked[index] = future
        while ordered.next in parked:
            future = parked.pop(ordered.next)
            try:
                result = future.result()
            except Exception as error:
                result = _failure(shards[ordered.next], error)
            ordered.add(ordered.next, result)
        future = None
    return ordered.written


def _exception(future):
    try:
        return future.exception()
    except BaseException as error:  # a cancelled future raises rather than returns
        return error
