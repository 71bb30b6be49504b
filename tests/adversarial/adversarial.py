#!/usr/bin/env python3
"""Hostile inputs and filters against the real ctq binary.

Each case generates its input, runs ctq with a time limit, and checks that it
ends cleanly: the right output, or a clear message with the right exit code,
never a signal death, a hang, or runaway memory. Run as

    adversarial.py path/to/ctq

It prints one line per failure and a closing `adversarial: N passed, M failed`.
"""

import os
import resource
import subprocess
import sys
import tempfile

TIMEOUT = 120  # seconds; generous because the suite also runs under ASan
MEMORY_LIMIT_MB = 3000


def run(ctq, args, stdin=b"", path_input=None):
    """Runs ctq; returns (exit code, stdout, stderr, peak RSS in MB of this child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    argv = [ctq] + args + ([path_input] if path_input else [])
    proc = subprocess.run(argv, input=stdin, capture_output=True, timeout=TIMEOUT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # ru_maxrss of children is the maximum over all of them, so only growth is attributable.
    return proc.returncode, proc.stdout, proc.stderr, max(after, before) / 1024


# A child's peak RSS counts what it inherited across fork and exec, so ctq starts from a fresh,
# small interpreter that reports ctq's own peak.
MEASURE = ("import os, subprocess, sys\n"
           "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
           "_, status, usage = os.wait4(p.pid, 0)\n"
           "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n")


def run_measured(ctq, args):
    """Runs ctq with stdout discarded; returns (exit code, stderr, ctq's own peak RSS in MB)."""
    proc = subprocess.run([sys.executable, "-c", MEASURE, ctq] + args, capture_output=True,
                          timeout=TIMEOUT)
    code, peak_kb = (int(x) for x in proc.stdout.split())
    return code, proc.stderr, peak_kb / 1024


def case(name):
    def wrap(fn):
        CASES.append((name, fn))
        return fn
    return wrap


CASES = []


def expect(cond, message):
    if not cond:
        raise AssertionError(message)


def clean(code, err):
    expect(code >= 0, f"killed by signal {-code}: {err[-300:]!r}")
    expect(b"internal error" not in err, f"internal error: {err[-300:]!r}")
    expect(b"AddressSanitizer" not in err and b"runtime error:" not in err,
           f"sanitizer report: {err[-500:]!r}")


@case("arrays nested 100,000 deep in input are refused")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["."], b"[" * 100_000 + b"]" * 100_000)
    clean(code, err)
    expect(code == 5 and b"Exceeds depth limit for parsing" in err, f"exit {code}, {err[:200]!r}")


@case("arrays nested 1,000,000 deep in input are refused")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["."], b"[" * 1_000_000 + b"]" * 1_000_000)
    clean(code, err)
    expect(code == 5 and b"Exceeds depth limit" in err, f"exit {code}")


@case("objects nested 100,000 deep in input are refused")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["."], b'{"a":' * 100_000 + b"1" + b"}" * 100_000)
    clean(code, err)
    expect(code == 5 and b"Exceeds depth limit" in err, f"exit {code}")


@case("values built 100,000 deep by a filter print, compare and drop safely")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-n", "-c", "reduce range(100000) as $_ ([]; [.]) | (length, (tojson | length > 0))"])
    clean(code, err)
    expect(code == 0 and out == b"1\ntrue\n", f"exit {code}, {out[:100]!r}")
    code, out, err, _ = run(ctq, ["-n", "reduce range(100000) as $_ ([]; [.]) as $x | "
                                  "reduce range(100000) as $_ ([]; [.]) as $y | $x == $y"])
    clean(code, err)
    expect(code == 5 and b"Equality check too deep" in err, f"exit {code}, {err[:200]!r}")


@case("values built 1,000,000 deep by a filter are released without recursion")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-n", "reduce range(1000000) as $_ (null; {a: .}) | type"])
    clean(code, err)
    expect(code == 0 and out == b'"object"\n', f"exit {code}, {out!r}")


