"""The Dask side: a client of a running scheduler, or a cluster started here for --local N.

Fault settings: tasks are submitted with pure=False (identical arguments would otherwise be
served from Dask's cache) and retries=--retries, which runs a task again when it raised (ctq
timed out, or the worker could not run it). A task whose worker process dies is run again on
another worker by the scheduler, up to its distributed.scheduler.allowed-failures (3 by
default; --local sets it to 3) before it fails with KilledWorker."""
import logging
import os
import signal
import tempfile
import warnings


class ClusterError(Exception):
    """The cluster cannot be reached or started: exit status 2."""


def _quiet():
    # The driver reports faults itself; Dask's own log lines would only repeat them.
    for name in ("distributed", "tornado", "asyncio"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
    warnings.filterwarnings("ignore", module="distributed")


def connect(scheduler, local, connect_timeout):
    """Returns (client, cluster or None)."""
    _quiet()
    try:
        import dask
        from distributed import Client
    except ImportError:
        raise ClusterError("Python's distributed module is missing (Debian: apt install "
                           "python3-distributed; use /usr/bin/python3)") from None
    if local:
        from distributed import LocalCluster
        dask.config.set({"distributed.scheduler.allowed-failures": 3,
                         "distributed.worker.daemon": False})
        # The workers ignore Ctrl-C: it is the driver's to handle (cancel, then stop them).
        previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
        try:
            cluster = LocalCluster(n_workers=local, threads_per_worker=1, processes=True,
                                   host="127.0.0.1", dashboard_address=None,
                                   worker_dashboard_address=None, silence_logs=logging.CRITICAL,
                                   local_directory=tempfile.gettempdir())
        except Exception as error:  # Dask raises many kinds here; all mean the same to a user
            raise ClusterError(f"could not start a local cluster of {local} workers: {error}")
        finally:
            signal.signal(signal.SIGINT, previous)
        return Client(cluster), cluster
    try:
        if os.path.isfile(scheduler):
            client = Client(scheduler_file=scheduler, timeout=connect_timeout)
        else:
            client = Client(scheduler, timeout=connect_timeout)
    except (OSError, TimeoutError, ValueError) as error:
        raise ClusterError(f"cannot reach the Dask scheduler at {scheduler} within "
                           f"{connect_timeout:g} s: {error}") from None
    return client, None


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
        try:
            cluster.close(timeout=10)
        except Exception:
            pass
