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
import json
import os
import signal
import sys
import time
import uuid

from . import command_line, interrupts, local_ctq, refusals, task
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
    interrupts.install()
    try:
        inv = command_line.parse(argv)
        if not argv:
            sys.stderr.write(command_line.DRIVER_HELP)
            return 2
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
        plan = make_plan(inv, lambda path: local_ctq.json_texts(ctq, path))
    except local_ctq.Failed as failed:
        sys.stderr.write(failed.stderr)
        return failed.status
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
    except KeyboardInterrupt as interrupt:
        sys.stderr.write("ctq-dask: interrupted\n")
        return interrupts.status(interrupt)


def _run(inv, plan, ctq):
    merge_check = None
    if plan.merge_options is not None:
        merge_check = command_line.parse((["-n"] if plan.merge_null_input else [])
                                         + plan.merge_options + ["."]).options
    checked = local_ctq.check_filter(ctq, inv.options, inv.filter, merge_check,
                                     plan.merge_filter)
    interrupts.checkpoint()
    entries, listing_err, _ = local_ctq.list_inputs(
        ctq, plan.cut_options, plan.window_options, plan.shard_filter, inv.paths,
        inv.shard_size if plan.cut else None)
    listing_failed = False
    for line in listing_err.splitlines(keepends=True):
        # What could not be listed; damage a proof ran into is the shard's to report.
        if line.startswith("ctq: error: "):
            sys.stderr.write(line)
            listing_failed = True
    sys.stderr.flush()
    interrupts.checkpoint()
    shards = make_shards(entries, inv.shard_size, inv.shard_files)
    if inv.list_shards:
        for shard in shards:
            line = {"files": shard.files, "bytes": shard.size}
            if shard.range:
                line["range"] = shard.range
            sys.stdout.write(json.dumps(line) + "\n")
        return 2 if listing_failed else 0
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
    if status is None:
        # The merge stage judges -e itself; errors in the shards come first, as in ctq.
        status = exit_status(results, plan.exit_status and not merge)
    if merge and status >= 128:
        merge.kill()  # a reduce over part of the shards would print a wrong answer
    elif merge:
        merge_status = merge.finish()
        if status not in (2, 5):
            status = merge_status
    if listing_failed and status < 128:
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
    tasks = None
    try:
        tasks = _Submitter(inv, plan, inv.worker_ctq or ctq, shards, client)
        return _submit_all(tasks, shards, client, ordered, progress), None
    except BrokenPipeError:
        _cancel(client, tasks)
        if merge:
            return ordered.written, None  # the merge stage stopped: its status says why
        # Nobody reads any more: stop quietly, as ctq does (128 + SIGPIPE).
        try:
            sys.stdout = open(os.devnull, "w")
        except OSError:
            pass
        return ordered.written, 128 + signal.SIGPIPE
    except KeyboardInterrupt as interrupt:
        progress.clear()
        _cancel(client, tasks)
        sys.stderr.write("ctq-dask: interrupted: tasks cancelled\n")
        return ordered.written, interrupts.status(interrupt)
    finally:
        progress.clear()
        cluster.close(client, local_cluster)


def _cancel(client, tasks):
    """Tasks not yet run are dropped; running ones end with their ctq (--task-timeout)."""
    if tasks is None:
        return
    try:
        client.cancel(list(tasks.live.values()), force=True)
    except Exception:
        pass


def _spec(inv, plan, ctq, shard):
    return {"ctq": ctq, "args": command_line.flatten(plan.shard_options) + ["--"]
            + plan.shard_filter, "files": shard.files, "range": shard.range,
            "cwd": os.getcwd(), "timeout": inv.task_timeout, "env": plan.env}


def _shipped(files):
    data = {}
    for path in files:
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


def _combined(results):
    """One result for a shard run again file by file: their outputs in order, ctq's status."""
    statuses = [r["status"] for r in results]
    status = next((w for w in (2, 5) if w in statuses), max(statuses))
    return {"out": b"".join(r["out"] for r in results),
            "err": b"".join(r["err"] for r in results), "status": status, "ended_at": None}


