#!/usr/bin/env python3
"""Inputs at scale, end to end through the real binary.

- An S3 folder tree read with --records gives exactly the records of the single file that
  the same generator run writes (the generator guarantees both hold the same events).
- Reading files in parallel (--threads) never changes stdout, stderr or the exit code,
  including errors, early exits and input_filename/input_line_number.
- Streaming keeps memory flat: peak RSS stays under 64 MB on a large {"Records":[...]} file.
- The progress line appears on a terminal only, and is erased.

Usage: scale_test.py CTQ_BINARY REPO_ROOT [--sanitized]
The inputs come from tools/gen-cloudtrail and tests/fixtures/inputs.
"""
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import terminal  # noqa: E402

CTQ, ROOT = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
SANITIZED = "--sanitized" in sys.argv
GENERATOR = os.path.join(ROOT, "tools", "gen-cloudtrail")
FIXTURES = os.path.join(ROOT, "tests", "fixtures", "inputs")

failures = []
skipped = []


def check(name, condition, detail=""):
    if condition:
        print(f"ok: {name}")
    else:
        failures.append(name)
        print(f"FAIL: {name}\n{detail}")


def run(args, **kwargs):
    return subprocess.run([CTQ] + args, capture_output=True, cwd=ROOT, timeout=600, **kwargs)


def generate(work, *args):
    subprocess.run([sys.executable, GENERATOR, "--seed", "scale-test", *args], check=True,
                   cwd=work, capture_output=True)


def same_run(name, args, thread_counts=(1, 2, 5)):
    """Every thread count gives byte-identical stdout, stderr and exit code."""
    results = {n: run([f"--threads={n}"] + args) for n in thread_counts}
    base = results[thread_counts[0]]
    for n, result in results.items():
        same = (result.stdout, result.stderr, result.returncode) == (
            base.stdout, base.stderr, base.returncode)
        check(f"--threads {n} == --threads {thread_counts[0]}: {name}", same,
              f"stdout {result.stdout[:300]!r}\nvs     {base.stdout[:300]!r}\n"
              f"stderr {result.stderr[:300]!r}\nvs     {base.stderr[:300]!r}\n"
              f"exit {result.returncode} vs {base.returncode}")
    return base


