#!/usr/bin/env python3
"""How `ctq -i` feels on a big log: time to first results, and keys that never wait.

    bench/explore.sh [--mb 1024] [--ctq PATH] [--work DIR] [--keep]

Generates a log of --mb MiB (tools/gen-cloudtrail, one {"Records":[...]} document, as
CloudTrail writes them) unless it is already in --work, then drives ctq -i in a tmux server
of its own (a private socket, stopped at the end) and reads the screen with capture-pane:

- first results: from starting ctq -i to the sample's status line and results on screen;
- typing: a filter typed key by key on the sample, each key's time until the screen shows
  that key (echo) and until its results are in;
- echo while busy: keys (cursor moves, which change nothing) while the whole input is being
  run on (Ctrl-F), and edits while each edit restarts a long run on the sample;
- the whole input: Ctrl-F on `.Records[] | .eventName` until done, next to batch ctq;
- peak memory of the explorer (VmHWM).

The log is deleted at the end unless --keep. Times include tmux's own latency (a capture
takes a few ms), so they are upper bounds. Timing belongs here, never in tests.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 160, 40


def parse_args():
    p = argparse.ArgumentParser(prog="bench/explore.sh", description=__doc__.split("\n")[0])
    p.add_argument("--mb", type=int, default=1024, help="size of the log in MiB (default 1024)")
    p.add_argument("--ctq", default=os.path.join(ROOT, "build", "ctq"))
    p.add_argument("--work", default=os.path.join(os.environ.get("TMPDIR", "/tmp"), "ctq-bench"))
    p.add_argument("--keep", action="store_true", help="keep the generated log")
    p.add_argument("--runs", type=int, default=3, help="starts measured for first results")
    return p.parse_args()


class Tmux:
    def __init__(self):
        self.socket = f"ctq-explore-bench-{os.getpid()}"
        self.pid = None
        self.socket_path = None

    def run(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=check)

    def start(self, name, command):
        if self.pid is None:
            # A session that stays, so the server does not end between measured sessions.
            self.run("new-session", "-d", "-s", "keep", "sleep 3600")
        self.run("new-session", "-d", "-s", name, "-x", str(WIDTH), "-y", str(HEIGHT), command)
        if self.pid is None:
            info = self.run("display-message", "-p", "#{pid} #{socket_path}").stdout.split()
            self.pid, self.socket_path = int(info[0]), info[1]

    def kill_session(self, name):
        self.run("kill-session", "-t", name, check=False)

    def keys(self, name, *keys, literal=False):
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def rows(self, name):
        return self.run("capture-pane", "-p", "-t", name).stdout.split("\n")

    def cursor_x(self, name):
        return int(self.run("display-message", "-p", "-t", name, "#{cursor_x}").stdout)

    def ctq_pid(self, name):
        pane = int(self.run("display-message", "-p", "-t", name, "#{pane_pid}").stdout)
        children = subprocess.run(["pgrep", "-P", str(pane), "-x", "ctq"], capture_output=True,
                                  text=True).stdout.split()
        return int(children[0]) if children else pane

    def stop(self):
        self.run("kill-server", check=False)
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)


def wait(predicate, timeout=120.0):
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        value = predicate()
        if value:
            return time.monotonic() - start, value
        time.sleep(0.002)
    raise TimeoutError("the screen never showed what was waited for")


def ms(seconds):
    return f"{seconds * 1000:.0f} ms"


def summary(times):
    return (f"median {ms(statistics.median(times))}, p90 "
            f"{ms(sorted(times)[int(len(times) * 0.9) - 1])}, max {ms(max(times))} "
            f"({len(times)} keys)")


def first_results(tmux, ctq, log, runs):
    times = []
    for i in range(runs):
        name = f"start{i}"
        begin = time.monotonic()
        tmux.start(name, f"{ctq} -i {log}; sleep 600")

        def ready():
            rows = tmux.rows(name)
            return len(rows) > 5 and rows[3].startswith("sample: 1,000 of") and rows[4].strip()

        wait(ready)
        times.append(time.monotonic() - begin)
        tmux.kill_session(name)
    return times


def typing(tmux, name, text):
    """Each key's time until the filter line shows it, and until its run is done."""
    echo, results = [], []
    typed = ""
    for ch in text:
        typed += ch
        line = ("> " + typed).rstrip()  # capture-pane drops trailing spaces
        begin = time.monotonic()
        tmux.keys(name, ch, literal=True)
        wait(lambda: tmux.rows(name)[0].rstrip() == line)
        echo.append(time.monotonic() - begin)
        wait(lambda: (lambda rows: rows[0].rstrip() == line and "running" not in rows[3])(
            tmux.rows(name)))
        results.append(time.monotonic() - begin)
    return echo, results