class _Submitter:
    """Tasks in flight: each shard's future, or, for a shard of several files that ctq stopped
    in (invalid input ends ctq's run), one future per file, so that the files after the bad
    one are still read."""

    def __init__(self, inv, plan, ctq, shards, client):
        import cloudpickle
        from distributed import as_completed
        cloudpickle.register_pickle_by_value(task)  # the workers need not have ctq-dask
        self.inv, self.plan, self.ctq, self.shards, self.client = inv, plan, ctq, shards, client
        self.run_id = uuid.uuid4().hex[:8]
        self.pending = as_completed()
        self.owner = {}  # future key -> (shard index, part number or None)
        self.live = {}  # future key -> future, until its result is written
        self.parts = {}  # shard index -> [result or None] while run file by file

    def submit(self, shard, files=None, part=None):
        spec = _spec(self.inv, self.plan, self.ctq, shard)
        key = f"ctq-{self.run_id}-{shard.index}"
        if files is not None:
            spec["files"] = files
            key += f"-{part}"
        shipped = None
        if self.inv.ship:
            shipped = _shipped(spec["files"])
        future = self.client.submit(task.run_shard, spec, shipped, pure=False,
                                    retries=self.inv.retries, key=key)
        self.owner[future.key] = (shard.index, part)
        self.live[future.key] = future
        self.pending.add(future)

    def split(self, shard):
        self.parts[shard.index] = [None] * len(shard.files)
        for part, path in enumerate(shard.files):
            self.submit(shard, [path], part)

    def part_done(self, index, part, result):
        """The whole shard's result once every file's is in, else None."""
        parts = self.parts[index]
        parts[part] = result
        if any(p is None for p in parts):
            return None
        del self.parts[index]
        return _combined(parts)


def _submit_all(tasks, shards, client, ordered, progress):
    """Keeps the window of tasks full and writes results as they come, until every shard
    is written."""
    loop = _Loop(tasks, shards, client, ordered, progress)
    while not ordered.done():
        interrupts.checkpoint()
        loop.look_at_cluster()
        loop.fill_window()
        for future in loop.finished(timeout=1.0):
            loop.take(future)
        loop.write_parked()
    return ordered.written


class _Loop:
    def __init__(self, tasks, shards, client, ordered, progress):
        self.tasks, self.shards, self.client = tasks, shards, client
        self.ordered, self.progress = ordered, progress
        self.parked = {}  # early results left on the workers while the buffer is full
        self.counted = set()  # shards the progress line has counted as done
        self.next_submit = 0
        self.window = 8
        self.checked_at = 0.0
        self.started = time.monotonic()
        self.said_no_workers = False

    def look_at_cluster(self):
        """Once a second: the workers (the window follows them), the progress line, and a
        word when there are no workers at all."""
        from . import cluster
        now = time.monotonic()
        if now - self.checked_at < 1.0:
            return
        self.checked_at = now
        threads = cluster.threads(self.client)
        self.progress.set_workers(threads)
        self.window = max(8, 4 * threads)
        self.progress.draw(force=True)
        if threads == 0 and now - self.started > 10 and not self.said_no_workers:
            self.said_no_workers = True
            self.progress.clear()
            sys.stderr.write("ctq-dask: waiting for workers: the scheduler has none (start "
                             "some with `dask worker ADDRESS`)\n")
            sys.stderr.flush()

    def fill_window(self):
        """Submits while the shards in flight, or held, stay within the window."""
        while (self.next_submit < len(self.shards)
               and self.next_submit - self.ordered.next < self.window):
            self.tasks.submit(self.shards[self.next_submit])
            self.next_submit += 1

    def finished(self, timeout):
        """The futures done by now, waiting up to `timeout` seconds for one."""
        from distributed import wait
        batch = self.tasks.pending.next_batch(block=False)
        if batch or not self.tasks.live:
            return batch
        try:
            wait(list(self.tasks.live.values()), timeout=timeout, return_when="FIRST_COMPLETED")
        except Exception:  # the timeout: nothing finished yet
            return []
        return self.tasks.pending.next_batch(block=False)

    def take(self, future):
        tasks, ordered = self.tasks, self.ordered
        index, part = tasks.owner.pop(future.key)
        tasks.live.pop(future.key, None)
        shard = self.shards[index]
        failed = future.status == "error" or future.cancelled()
        if part is not None:
            result = tasks.part_done(index, part, _failure(shard, _exception(future)) if failed
                                     else future.result())
            if result is None:
                return
            ordered.add(index, result)
        elif failed:
            ordered.add(index, _failure(shard, _exception(future)))
        elif index != ordered.next and not ordered.room_for_early():
            self.parked[index] = future
        else:
            result = future.result()
            if result["status"] == 5 and len(shard.files) > 1:
                tasks.split(shard)
                return
            ordered.add(index, result)
        if index not in self.counted:
            self.counted.add(index)
            self.progress.advance(shard.size)

    def write_parked(self):
        """Early results left on the workers, fetched when their turn comes."""
        while self.ordered.next in self.parked:
            index = self.ordered.next
            result = _result(self.parked.pop(index), self.shards[index])
            if result["status"] == 5 and len(self.shards[index].files) > 1:
                self.tasks.split(self.shards[index])
                return
            self.ordered.add(index, result)


def _result(future, shard):
    try:
        return future.result()
    except Exception as error:
        return _failure(shard, error)


def _exception(future):
    try:
        return future.exception()
    except BaseException as error:  # a cancelled future raises rather than returns
        return error