def parallel_equivalence(work):
    tree = os.path.join(FIXTURES, "tree")
    same_run("fixture tree, filenames and line numbers",
             ["-c", "[input_filename, input_line_number, .Records[]?.eventName]", tree])
    same_run("every shape with --records", ["-c", "--records", "{eventName, eventTime}", FIXTURES])
    same_run("a corrupt gzip among good files stops there",
             ["-c", ".Records[]?.eventName", os.path.join(FIXTURES, "records.json.gz"),
              os.path.join(FIXTURES, "corrupt.ndjson.gz"), os.path.join(FIXTURES, "events.ndjson")])
    same_run("a missing file among good ones", ["-c", "--records", ".eventName",
                                                 os.path.join(FIXTURES, "events.ndjson"),
                                                 "no-such-file.json",
                                                 os.path.join(FIXTURES, "records.json.gz")])
    generate(work, "--records", "6000", "--span", "40000", "--s3-tree", "tree")
    big_tree = os.path.join(work, "tree")
    files = sum(len(f) for _, _, f in os.walk(big_tree))
    check("the generated tree has many files", files > 50, f"{files} files")
    same_run("generated tree, records", ["-c", "--records", ".", big_tree])
    same_run("generated tree, .Records[] streaming",
             ["-r", '.Records[] | [.eventTime, .eventName] | @tsv', big_tree])
    same_run("generated tree, input inside the filter",
             ["-c", "[.Records[0].eventTime, (input | .Records | length)]", big_tree])
    same_run("generated tree, early exit with first(inputs)",
             ["-n", "-c", "first(inputs | .Records[] | .eventID)", big_tree])
    same_run("generated tree, slurp", ["-c", "-s", "map(.Records | length) | add", big_tree])
    same_run("generated tree, halt_error midway",
             ["-c", '.Records[] | if .eventName == "ConsoleLogin" then halt_error else .eventID end',
              big_tree])
    # Files run on the workers (filters that read no inputs themselves): every output
    # option, messages on stderr in their place, hints, exit statuses.
    same_run("generated tree, a runtime error in a record stops its document only",
             ["-c", '.Records[] | if .eventName == "ConsoleLogin" then error("x") else .eventID end',
              big_tree])
    same_run("generated tree, debug and stderr between outputs",
             ["-c", "--records", 'select(.eventName == "ConsoleLogin") | debug | stderr | .eventTime',
              big_tree])
    same_run("generated tree, a misspelled field gives the same hint",
             ["-c", "--records", "select(.eventname == \"x\")", big_tree])
    for flags in (["--seq", "-c"], ["-j"], ["--raw-output0"], ["-C", "-S"], ["--tab", "-a"],
                  ["--indent", "1"]):
        same_run(f"generated tree, {' '.join(flags)}",
                 flags + ["--records", "{eventName, userIdentity, s: \"é\"}", big_tree])
    for last in ("false", "null", "1"):
        same_run(f"generated tree, -e with the last output {last}",
                 ["-e", "--records", f"if .eventName == \"nope\" then 0 else {last} end", big_tree])
    same_run("generated tree, -e with no output", ["-e", "--records", "empty", big_tree])
    same_run("generated tree, --since prunes and filters",
             ["-c", "--records", "--since", "2024-11-28T05:00:00Z", ".eventTime", big_tree])
    # A closed pipe stops the workers too: the run ends quietly, no hang.
    proc = subprocess.Popen([CTQ, "--threads=4", "-c", "--records", ".", big_tree],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    try:
        _, err = proc.communicate(timeout=60)
        check("closed pipe under --threads: quiet exit", proc.returncode == 141 and not err,
              f"exit {proc.returncode}, stderr {err[:200]!r}")
    except subprocess.TimeoutExpired:
        proc.kill()
        check("closed pipe under --threads: no hang", False)


def tree_equals_single_file(work):
    opts = ["--records", "20000", "--span", "150000"]
    generate(work, *opts, "--s3-tree", "same-tree")
    generate(work, *opts, "-o", "same-single.json")
    single = run(["-c", ".Records[]", os.path.join(work, "same-single.json")])
    check("single file reads cleanly", single.returncode == 0 and single.stdout, single.stderr)
    for threads in (1, 2):
        tree = run([f"--threads={threads}", "-c", "--records", ".",
                    os.path.join(work, "same-tree")])
        check(f"--records over the S3 tree == .Records[] of the single file (--threads {threads})",
              tree.returncode == 0 and tree.stdout == single.stdout,
              f"{len(tree.stdout)} vs {len(single.stdout)} bytes; stderr {tree.stderr[:300]!r}")


def streaming_memory(work):
    if SANITIZED:
        skipped.append("streaming memory (sanitizers keep freed memory in quarantine)")
        return
    generate(work, "--mb", "160", "-o", "big.json")
    # A child's peak RSS counts what it inherited across fork and exec, so ctq starts from a
    # fresh, small interpreter that reports ctq's own peak.
    measure = ("import os, subprocess, sys\n"
               "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
               "_, status, usage = os.wait4(p.pid, 0)\n"
               "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")
    filter_text = ('.Records[] | select(.eventSource == "s3.amazonaws.com") | '
                   '[.eventTime, .eventName, .userIdentity.userName // "N/A"] | @tsv')
    result = subprocess.run([sys.executable, "-c", measure, CTQ, "-r", filter_text,
                             os.path.join(work, "big.json")], capture_output=True, text=True)
    code, peak_kb = (int(x) for x in result.stdout.split())
    check("streaming a 160 MB file ran", code == 0, result.stderr[:300])
    check("streaming a 160 MB file peaks under 64 MB RSS", peak_kb < 64 * 1024,
          f"peak {peak_kb} KB")
    print(f"streaming a 160 MB file: peak RSS {peak_kb // 1024} MB")


def progress_line(args, env_extra, stdout_tty=False):
    """Runs ctq with stderr on a pseudo-terminal; returns (stderr bytes, exit code)."""
    master, slave = terminal.open_terminal()
    env = dict(os.environ, **env_extra)
    stdout = slave if stdout_tty else subprocess.PIPE
    proc = subprocess.Popen([CTQ] + args, stdin=subprocess.DEVNULL, stdout=stdout, stderr=slave,
                            cwd=ROOT, env=env)
    os.close(slave)
    if not stdout_tty:
        # Keep the pipe drained so the child never blocks on it.
        out_reader = subprocess.Popen(["cat"], stdin=proc.stdout, stdout=subprocess.DEVNULL)
        proc.stdout.close()
    err = terminal.read_until_closed(master)
    proc.wait(timeout=120)
    if not stdout_tty:
        out_reader.wait()
    return err, proc.returncode


def progress(work):
    good = [os.path.join(FIXTURES, name) for name in
            ("records.json.gz", "events.ndjson", "multi.ndjson.gz", "lookup-events.json")]
    args = ["-c", "--records", ".eventName"] + good
    now = {"CTQ_PROGRESS_AFTER_MS": "0"}
    err, code = progress_line(args, now)
    check("progress: drawn on a terminal stderr, erased at the end",
          code == 0 and b"records/s" in err and err.endswith(b"\r\x1b[K"), repr(err[-300:]))
    err, _ = progress_line(["-c", "--records", ".eventName", os.path.join(FIXTURES, "tree")], now)
    text = err.decode(errors="replace")
    check("progress: erased before an error message", "records/s" in text and
          text.split("ctq: error")[0].endswith("\r\x1b[K"), repr(text[-300:]))
    err, _ = progress_line(["--no-progress"] + args, now)
    check("progress: --no-progress", b"records/s" not in err, repr(err[-200:]))
    err, _ = progress_line(args, now, stdout_tty=True)
    check("progress: not when stdout is the terminal too", b"records/s" not in err,
          repr(err[-200:]))
    err, _ = progress_line(args, {})
    check("progress: not for a run shorter than a second", b"records/s" not in err,
          repr(err[-200:]))
    piped = run(args, env=dict(os.environ, **now))
    check("progress: never when stderr is not a terminal", b"records/s" not in piped.stderr,
          repr(piped.stderr[-200:]))


def main():
    work = tempfile.mkdtemp(prefix="ctq-scale-")
    try:
        parallel_equivalence(work)
        tree_equals_single_file(work)
        streaming_memory(work)
        progress(work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for reason in skipped:
        print(f"skipped: {reason}")
    if failures:
        print(f"{len(failures)} failed: {failures}")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