def echo_of_moves(tmux, name, count):
    times = []
    for i in range(count):
        before = tmux.cursor_x(name)
        key = "Left" if i % 2 == 0 else "Right"
        tmux.keys(name, key)
        times.append(wait(lambda: tmux.cursor_x(name) != before)[0])
    return times


def main():
    args = parse_args()
    os.makedirs(args.work, exist_ok=True)
    log = os.path.join(args.work, f"explore-{args.mb}m.json")
    if not os.path.exists(log):
        print(f"generating {log} ({args.mb} MiB)...", flush=True)
        subprocess.run([os.path.join(ROOT, "tools", "gen-cloudtrail"), "--mb", str(args.mb),
                        "-o", log], check=True)
    size = os.path.getsize(log)
    ctq = os.path.abspath(args.ctq)
    state = tempfile.mkdtemp(prefix="ctq-explore-bench-")
    os.environ["XDG_STATE_HOME"] = state
    tmux = Tmux()
    try:
        print(f"log: {size / 2**20:.0f} MiB, one document; ctq: {ctq}")
        starts = first_results(tmux, ctq, log, args.runs)
        print(f"first results on screen: {', '.join(ms(t) for t in starts)} "
              f"(median {ms(statistics.median(starts))})")

        tmux.start("main", f"{ctq} -i {log}; sleep 600")
        wait(lambda: tmux.rows("main")[3].startswith("sample: 1,000 of"))
        tmux.keys("main", "C-u")
        wait(lambda: tmux.rows("main")[0].rstrip() == ">")
        # Typed while the rest of the log is still being counted in the background.
        echo, results = typing(tmux, "main",
                               '.Records[] | select(.eventName == "ConsoleLogin") | .sourceIPAddress')
        print(f"typing on the sample, key to echo:    {summary(echo)}")
        print(f"typing on the sample, key to results: {summary(results)}")

        tmux.keys("main", "C-u")
        tmux.keys("main", ".Records[] | .eventName", literal=True)
        wait(lambda: "running" not in tmux.rows("main")[3])
        begin = time.monotonic()
        tmux.keys("main", "C-f")
        wait(lambda: "running" in tmux.rows("main")[3])
        moves = echo_of_moves(tmux, "main", 40)
        elapsed, _ = wait(lambda: "done" in tmux.rows("main")[3], timeout=600)
        whole = time.monotonic() - begin
        print(f"cursor keys during the run on the whole input: {summary(moves)}")
        print(f"the whole input (.Records[] | .eventName): {whole:.1f} s on screen; "
              f"status: {tmux.rows('main')[3].strip()}")
        batch_begin = time.monotonic()
        subprocess.run([ctq, ".Records[] | .eventName", log], stdout=subprocess.DEVNULL, check=True)
        print(f"batch ctq, same filter: {time.monotonic() - batch_begin:.1f} s")

        # Every key restarts a run of seconds on the sample: the echo must not wait for it.
        tmux.keys("main", "Escape")
        time.sleep(0.1)  # alone, or ESC and the next key read as one Alt+key
        tmux.keys("main", "C-u")
        tmux.keys("main", "[limit(30000000; repeat(1))] | length * 1", literal=True)
        wait(lambda: "running" in tmux.rows("main")[3])
        busy = []
        for _ in range(20):
            line = tmux.rows("main")[0].rstrip() + "1"
            begin = time.monotonic()
            tmux.keys("main", "1", literal=True)
            wait(lambda: tmux.rows("main")[0].rstrip() == line)
            busy.append(time.monotonic() - begin)
        print(f"edits while each restarts a long run, key to echo: {summary(busy)}")

        pid = tmux.ctq_pid("main")
        with open(f"/proc/{pid}/status") as status:
            peak = [l for l in status if l.startswith("VmHWM")][0].split()[1]
        print(f"peak memory of ctq -i (VmHWM): {int(peak) / 1024:.0f} MiB")
    finally:
        tmux.stop()
        subprocess.run(["rm", "-rf", state])
        if not args.keep:
            os.unlink(log)
    return 0


if __name__ == "__main__":
    sys.exit(main())
