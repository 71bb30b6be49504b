#!/usr/bin/python3
"""ctq-dask --local N against ctq --threads 2 and --threads 1, on an S3 tree of about 500
.json.gz files and on one 256 MB file cut into pieces; the cost of one task, and scaling.

  bench/dask_bench.py [--work DIR] [--mb 256] [--runs 3]

Inputs are made with tools/gen-cloudtrail into DIR (default $TMPDIR/ctq-bench, shared with
bench/run.sh) unless already there. Every run's output is compared with `ctq --threads 1`'s;
a mismatch is reported and makes the exit status 1. Prints the median wall time of each run,
then the derived figures:
  - startup: ctq-dask --local 2 over one small file (Python, a local cluster, one task);
  - per task: (one task per file - the default shards) / (the difference in task count);
  - scaling: ctq-dask --local 1 against --local 2 on the big file.
The --local runs include starting and stopping the local cluster; the runs marked "running
cluster" use a `dask scheduler` and two `dask worker` processes started beforehand on
127.0.0.1 (stopped at the end, workers first), as a real cluster would be.
Run it on a quiet machine: it measures wall time."""
import argparse
import json
import os
import signal
import tempfile
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
from cases import WALKTHROUGH, generate  # noqa: E402

CTQ = os.path.join(ROOT, "build", "ctq")
DASK = ["/usr/bin/python3", os.path.join(ROOT, "src", "cluster", "ctq-dask"), "--ctq", CTQ]


def timed(command, runs):
    times, out = [], None
    for _ in range(runs):
        start = time.monotonic()
        p = subprocess.run(command, capture_output=True)
        times.append(time.monotonic() - start)
        if p.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed ({p.returncode}): {p.stderr[-500:]!r}")
        out = p.stdout
    return statistics.median(times), out


class RunningCluster:
    """A scheduler and two single-threaded workers on 127.0.0.1, on free ports."""

    def __init__(self, work):
        self.procs = []
        sched_file = os.path.join(work, "scheduler.json")
        self._start(["/usr/bin/dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                     "--scheduler-file", sched_file, "--dashboard-address", "127.0.0.1:0"])
        while not os.path.exists(sched_file):
            time.sleep(0.1)
        time.sleep(0.2)
        with open(sched_file) as f:
            self.address = json.load(f)["address"]
        self.workers = [self._start(["/usr/bin/dask", "worker", "--scheduler-file", sched_file,
                                     "--host", "127.0.0.1", "--nworkers", "1", "--nthreads", "1",
                                     "--dashboard-address", "127.0.0.1:0",
                                     "--local-directory", os.path.join(work, f"w{i}")])
                        for i in range(2)]
        from distributed import Client
        with Client(self.address, timeout=30) as client:
            client.wait_for_workers(2, timeout=60)

    def _start(self, command):
        p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.procs.append(p)
        return p

    def stop(self):
        for p in reversed(self.procs):  # the workers, then the scheduler
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def tasks_of(args):
    p = subprocess.run(DASK + ["--list-shards", *args], capture_output=True, text=True, check=True)
    return len(p.stdout.splitlines())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "ctq-bench"))
    parser.add_argument("--mb", type=int, default=256)
    parser.add_argument("--runs", type=int, default=3)
    opts = parser.parse_args()
    os.makedirs(opts.work, exist_ok=True)
    big = generate(os.path.join(opts.work, "records-%smb.json" % opts.mb), "--mb", str(opts.mb))
    tree = generate(os.path.join(opts.work, "s3-tree-%smb" % opts.mb), "--mb", str(opts.mb),
                    "--span", "150000", "--s3-tree")
    small = generate(os.path.join(opts.work, "records-1mb.json"), "--mb", "1")
    rows = []

    def case(label, command, reference, tasks=None):
        seconds, out = timed(command, opts.runs)
        same = out == reference
        rows.append((label, seconds, tasks, same))
        print(f"{label:58} {seconds:7.2f} s  {'' if tasks is None else f'{tasks:4} tasks'}"
              f"{'' if same else '  OUTPUT DIFFERS'}", flush=True)
        return seconds

    size = "%dM" % max(1, opts.mb // 8)
    scratch = tempfile.TemporaryDirectory(prefix="ctq-dask-bench-")
    running = RunningCluster(scratch.name)
    try:
        failed = run_cases(opts, case, rows, tree, big, small, size, running.address)
    finally:
        running.stop()
        scratch.cleanup()
    return 1 if failed else 0


def run_cases(opts, case, rows, tree, big, small, size, address):
    failed = False
    for name, path, piece_args in (("S3 tree", tree, []), (f"{opts.mb} MB file", big, ["--shard-size", size])):
        args = ["-r", WALKTHROUGH, path]
        t1, reference = timed([CTQ, "--threads", "1", *args], opts.runs)
        rows.append((f"{name}: ctq --threads 1", t1, None, True))
        print(f"{name + ': ctq --threads 1':58} {t1:7.2f} s", flush=True)
        case(f"{name}: ctq --threads 2", [CTQ, "--threads", "2", *args], reference)
        n = tasks_of([*piece_args, *args])
        case(f"{name}: ctq-dask --local 2", DASK + ["--local", "2", *piece_args, *args], reference, n)
        warm = case(f"{name}: ctq-dask, running cluster of 2", DASK + ["--scheduler", address, *piece_args, *args],
                    reference, n)
        if path == tree:
            per_file = tasks_of(["--shard-files", "1", *args])
            t_many = case(f"{name}: ctq-dask, running cluster, --shard-files 1",
                          DASK + ["--scheduler", address, "--shard-files", "1", *args], reference,
                          per_file)
            t_few = warm
            print(f"  per task: ({t_many:.2f} - {t_few:.2f}) s / ({per_file} - {n}) tasks = "
                  f"{(t_many - t_few) / (per_file - n) * 1000:.1f} ms", flush=True)
        else:
            t_one = case(f"{name}: ctq-dask --local 1", DASK + ["--local", "1", *piece_args, *args],
                         reference, n)
            t_two = rows[-3][1]
            print(f"  scaling --local 1 -> 2: {t_one / t_two:.2f}x; running cluster against "
                  f"ctq --threads 1: {t1 / warm:.2f}x", flush=True)
    _, reference = timed([CTQ, "-c", ".Records | length", small], 1)
    startup = case("startup: ctq-dask --local 2, one small file",
                   DASK + ["--local", "2", "-c", ".Records | length", small], reference, 1)
    one = case("ctq-dask, running cluster, one small file",
               DASK + ["--scheduler", address, "-c", ".Records | length", small], reference, 1)
    print(f"  fixed cost of a run: {startup:.2f} s with a local cluster, {one:.2f} s on a running one")
    return any(not r[3] for r in rows)


if __name__ == "__main__":
    sys.exit(main())