@case("a 100 MB string")
def _(ctq, tmp):
    path = os.path.join(tmp, "big-string.json")
    with open(path, "wb") as f:
        f.write(b'"' + b"a" * 100_000_000 + b'"')
    code, out, err, rss = run(ctq, ["length"], path_input=path)
    clean(code, err)
    expect(code == 0 and out == b"100000000\n", f"exit {code}, {out!r}")
    expect(rss < MEMORY_LIMIT_MB, f"peak RSS {rss:.0f} MB")


@case("numbers: beyond double range, negative zero, 100 digits")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-c", "."], b"[1e400, -1e400, -0, " + b"9" * 100 + b"]")
    clean(code, err)
    expect(out == b"[1.7976931348623157e+308,-1.7976931348623157e+308,-0," + b"9" * 100 + b"]\n",
           f"{out!r}")


@case("invalid UTF-8 and lone surrogates in strings")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-c", "."], b'["a\xffb", "\\udc00"]')
    clean(code, err)
    expect(code == 0 and out == '["a\ufffdb","\ufffd"]\n'.encode(), f"{out!r}")


@case("invalid UTF-8 in --arg and in the filter")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-n", "-c", "--arg", "x", "a\udcff".encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape"), "[$x | length]"])
    clean(code, err)
    code, out, err, _ = run(ctq, ["-n", "-c", '"a\udcffb" | explode'.encode("utf-8", "surrogateescape").decode("utf-8", "surrogateescape")])
    clean(code, err)
    expect(code == 0 and out == b"[97,65533,98]\n", f"{out!r}")


@case("a NUL byte never silently ends the input")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-c", "."], b'{"a":1}\x00{"b":2}')
    clean(code, err)
    expect(code == 5 and out == b'{"a":1}\n', f"exit {code}, {out!r}")
    code, out, err, _ = run(ctq, ["-c", "."], b'"a\x00b"')
    clean(code, err)
    expect(code == 5, f"a raw NUL inside a string must be an error, exit {code}")


@case("truncated and empty files, BOM")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-c", "."], b'{"Records":[{"a":1},')
    clean(code, err)
    expect(code == 5 and b"Unfinished JSON term" in err, f"exit {code}")
    code, out, err, _ = run(ctq, ["."], b"")
    clean(code, err)
    expect(code == 0 and out == b"", f"exit {code}")
    code, out, err, _ = run(ctq, ["-c", "."], b"\xef\xbb\xbf[1]")
    clean(code, err)
    expect(code == 0 and out == b"[1]\n", f"exit {code}, {out!r}")


@case("a missing file among good ones")
def _(ctq, tmp):
    good = os.path.join(tmp, "good.json")
    with open(good, "w") as f:
        f.write("1")
    code, out, err, _ = run(ctq, [".", good, os.path.join(tmp, "missing.json"), good])
    clean(code, err)
    expect(code == 2 and out == b"1\n1\n" and b"Could not open" in err, f"exit {code}, {out!r}")


@case("writing to a full disk is an error with exit 2")
def _(ctq, tmp):
    with open("/dev/full", "wb") as full:
        proc = subprocess.run([ctq, "-n", "range(100000)"], stdout=full, capture_output=False,
                              stderr=subprocess.PIPE, timeout=TIMEOUT)
    clean(proc.returncode, proc.stderr)
    expect(proc.returncode == 2 and proc.stderr, f"exit {proc.returncode}, {proc.stderr!r}")


