#!/usr/bin/env python3
"""ctq -i end to end, in a tmux server this test starts on a socket of its own.

    test_explore_tmux.py CTQ_BINARY SOURCE_DIR

A walkthrough filter is typed key by key; after each key the screen (capture-pane) must show
the filter line as typed and, once the run is done, the first lines batch ctq prints for that
prefix of the filter, or a compile error with its caret where batch ctq puts it. Then: Tab
completes `.Records[0].userI` to `.userIdentity` and a value inside a string; a runtime error
shows its caret; M-r toggles -r in the command line shown; Enter's stdout is byte for byte what
batch ctq prints; the filter lands in the history file; Ctrl-O prints a command line that runs;
data piped to ctq -i works the same; JQ_COLORS and NO_COLOR hold; a terminal too small and no terminal at all are exit 2.
The server is stopped by its own socket (kill-server) and, should it linger, by its PID.
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

CTQ = os.path.abspath(sys.argv[1])
SOURCE = os.path.abspath(sys.argv[2])
SAMPLE = os.path.join(SOURCE, "samples", "cloudtrail_log.json")
WIDTH, HEIGHT = 220, 40  # the walkthrough filter fits on the line
TOP_ROWS, BOTTOM_ROWS = 4, 2
PROMPT = "> "
# The tutorial's question "who touched the bucket?", typed as a learner would.
WALKTHROUGH = ('.Records[] | select(.eventSource == "s3.amazonaws.com" and '
               '.requestParameters.bucketName=="wareville-care4wares") | '
               '[.eventTime, .eventName, .userIdentity.userName // "N/A"] | @tsv')
TIMEOUT = float(os.environ.get("CTQ_EXPLORE_TEST_TIMEOUT", "10"))

failures = []


def fail(message):
    failures.append(message)
    print("FAIL:", message, flush=True)


class Tmux:
    """One tmux server on a private socket; every session runs one shell command."""

    def __init__(self, workdir):
        self.socket = f"ctq-explore-test-{os.getpid()}-{int(time.time() * 1000) % 100000}"
        self.workdir = workdir
        self.pid = None
        self.socket_path = None

    def run(self, *args, check=True):
        return subprocess.run(["tmux", "-L", self.socket, "-f", "/dev/null", *args],
                              capture_output=True, text=True, check=check)

    def start(self, name, command, width=WIDTH, height=HEIGHT):
        if self.pid is None:
            # A session that stays keeps the server up; panes stay after their command ends,
            # so a fast exit is still seen.
            self.run("new-session", "-d", "-s", "keep", "sleep 600")
            self.run("set-option", "-g", "remain-on-exit", "on")
            info = self.run("display-message", "-p", "#{pid} #{socket_path}").stdout.split()
            self.pid, self.socket_path = int(info[0]), info[1]
        self.run("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                 "-c", self.workdir, command)

    def keys(self, name, *keys, literal=False):
        self.run("send-keys", "-t", name, *(["-l"] if literal else []), *keys)

    def screen(self, name):
        text = self.run("capture-pane", "-p", "-t", name).stdout
        rows = text.split("\n")
        return (rows + [""] * HEIGHT)[:HEIGHT]

    def stop(self):
        self.run("kill-server", check=False)
        if self.pid is not None:
            for _ in range(50):
                try:
                    os.kill(self.pid, 0)
                except ProcessLookupError:
                    break
                time.sleep(0.1)
            else:
                os.kill(self.pid, signal.SIGKILL)
        if self.socket_path and os.path.exists(self.socket_path):
            os.unlink(self.socket_path)


def batch(filter_text, *options, files=(SAMPLE,)):
    return subprocess.run([CTQ, *options, filter_text, *files], capture_output=True,
                          env=dict(os.environ, NO_COLOR="1"))


def expected_caret(filter_text, stderr):
    """The column of the first caret batch ctq puts under the filter, 0-based in the filter.
    Batch ctq shows a long filter as a window ("...") around the fault."""
    lines = stderr.decode().split("\n")
    if len(lines) < 3:
        return None
    excerpt, carets = lines[1][4:], lines[2][4:]
    prefix = "..." if excerpt.startswith("...") else ""
    core = excerpt[len(prefix):]
    if core.endswith("..."):
        core = core[:-3]
    start = filter_text.find(core)
    if start < 0 or "^" not in carets:
        return None
    return start + carets.index("^") - len(prefix)


def cut(line, width):
    # Lines are compared within the screen's width; the sample's lines are ASCII where it
    # matters, and a wide character only shortens what is compared.
    return line[:width].rstrip() if line.isascii() else line[:width // 2].rstrip()


def wait_for(tmux, name, predicate, what):
    deadline = time.time() + TIMEOUT
    rows = tmux.screen(name)
    while time.time() < deadline:
        rows = tmux.screen(name)
        if predicate(rows):
            return rows
        time.sleep(0.02)
    fail(f"{what}; the screen was:\n" + "\n".join(rows))
    return rows


def results_match(rows, expected_lines):
    area = [r.rstrip() for r in rows[TOP_ROWS:HEIGHT - BOTTOM_ROWS]]
    want = [cut(line, WIDTH) for line in expected_lines[:len(area)]]
    got = area[:len(want)]
    if not all(g == w or (not w.isascii() and g.startswith(w)) for g, w in zip(got, want)):
        return False
    return all(r == "" for r in area[len(want):])


def check_step(tmux, name, typed, options=()):
    """After a key: the filter line, then what the results or the error must be."""
    result = batch(typed, *options)
    line = PROMPT + typed

    def filter_line_ok(rows):
        return rows[0].rstrip() == line.rstrip()

    if result.returncode == 3:
        column = expected_caret(typed, result.stderr)

        def shows_error(rows):
            return (filter_line_ok(rows) and rows[2].startswith("ctq: error:")
                    and (column is None or rows[1][len(PROMPT) + column:].startswith("^")))

        wait_for(tmux, name, shows_error, f"compile error with caret for {typed!r}")
    elif result.returncode == 0:
        expected = result.stdout.decode().split("\n")
        if expected and expected[-1] == "":
            expected.pop()

        def shows_results(rows):
            return (filter_line_ok(rows) and "running" not in rows[3]
                    and rows[2].strip() == "" and results_match(rows, expected))

        wait_for(tmux, name, shows_results, f"batch ctq's output for {typed!r}")
    else:
        wait_for(tmux, name, lambda rows: filter_line_ok(rows) and rows[2].startswith("ctq: error"),
                 f"runtime error for {typed!r} (batch exit {result.returncode})")


def wait_exit(path):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        if os.path.exists(path) and open(path).read().strip():
            return int(open(path).read().strip())
        time.sleep(0.05)
    fail(f"ctq -i did not end ({path})")
    return None


def session_command(work, name, args, stdin=None):
    out, err, status = (os.path.join(work, f"{name}.{x}") for x in ("out", "err", "status"))
    redirect = f"< {stdin}" if stdin else ""
    shell = (f"XDG_STATE_HOME={work}/state NO_COLOR= {CTQ} -i {args} {redirect} > {out} 2> {err}; "
             f"echo $? > {status}")
    return shell, out, err, status


def walkthrough(tmux, work):
    shell, out, err, status = session_command(work, "walk", SAMPLE)
    tmux.start("walk", shell)
    wait_for(tmux, "walk", lambda rows: rows[3].startswith("sample: all 300 records"),
             "the status line names the sample")
    tmux.keys("walk", "C-u")
    typed = ""
    for ch in WALKTHROUGH:
        tmux.keys("walk", ch, literal=True)
        typed += ch
        check_step(tmux, "walk", typed)
    tmux.keys("walk", "M-r")
    wait_for(tmux, "walk", lambda rows: rows[HEIGHT - 2].startswith("$ ctq -r '.Records[]"),
             "M-r shows -r in the command line")
    tmux.keys("walk", "Enter")
    code = wait_exit(status)
    expected = batch(WALKTHROUGH, "-r")
    got = open(out, "rb").read()
    if code != 0:
        fail(f"Enter: exit {code}, stderr {open(err).read()!r}")
    if got != expected.stdout or not got:
        fail(f"Enter: stdout differs from batch ctq -r:\n{got[:300]!r}\n{expected.stdout[:300]!r}")
    history = os.path.join(work, "state", "ctq", "history")
    entries = [json.loads(line) for line in open(history)] if os.path.exists(history) else []
    if not entries or entries[-1] != WALKTHROUGH:
        fail(f"the history file's last entry is not the filter: {entries[-1:]!r}")


def completion_and_errors(tmux, work):
    shell, out, err, status = session_command(work, "tab", SAMPLE)
    tmux.start("tab", shell)
    wait_for(tmux, "tab", lambda rows: rows[3].startswith("sample:"), "the explorer starts")
    tmux.keys("tab", "C-u")
    tmux.keys("tab", ".Records[0].userI", literal=True)
    tmux.keys("tab", "Tab")
    wait_for(tmux, "tab", lambda rows: rows[0].rstrip() == "> .Records[0].userIdentity",
             "Tab completes .Records[0].userI to .userIdentity")
    check_step(tmux, "tab", ".Records[0].userIdentity")
    # A value inside a string literal.
    tmux.keys("tab", "C-u")
    tmux.keys("tab", '.Records[] | select(.eventName == "ConsoleL', literal=True)
    tmux.keys("tab", "Tab")
    wait_for(tmux, "tab",
             lambda rows: rows[0].rstrip() == '> .Records[] | select(.eventName == "ConsoleLogin"',
             "Tab completes an observed value inside a string")
    # A runtime error: ctq's message, the caret under the failing part.
    bad = '.Records[0].eventName + 1'
    tmux.keys("tab", "C-u")
    tmux.keys("tab", bad, literal=True)
    message = batch(bad).stderr.decode().split("\n")[0]
    plus = bad.index("+")
    wait_for(tmux, "tab",
             lambda rows: rows[2].startswith(message) and "^" in rows[1]
             and rows[1].index("^") <= len(PROMPT) + plus,
             f"the runtime error {message!r} with a caret")
    # The last good output stays, and the error line goes once the filter is fixed.
    tmux.keys("tab", "BSpace", "BSpace", "BSpace", "BSpace")
    check_step(tmux, "tab", ".Records[0].eventName")
    tmux.keys("tab", "C-o")
    if wait_exit(status) != 0:
        fail("Ctrl-O: exit status is not 0")
    command = open(out).read()
    if command != f"ctq '.Records[0].eventName' {SAMPLE}\n":
        fail(f"Ctrl-O printed {command!r}")
    else:
        ran = subprocess.run(["sh", "-c", command.replace("ctq ", CTQ + " ", 1)],
                             capture_output=True)
        if ran.stdout != batch(".Records[0].eventName").stdout:
            fail("the command line Ctrl-O printed does not give batch ctq's output")


def piped_stdin(tmux, work):
    shell, out, err, status = session_command(work, "pipe", "", stdin=SAMPLE)
    tmux.start("pipe", shell)
    wait_for(tmux, "pipe", lambda rows: rows[3].startswith("sample: all 300 records"),
             "the sample is read from standard input")
    tmux.keys("pipe", "C-u")
    tmux.keys("pipe", "[.Records[].eventSource] | unique", literal=True)
    check_step(tmux, "pipe", "[.Records[].eventSource] | unique")
    tmux.keys("pipe", "M-c", "Enter")
    wait_exit(status)
    expected = batch("[.Records[].eventSource] | unique", "-c")
    if open(out, "rb").read() != expected.stdout:
        fail("Enter on piped input differs from batch ctq -c")


def records_option(tmux, work):
    """With --records each event is an input of its own, in the sample too."""
    shell, out, err, status = session_command(work, "records", f"--records {SAMPLE}")
    tmux.start("records", shell)
    wait_for(tmux, "records", lambda rows: rows[3].startswith("sample: all 300 records"),
             "the sample of --records")
    tmux.keys("records", "C-u")
    for filter_text in (".eventN", ".eventName", "select(.errorCode) | .errorCode"):
        tmux.keys("records", "C-u")
        tmux.keys("records", filter_text, literal=True)
        check_step(tmux, "records", filter_text, ("--records",))
    tmux.keys("records", "Enter")
    wait_exit(status)
    if open(out, "rb").read() != batch("select(.errorCode) | .errorCode", "--records").stdout:
        fail("Enter with --records differs from batch ctq --records")


def colours(tmux, work):
    """JQ_COLORS sets the results' palette (keys underlined red here); NO_COLOR turns it off."""
    filter_text = ".Records[0].userIdentity"
    for name, env in (("palette", "JQ_COLORS='0;31:0;32:0;33:0;34:0;35:0;36:0;37:4;31'"),
                      ("plain", "NO_COLOR=1")):
        status = os.path.join(work, f"{name}.status")
        tmux.start(name, f"{env} {CTQ} -i {SAMPLE} > /dev/null; echo $? > {status}")
        wait_for(tmux, name, lambda rows: rows[3].startswith("sample:"), "the explorer starts")
        tmux.keys(name, "C-u")
        tmux.keys(name, filter_text, literal=True)
        check_step(tmux, name, filter_text)
        screen = tmux.run("capture-pane", "-e", "-p", "-t", name).stdout
        key_line = next((l for l in screen.split("\n") if '"type"' in l), "")
        if name == "palette" and "31m\"type\"" not in key_line:
            fail(f"JQ_COLORS: the key is not red: {key_line!r}")
        if name == "plain" and any(f"[3{c}m" in screen for c in range(8)):
            fail(f"NO_COLOR: the screen has colours: {key_line!r}")
        tmux.keys(name, "Escape")
        if wait_exit(status) != 130:
            fail("Esc: the exit status is not 130")


def refusals(tmux, work):
    shell, out, err, status = session_command(work, "small", SAMPLE)
    tmux.start("small", shell, width=30, height=6)
    if wait_exit(status) != 2 or "at least" not in open(err).read():
        fail(f"a small terminal: want exit 2 and a message, got {open(err).read()!r}")
    no_tty = subprocess.run([CTQ, "-i", SAMPLE], capture_output=True, stdin=subprocess.DEVNULL,
                            start_new_session=True)
    if no_tty.returncode != 2 or b"/dev/tty" not in no_tty.stderr:
        fail(f"no terminal: want exit 2, got {no_tty.returncode} {no_tty.stderr!r}")


def main():
    if shutil.which("tmux") is None:
        print("skipped: tmux is not installed")
        return 77
    work = tempfile.mkdtemp(prefix="ctq-explore-")
    tmux = Tmux(work)
    try:
        walkthrough(tmux, work)
        completion_and_errors(tmux, work)
        piped_stdin(tmux, work)
        records_option(tmux, work)
        colours(tmux, work)
        refusals(tmux, work)
    finally:
        tmux.stop()
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print(f"{len(failures)} failure(s)")
        return 1
    print("explore: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
