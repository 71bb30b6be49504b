#!/usr/bin/python3
"""ctq-dask on a real Dask cluster: a `dask scheduler` and two `dask worker` processes on
127.0.0.1 (free ports, started and stopped here by PID, workers first), over a generated S3
tree of about 500 .json.gz files and one big file cut into pieces. Checked:
  - several filters (--records selects, --hunt, --since/--until, -r @tsv, --table, pieces of
    a big file, --ship) print exactly what local ctq prints, with its status;
  - --since/--until prune the tree in the driver (fewer files are sent);
  - a worker killed by SIGKILL in the middle of a run: the output is still identical;
  - a corrupt shard: ctq's message naming the file and its status 5, and every other shard's
    output complete;
  - --reduce, and the cloudtrail module's mergeable helpers, give the counts of one local run;
  - an unreachable scheduler is reported within seconds, and the refusals.
Usage: test_ctq_dask.py CTQ ROOT [--sanitized]   (--sanitized: a smaller tree, fewer runs)"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import terminal  # noqa: E402

ctq, root = sys.argv[1], sys.argv[2]
sanitized = "--sanitized" in sys.argv[3:]
driver = os.path.join(root, "src", "cluster", "ctq-dask")
gen = os.path.join(root, "tools", "gen-cloudtrail")
PYTHON = "/usr/bin/python3"  # Debian's, which sees Debian's distributed
failures = []
checks = 0


def check(what, ok, detail=""):
    global checks
    checks += 1
    if not ok:
        failures.append(f"{what}: {detail}"[:1500])


def local(args, files):
    p = subprocess.run([ctq, "--no-progress", *args, *files], capture_output=True)
    return p.stdout, p.stderr, p.returncode


def dask(args, *, scheduler, extra=(), timeout=150):
    p = subprocess.run([PYTHON, driver, "--ctq", ctq, "--scheduler", scheduler, *extra, *args],
                       capture_output=True, timeout=timeout)
    return p.stdout, p.stderr, p.returncode


def same(what, want, got):
    ok = want[0] == got[0] and want[2] == got[2]
    check(what, ok and len(want[0]) > 0 or (ok and want[2] != 0),
          f"status {want[2]}/{got[2]}, stdout {len(want[0])}/{len(got[0])} bytes, "
          f"first difference at {next((i for i, (a, b) in enumerate(zip(want[0], got[0])) if a != b), min(len(want[0]), len(got[0])))}; "
          f"stderr {got[1][-600:]!r}")


class Cluster:
    """A scheduler and two workers, each one process we started; stopped workers first."""

    def __init__(self, work):
        self.work = work
        self.procs = []
        self.worker_pids = set()  # the worker processes the nannies started
        sched_file = os.path.join(work, "scheduler.json")
        log = open(os.path.join(work, "cluster.log"), "ab")
        self.log = log
        self.scheduler = self._start(["/usr/bin/dask", "scheduler", "--host", "127.0.0.1",
                                      "--port", "0", "--scheduler-file", sched_file,
                                      "--dashboard-address", "127.0.0.1:0"])
        deadline = time.time() + 60
        while not os.path.exists(sched_file) and time.time() < deadline:
            time.sleep(0.1)
        if not os.path.exists(sched_file):
            raise RuntimeError("the scheduler did not start within 60 s (cluster.log)")
        time.sleep(0.2)  # the file is written whole, but give it a moment
        with open(sched_file) as f:
            self.address = json.load(f)["address"]
        self.workers = [self._start(["/usr/bin/dask", "worker", "--scheduler-file", sched_file,
                                     "--host", "127.0.0.1", "--nworkers", "1", "--nthreads",
                                     "1", "--dashboard-address", "127.0.0.1:0",
                                     "--local-directory", os.path.join(work, f"w{i}")])
                        for i in range(2)]
        self.wait_for_workers(2)

    def _start(self, command):
        p = subprocess.Popen(command, stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL)
        self.procs.append(p)
        return p

    def client(self):
        from distributed import Client
        return Client(self.address, timeout=10)

    def wait_for_workers(self, n, timeout=60):
        with self.client() as c:
            c.wait_for_workers(n, timeout=timeout)
            pids = c.run(os.getpid)
        self.worker_pids.update(pids.values())
        return pids

    def stop(self):
        for p in self.workers + [self.scheduler]:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
                try:
                    p.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    p.kill()
                    p.wait()
        for pid in self.worker_pids:  # a worker its nanny left behind
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.log.close()


def generate(work):
    records = "3000" if sanitized else "20000"
    subprocess.run([PYTHON, gen, "--seed", "dask", "--records", records, "--span", "150000",
                    "--s3-tree", os.path.join(work, "tree")], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([PYTHON, gen, "--seed", "dask-big", "--records", "1500" if sanitized else "6000",
                    "-o", os.path.join(work, "big.json")], check=True)
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(work, "tree"))
                   for f in fs if f.endswith(".json.gz"))
    return files


def run_checks(work, cluster):
    os.chdir(work)  # paths as a user gives them: relative, as ctq prints them
    files = generate(work)
    check("the tree holds about 500 .json.gz files", sanitized or len(files) >= 450, len(files))
    sched = cluster.address
    cases = [
        ["--records", "-c", 'select(.eventName == "ConsoleLogin") | {eventTime, ip: .sourceIPAddress}'],
        ["--hunt", "console_login_without_mfa,cloudtrail_tampering,iam_privilege_escalation"],
        ["--records", "--since", "2024-11-28T20:00:00Z", "--until", "2024-11-29T04:00:00Z",
         "-c", "{eventTime, eventName}"],
        ["-r", '.Records[] | [.eventTime, .eventName, .userIdentity.userName // "N/A", '
               '.sourceIPAddress // "N/A"] | @tsv'],
        ["--table", "--records", 'select(.errorCode != null) | {eventTime, eventName, errorCode}'],
        ["-c", ".Records | length"],
    ]
    if sanitized:
        cases = cases[:1] + cases[2:4]
    for args in cases:
        same(f"ctq-dask {' '.join(args)}", local(args, ["tree"]), dask([*args, "tree"], scheduler=sched))

    # --since/--until prune dated folders in the driver: fewer files go out.
    window = ["--records", "--since", "2024-11-29T06:00:00Z", "--until", "2024-11-29T08:00:00Z", "."]
    listed = subprocess.run([PYTHON, driver, "--ctq", ctq, "--list-shards", *window, "tree"],
                            capture_output=True, text=True)
    sent = sum(len(json.loads(l)["files"]) for l in listed.stdout.splitlines())
    check("--since/--until prune the tree before sending", 0 < sent < len(files) // 2,
          f"{sent} of {len(files)} files; {listed.stderr}")

    # One big uncompressed file, cut into proven pieces.
    big_args = ["-c", '.Records[] | select(.eventSource == "s3.amazonaws.com") | .eventID']
    shard_size = "128K" if sanitized else "512K"
    listed = subprocess.run([PYTHON, driver, "--ctq", ctq, "--list-shards", "--shard-size",
                             shard_size, *big_args, "big.json"], capture_output=True, text=True)
    pieces = [json.loads(l) for l in listed.stdout.splitlines()]
    check("big.json is cut into pieces", len(pieces) >= 3 and all("range" in p for p in pieces),
          listed.stdout[:300] + listed.stderr)
    same("pieces of big.json", local(big_args, ["big.json"]),
         dask([*big_args, "big.json"], scheduler=sched, extra=["--shard-size", shard_size]))

    # --ship: the workers get the bytes through Dask, not by path.
    same("--ship", local(cases[0], ["tree"]), dask([*cases[0], "tree"], scheduler=sched,
                                                   extra=["--ship", "--shard-files", "16"]))

    # --reduce: the counts of one local run, inline and with the module's helpers.
    tally = ["--records", "-n", "-c", 'include "cloudtrail"; tally(inputs; .sourceIPAddress)']
    want = local(tally, ["tree"])
    got = dask(["--records", "-c", ".sourceIPAddress", "--reduce",
                "reduce inputs as $ip ({}; .[$ip] += 1)", "tree"], scheduler=sched)
    same("--reduce counts by source IP", want, got)
    got = dask([*tally, "--reduce", 'include "cloudtrail"; merge_tallies(inputs)', "tree"],
               scheduler=sched)
    same("--reduce with tally/merge_tallies", want, got)
    summary = ["--records", "-n", "-c", 'include "cloudtrail"; [inputs] | '
               '(distinct(.[]; .eventSource) | length), time_span(.[])']
    got = dask(["--records", "-n", "-c", 'include "cloudtrail"; [inputs] | '
                '{d: distinct(.[]; .eventSource), s: time_span(.[])}', "--reduce",
                'include "cloudtrail"; [inputs] | (merge_distinct(.[].d) | length), '
                'merge_time_spans(.[].s)', "tree"], scheduler=sched)
    same("--reduce with distinct and time_span", local(summary, ["tree"]), got)

    # A worker killed by SIGKILL mid-run: its tasks run again, the output is the same.
    killed_args = ["--records", "-c", '.eventID']
    want = local(killed_args, ["tree"])
    pids = cluster.wait_for_workers(2)
    victim = sorted(pids.values())[0]
    p = subprocess.Popen([PYTHON, driver, "--ctq", ctq, "--scheduler", sched, "--shard-files",
                          "4", *killed_args, "tree"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    chunks = []
    reader = threading.Thread(target=lambda: chunks.append(p.stdout.read()))
    first = p.stdout.read(1)  # the run is under way: shards are out on both workers
    reader.start()
    os.kill(victim, signal.SIGKILL)
    reader.join(timeout=150)
    err = p.stderr.read()
    p.wait(timeout=30)
    same("a worker killed mid-run", want, (first + b"".join(chunks), err, p.returncode))
    after = cluster.wait_for_workers(2)  # the nanny starts it again
    check("the killed worker was started again", victim not in after.values(), after)

    # A corrupt shard: ctq's message naming it, status 5, every other shard complete.
    shutil.copytree("tree", "damaged")
    damaged = sorted(os.path.join(d, f) for d, _, fs in os.walk("damaged")
                     for f in fs if f.endswith(".json.gz"))
    bad = damaged[len(damaged) // 2]
    with open(bad, "rb") as f:
        head = f.read(1500)
    with open(bad, "wb") as f:
        f.write(head)
    args = ["--records", "-c", 'select(.eventName == "ConsoleLogin") | .eventTime']
    i = damaged.index(bad)
    parts = [local(args, damaged[:i]), local(args, [bad]), local(args, damaged[i + 1:])]
    want = (b"".join(p[0] for p in parts), b"".join(p[1] for p in parts), 5)
    got = dask([*args, "damaged"], scheduler=sched)
    same("a corrupt shard", want, got)
    check("the corrupt shard's message is ctq's", got[1] == want[1] and bad.encode() in got[1],
          got[1][-500:])

    # Ctrl-C: the tasks are cancelled (none left on the scheduler), exit status 130.
    p = subprocess.Popen([PYTHON, driver, "--ctq", ctq, "--scheduler", sched, "--shard-size",
                          "64K", "--records", "-c", "[range(300) as $i | .eventName] | length",
                          "big.json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    p.stdout.read(1)
    start = time.time()
    p.send_signal(signal.SIGINT)
    _, err = p.communicate(timeout=60)
    took = time.time() - start
    check("Ctrl-C ends the run with 130", p.returncode == 130 and b"interrupted" in err
          and took < 15, f"{p.returncode} after {took:.1f}s: {err[-500:]!r}")
    with cluster.client() as c:
        deadline = time.time() + 20
        left = c.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
        while left and time.time() < deadline:
            time.sleep(0.5)
            left = c.run_on_scheduler(lambda dask_scheduler: len(dask_scheduler.tasks))
    check("Ctrl-C leaves no task on the scheduler", left == 0, f"{left} tasks")

    # --local 2: a cluster of our own, the same bytes; Ctrl-C while it starts or runs stops it
    # (its processes' command lines name their folder, made under our TMPDIR).
    local_env = dict(os.environ, TMPDIR=os.path.join(work, "local-tmp"))
    os.makedirs(local_env["TMPDIR"])
    p = subprocess.run([PYTHON, driver, "--ctq", ctq, "--local", "2", *cases[0], "tree"],
                       capture_output=True, env=local_env, timeout=120)
    same("--local 2", local(cases[0], ["tree"]), (p.stdout, p.stderr, p.returncode))
    for wait in (0.5, 3.0):
        # Work enough that the run is still going at the signal, even on an idle machine.
        p = subprocess.Popen([PYTHON, driver, "--ctq", ctq, "--local", "2", "--shard-size", "64K",
                              "--records", "-c", "[range(5000) as $i | .eventName] | length",
                              "big.json"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             env=local_env)
        time.sleep(wait)
        p.send_signal(signal.SIGINT)
        _, err = p.communicate(timeout=60)
        left = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as f:
                    if local_env["TMPDIR"].encode() in f.read():
                        left.append(int(pid))
            except OSError:
                pass
        for pid in left:  # ours: stop them, and fail
            os.kill(pid, signal.SIGKILL)
        check(f"Ctrl-C {wait} s into a --local run", p.returncode == 130 and not left
              and b"interrupted" in err, f"{p.returncode}, left {left}, {err[-300:]!r}")

    # Progress on a terminal: shards done of all, bytes, workers; stdout unchanged.
    master, slave = terminal.open_terminal()
    p = subprocess.Popen([PYTHON, driver, "--ctq", ctq, "--scheduler", sched, "--shard-files",
                          "8", *cases[0], "tree"], stdout=subprocess.PIPE, stderr=slave)
    os.close(slave)
    out = p.stdout.read()
    p.wait(timeout=120)
    shown = terminal.read_until_closed(master)
    check("progress on a terminal", b"shards" in shown and b"workers" in shown
          and out == local(cases[0], ["tree"])[0], shown[-300:])

    # A task that cannot finish (ctq past --task-timeout, no ctq on the worker): retried,
    # then a ctq-dask error naming each shard, status 2; nothing else printed. The slow ctq
    # is one that never ends: a real ctq under a tiny timeout may finish before the worker
    # looks, on a loaded machine, and its result then stands.
    few = files[:3]
    never_ends = os.path.join(work, "never-ending-ctq")
    with open(never_ends, "w") as f:
        f.write("#!/bin/sh\nexec sleep 60\n")
    os.chmod(never_ends, 0o755)
    for extra, word in [(["--worker-ctq", never_ends, "--task-timeout", "0.5", "--retries", "1"],
                         b"--task-timeout"),
                        (["--worker-ctq", os.path.join(work, "no-ctq")], b"cannot run")]:
        out, err, status = dask([*args, *few], scheduler=sched,
                                extra=[*extra, "--shard-files", "1"])
        named = all(f.encode() in err for f in few)
        check(f"a task that fails ({word.decode()})", status == 2 and named and word in err
              and err.count(b"ctq-dask: error:") == 3, f"{status} {err[-600:]!r}")

    # An unreachable scheduler: a clear error within seconds.
    start = time.time()
    out, err, status = dask([*args, "tree"], scheduler="tcp://127.0.0.1:9",
                            extra=["--connect-timeout", "2"])
    took = time.time() - start
    check("an unreachable scheduler", status == 2 and b"cannot reach the Dask scheduler" in err
          and took < 15 and not out, f"{status} {took:.1f}s {err!r}")

    # Refused: not distributable without --reduce.
    for args, word in [(["-s", "."], b"-s"), (["--records", "[., input]"], b"inputs itself"),
                       (["-n", "1"], b"-n"), (["--hunt", "all"], b"access_denied_burst"),
                       (["--expect", "none", "."], b"--expect"), ([".records"], None)]:
        out, err, status = dask([*args, "tree"] if word else [*args], scheduler=sched)
        if word is None:
            check("no PATHS is refused", status == 2 and b"PATHS" in err, err)
        else:
            check(f"refusal of {args}", status == 2 and word in err and not out, err)


def main():
    with tempfile.TemporaryDirectory(prefix="ctq-dask-test-") as work:
        cluster = Cluster(work)
        try:
            run_checks(work, cluster)
        finally:
            os.chdir("/")
            cluster.stop()
            if failures:
                with open(os.path.join(work, "cluster.log"), "rb") as f:
                    sys.stdout.write(f.read()[-3000:].decode("utf-8", "replace"))
    for f in failures:
        print("FAIL:", f)
    print(f"{checks} checks, {len(failures)} failures")
    return 1 if failures else 0


sys.exit(main())