@case("a reader that goes away (ctq | head -1) ends ctq quietly, not by a signal")
def _(ctq, tmp):
    proc = subprocess.Popen([ctq, "-n", "range(100000000)"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    code = proc.wait(timeout=TIMEOUT)
    clean(code, err)
    expect(code == 141 and err == b"", f"exit {code}, {err[:200]!r}")


@case("infinite recursion in a filter ends in an error")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-n", "def f: f; f"])
    clean(code, err)
    expect(code == 5 and b"recursion too deep" in err, f"exit {code}, {err[:200]!r}")
    code, out, err, _ = run(ctq, ["-n", "def f: 1 + f; f"])
    clean(code, err)
    expect(code == 5, f"exit {code}")


@case("huge range, repeat and string repetition end in clear errors")
def _(ctq, tmp):
    code, out, err, rss = run(ctq, ["-n", "[range(1e9)] | length"])
    clean(code, err)
    expect(code == 5 and b"Array too large" in err, f"exit {code}, {err[:200]!r}")
    code, out, err, _ = run(ctq, ["-n", '"x" * 1e10 | length'])
    clean(code, err)
    expect(code == 5 and b"too long" in err, f"exit {code}, {err[:200]!r}")
    code, out, err, _ = run(ctq, ["-n", "[limit(1000000; repeat(1))] | length"])
    clean(code, err)
    expect(out == b"1000000\n", f"{out!r}")


@case("filters that build without end stop at --memory-limit with a clear error")
def _(ctq, tmp):
    limit_mb = 400
    for filter_text in [
        "[range(1000)] | [combinations(3)] | length",
        '[range(100)] | map("x" * 1e8) | length',
        "[1] | until(length > 1e9; . + .) | length",
        '[limit(1e8; repeat("abcdefgh"))] | length',
        "reduce range(1e9) as $i ([]; . + [$i]) | length",
        'reduce range(1e9) as $i ({}; .["k\\($i)"] = $i) | length',
        "foreach range(1e9) as $i ([]; . + [$i]; empty)",
    ]:
        code, err, rss = run_measured(ctq, ["--memory-limit", f"{limit_mb}M", "-n", filter_text])
        clean(code, err)
        expect(code == 5 and b"Out of memory" in err and b"--memory-limit" in err,
               f"{filter_text}: exit {code}, {err[:300]!r}")
        # The ceiling is checked as values grow, so the peak may pass it by one growth step.
        expect(rss < limit_mb * 1.5, f"{filter_text}: peak RSS {rss:.0f} MB")
    code, out, err, _ = run(ctq, ["--memory-limit", "lots", "-n", "1"])
    expect(code == 2 and b"--memory-limit takes a size" in err, f"exit {code}, {err!r}")
    code, out, err, _ = run(ctq, ["--memory-limit", "none", "-n", "[range(1e6)] | length"])
    expect(code == 0 and out == b"1000000\n", f"exit {code}, {out!r}")


@case("a filter nested 10,000 deep works (or, in sanitizer builds, is refused); 1,000,000 is refused")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["-n", "(" * 10_000 + "1" + ")" * 10_000])
    clean(code, err)
    expect((code == 0 and out == b"1\n") or (code == 3 and b"nesting too deep" in err),
           f"exit {code}")
    deep = os.path.join(tmp, "deep.jq")
    with open(deep, "w") as f:
        f.write("(" * 1_000_000 + "1" + ")" * 1_000_000)
    code, out, err, _ = run(ctq, ["-n", "-f", deep])
    clean(code, err)
    expect(code == 3 and b"nesting too deep" in err, f"exit {code}")


@case("an object with 1,000,000 keys")
def _(ctq, tmp):
    body = b",".join(b'"k%d":%d' % (i, i) for i in range(1_000_000))
    code, out, err, _ = run(ctq, ["-c", '[length, .k999999]'], b"{" + body + b"}")
    clean(code, err)
    expect(out == b"[1000000,999999]\n", f"{out!r}")


@case("10,000,000 numbers under ulimit -v 1 GiB: the stack is sized from the limit")
def _(ctq, tmp):
    gib = 1 << 30
    limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (gib, gib))
    proc = subprocess.run([ctq, "-n", "[range(1e7)] | length"], capture_output=True,
                          timeout=TIMEOUT, preexec_fn=limit)
    if b"Sanitizer" in proc.stderr or b"ulimit -v" in proc.stderr:
        return  # ASan reserves terabytes of shadow memory: no address-space limit fits it
    expect(proc.returncode == 0 and proc.stdout == b"10000000\n",
           f"exit {proc.returncode}, {proc.stdout!r}, {proc.stderr[-300:]!r}")


@case("a directory given as an input file")
def _(ctq, tmp):
    code, out, err, _ = run(ctq, ["."], path_input=tmp)
    clean(code, err)


def main():
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[0])
        return 2
    ctq = sys.argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name, fn in CASES:
            try:
                fn(ctq, tmp)
                passed += 1
            except subprocess.TimeoutExpired:
                failed += 1
                print(f"FAIL {name}: no result within {TIMEOUT} s")
            except AssertionError as error:
                failed += 1
                print(f"FAIL {name}: {error}")
    print(f"adversarial: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
