"""The Dask side: a client of a running scheduler, or a cluster started here for --local N.

Fault settings: tasks are submitted with pure=False (identical arguments would otherwise be
served from Dask's cache) and retries=--retries, which runs a task again when it raised (ctq
timed out, or the worker could not run it). A task whose worker process dies is run again on
another worker by the scheduler, up to its distributed.scheduler.allowed-failures (3 by
default; --local sets it to 3) before it fails with KilledWorker."""
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings

from . import interrupts


class ClusterError(Exception):
    """The cluster cannot be reached or started: exit status 2."""


def quiet():
    """The driver reports faults itself; Dask's own log lines (such as "Failed to reconnect to
    scheduler" as a --local cluster stops) would only repeat them. Called after distributed is
    imported: the import sets its loggers' levels from Dask's config (distributed: info,
    distributed.client: warning), undoing any set before it."""
    roots = ("distributed", "tornado", "asyncio")  # loggers created later inherit from these
    existing = [n for n in logging.root.manager.loggerDict if n.split(".")[0] in roots]
    for name in (*roots, *existing):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module="distributed")


def connect(scheduler, local, connect_timeout):
    """Returns (client, the local cluster or None)."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterError("Python's distributed module is missing (Debian: apt install "
                           "python3-distributed; use /usr/bin/python3)") from None
    quiet()
    if local:
        cluster = LocalProcesses()
        try:
            cluster.start(local)
            client = Client(scheduler_file=cluster.scheduler_file, timeout=60)
            client.wait_for_workers(local, timeout=120)
        except BaseException as error:
            cluster.close()
            if isinstance(error, Exception):
                raise ClusterError(f"could not start a local cluster of {local} workers: "
                                   f"{error}") from None
            raise
        return client, cluster
    try:
        if os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler, timeout=connect_timeout)
        else:
            client = Client(scheduler, timeout=connect_timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} within "
                           f"{connect_timeout:g} s: {error}") from None
    return client, None


class LocalProcesses:
    """--local N: a `dask scheduler` and a `dask worker --nworkers N` on 127.0.0.1, on free
    ports, each in a session of its own so that Ctrl-C on the terminal reaches only the
    driver, which stops them, workers first, by their session ids."""

    def __init__(self):
        self.scheduler = self.workers = None
        self.work = tempfile.mkdtemp(prefix="ctq-dask-local-")
        self.log = open(os.path.join(self.work, "cluster.log"), "wb")

    def start(self, n):
        self.scheduler_file = os.path.join(self.work, "scheduler.json")
        env = dict(os.environ, DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES="3")
        common = ["--dashboard-address", "127.0.0.1:0"]
        # A Ctrl-C while a process starts must not leave it unrecorded, and so running.
        with interrupts.held():
            self.scheduler = self._start(["distributed.cli.dask_scheduler", "--host",
                                          "127.0.0.1", "--port", "0", "--scheduler-file",
                                          self.scheduler_file, *common], env)
        with interrupts.held():
            self.workers = self._start(["distributed.cli.dask_worker", "--scheduler-file",
                                        self.scheduler_file, "--host", "127.0.0.1", "--nworkers",
                                        str(n), "--nthreads", "1", "--local-directory",
                                        self.work, *common], env)
        # The scheduler file appears once the scheduler listens; the client reads it.
        deadline = time.monotonic() + 60
        while not os.path.exists(self.scheduler_file):
            if self.scheduler.poll() is not None or time.monotonic() > deadline:
                raise ClusterError("the local scheduler did not start (its log: "
                                   f"{self.log.name})")
            time.sleep(0.05)

    def _start(self, module_and_args, env):
        return subprocess.Popen([sys.executable, "-m", *module_and_args], env=env,
                                stdin=subprocess.DEVNULL, stdout=self.log, stderr=self.log,
                                start_new_session=True)

    def close(self):
        """Workers first, then the scheduler. Nothing of theirs outlives the run (results are
        in, or no longer wanted), so each session is ended at once: the process, the worker
        processes it started and any ctq still running, by the session's id."""
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave them
        for p in (self.workers, self.scheduler):
            if p is None:
                continue
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
        self.log.close()
        shutil.rmtree(self.work, ignore_errors=True)


def threads(client):
    """Worker threads in the cluster now: how many tasks run at once."""
    try:
        return sum(client.nthreads().values())
    except Exception:
        return 0


def close(client, cluster):
    try:
        client.close(timeout=5)
    except Exception:
        pass
    if cluster is not None:
        cluster.close()
