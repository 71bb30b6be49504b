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
Run it on a quiet machine: it measures wall time."""
import argparse
import os
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
    rows, failed = [], False

    def case(label, command, reference, tasks=None):
        nonlocal failed
        seconds, out = timed(command, opts.runs)
        same = out == reference
        failed |= not same
        rows.append((label, seconds, tasks, same))
        print(f"{label:58} {seconds:7.2f} s  {'' if tasks is None else f'{tasks:4} tasks'}"
              f"{'' if same else '  OUTPUT DIFFERS'}", flush=True)
        return seconds

    size = "%dM" % max(1, opts.mb // 8)
    for name, path, piece_args in (("S3 tree", tree, []), (f"{opts.mb} MB file", big, ["--shard-size", size])):
        args = ["-r", WALKTHROUGH, path]
        t1, reference = timed([CTQ, "--threads", "1", *args], opts.runs)
        rows.append((f"{name}: ctq --threads 1", t1, None, True))
        print(f"{name + ': ctq --threads 1':58} {t1:7.2f} s", flush=True)
        case(f"{name}: ctq --threads 2", [CTQ, "--threads", "2", *args], reference)
        n = tasks_of([*piece_args, *args])
        case(f"{name}: ctq-dask --local 2", DASK + ["--local", "2", *piece_args, *args], reference, n)
        if path == tree:
            per_file = tasks_of(["--shard-files", "1", *args])
            t_many = case(f"{name}: ctq-dask --local 2 --shard-files 1",
                          DASK + ["--local", "2", "--shard-files", "1", *args], reference, per_file)
            t_few = rows[-2][1]
            print(f"  per task: ({t_many:.2f} - {t_few:.2f}) s / ({per_file} - {n}) tasks = "
                  f"{(t_many - t_few) / (per_file - n) * 1000:.1f} ms", flush=True)
        else:
            t2 = rows[-1][1]
            t_one = case(f"{name}: ctq-dask --local 1", DASK + ["--local", "1", *piece_args, *args],
                         reference, n)
            print(f"  scaling 1 -> 2 workers: {t_one / t2:.2f}x; against ctq --threads 1: "
                  f"{t1 / t2:.2f}x", flush=True)
    _, reference = timed([CTQ, "-c", ".Records | length", small], 1)
    startup = case("startup: ctq-dask --local 2, one small file",
                   DASK + ["--local", "2", "-c", ".Records | length", small], reference, 1)
    print(f"  startup (Python, local cluster of 2, one task): {startup:.2f} s")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
