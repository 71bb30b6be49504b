"""What a worker runs for one shard: the ctq binary in a subprocess, and what it printed.

This module is sent to the workers by value (cloudpickle), so a worker needs ctq and Python's
distributed, not ctq-dask. A task may run twice (its worker died and the scheduler ran it
again elsewhere), so it only reads its inputs and writes nothing but its own temporary files."""
import json
import os
import shutil
import socket
import subprocess
import tempfile


class TaskTimeout(Exception):
    """ctq ran past --task-timeout and was killed."""


class CtqKilled(Exception):
    """ctq died of a signal (the system ran out of memory, someone killed it): run again."""


class WorkerSetupError(Exception):
    """The worker cannot run the shard at all (no ctq there, no such directory)."""


def _write_shipped(root, shipped):
    """Each shipped file under `root` at the path the driver named it by, so that ctq, run in
    `root`, names it the same way in its output and messages."""
    for path, data in shipped.items():
        target = os.path.join(root, path.lstrip("/"))
        os.makedirs(os.path.dirname(target) or root, exist_ok=True)
        with open(target, "wb") as f:
            f.write(data)


def _worker_directory():
    """The Dask worker's own folder, which Dask removes, also after the worker was killed;
    the system's temporary folder outside a worker."""
    try:
        from distributed import get_worker
        return get_worker().local_directory
    except (ImportError, ValueError, AttributeError):
        return None


def run_shard(spec, shipped=None):
    """spec: ctq (the binary), args (ctq's options and the filter, up to the files), files,
    range (or None), cwd, timeout. shipped: {path: bytes} with --ship, else None.
    Returns {"out", "err", "status", "ended_at", "host"}."""
    # A folder of the task's own only when it has something to keep there: a task whose
    # worker is killed cannot clean up after itself.
    work = None
    if shipped is not None or spec.get("range"):
        work = tempfile.mkdtemp(prefix="ctq-dask-", dir=_worker_directory())
    try:
        cwd = spec["cwd"]
        files = list(spec["files"])
        if shipped is not None:
            _write_shipped(work, shipped)
            cwd = work
            files = [f.lstrip("/") if f.startswith("/") else f for f in files]
        elif not os.path.isdir(cwd):
            raise WorkerSetupError(f"{socket.gethostname()}: no directory {cwd} to read the "
                                   "inputs from (give --ship, or the same tree on every host)")
        command = [spec["ctq"], "--no-progress", "--no-hints"]
        report = None
        if spec.get("range"):
            report = os.path.join(work, "range-report.json")
            command += ["--range", spec["range"], "--range-report", report]
        command += spec["args"] + files
        try:
            env = dict(os.environ, **spec.get("env", {}))
            p = subprocess.run(command, cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True,
                               timeout=spec["timeout"], env=env)
        except subprocess.TimeoutExpired:
            raise TaskTimeout(f"ctq ran past --task-timeout {spec['timeout']:g} s on "
                              f"{socket.gethostname()} and was stopped") from None
        except OSError as error:
            raise WorkerSetupError(f"{socket.gethostname()}: cannot run {spec['ctq']}: "
                                   f"{error.strerror}") from None
        if p.returncode < 0:
            raise CtqKilled(f"ctq was killed by signal {-p.returncode} on "
                            f"{socket.gethostname()}")
        ended_at = None
        if report is not None:
            try:
                with open(report) as f:
                    ended_at = json.load(f)["ended_at"]
            except (OSError, ValueError, KeyError):
                ended_at = None  # ctq said why on stderr; the piece's status says it failed
        return {"out": p.stdout, "err": p.stderr, "status": p.returncode, "ended_at": ended_at,
                "host": socket.gethostname()}
    finally:
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)
