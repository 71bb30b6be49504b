#!/usr/bin/env python3
"""Streaming whole-document filters is invisible, and holds one record at a time.

For the filter `.`, ctq prints a {"Records":[...]} document as its records are read, once
a first reading of the file has made sure nothing in it can fail (src/input/document_check.cpp,
src/output/document_writer.cpp); with two threads that reading runs alongside and the text
waits for it in memory. `first(E) | g` and `limit(N; E) | g`, with E streaming
records, run the records as they are read and stop evaluating once N outputs are out
(src/cli/run_streaming.cpp). CTQ_STREAMING=0 evaluates every document whole, so each run
is compared with the same run under it: identical stdout, stderr and exit status, for every
output style, over plain and gzip files, several documents per file, keys before and after
"Records", repeated keys, damaged files (for `.` only: with the others, README's one streaming
exception applies), stdin and several threads. Then `ctq -c .` and `ctq .` on a larger file
must stay under a memory bound far below the file's size. Run as

    streaming_test.py path/to/ctq REPO_ROOT [--sanitized]

--sanitized (ASan builds) leaves out the memory bound: ASan holds freed memory in quarantine;
and, being several times slower, it runs a fifth of the comparisons, drawn with a fixed seed.
It prints one line per difference and a closing `streaming: N passed, M failed`.
"""

import concurrent.futures
import gzip
import json
import os
import random
import re
import subprocess
import sys
import tempfile

TIMEOUT = 120

LIMITS = [
    'first(.Records[] | select(.eventName == "ConsoleLogin")) | .eventTime',
    "first(.Records[])", "first(.Records[] | .eventName) | ascii_downcase",
    "limit(3; .Records[]) | .eventID", "limit(0; .Records[])", "limit(2.5; .Records[] | .a)",
    "limit(2; .Records[] | .eventName, .awsRegion)", "first(.Records[] | select(.nothing))",
    "first(.Records[] | .eventName | error)", "limit(2; .Records[]) | error",
    "limit(3; .Records[] | .userIdentity.type) | length", "first(.Records[] | .b[1])",
    "def first(f): 1; first(.Records[])", "limit(-1; .Records[])",
]

# `[E] | g` and `.Records | map(f) | g`: E's outputs are gathered record by record and g runs
# once the document is read (src/cli/run_collect.cpp). Nothing shows before the document's
# end, so damaged and repeated-key files must give the same bytes too.
COLLECTS = [
    '[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add',
    "[.Records[] | .a]", "[.Records[]] | .[1:] | length, first", ".Records | map(.b) | add",
    "[.Records[] | select(.a)] | map(.a)", ".Records | map(error)", "[.Records[] | .b[1]]",
    "[.Records[].a?]", "[.Records[][0]]", "[.Records[] | debug | .a]", "[.Records[].a.b]",
    ".Records | map(.eventName) | unique | length", "[.Records[].userIdentity.type] | unique",
    "[.Records[] | keys[]?] | unique", "[.Records[] | .a] | error", "(.Records | map(.a)) | length",
    "def map(f): 1; .Records | map(.a)", ".Records | map(.a, .b) | length", "[.Records[] | tojson]",
    "reduce .Records[] as $r ({}; .[$r.eventName // \"-\"] += 1)",
    "reduce .Records[] as $r (0; . + 1) | . * 2", "reduce .Records[].a as $a ([]; . + [$a])",
    "reduce .Records[] as {a: $a} (null; $a)", "reduce .Records[] as $r ({n: 0}; .n += ($r | length))",
    "reduce .Records[] as $r (0; $r.b[0] + .)", "reduce .Records[] as [$x] (1; $x)",
    "reduce .Records[] as $r (0; empty)", "reduce .Records[] as $r (.; . + 1)",
    "reduce .Records[] as $r (0; ., 5)", "reduce .Records[] as $r ([1, 2]; .) | error",
    "[.Records[].eventNam] | length", "[.Records[] | .userIdentity.userNam] | unique",
]

STYLES = [[], ["-c"], ["--tab"], ["--indent", "5"], ["--indent", "0"], ["-C"], ["-C", "-c"],
          ["-a"], ["--seq"], ["-j"], ["-e"], ["-r"], ["--indent", "1", "-C"], ["-S"],
          ["--threads", "2", "-c"]]

# Big enough that holding the whole document would show: whole-document evaluation takes
# several times the file's size, streaming one record takes a few megabytes.
BIG_MB = 48
RSS_BOUND_MB = 64


def documents(repo):
    """Name -> text of inputs around the shapes the streaming must get right."""
    sample = json.load(open(os.path.join(repo, "samples", "cloudtrail_log.json")))
    records = json.dumps(sample)
    return {
        "sample.json": records,
        "head-and-tail.json": '{"z":1,"k":{"q":[1,"\\u00e9"]},"Records":[{"a":1},{"b":[2,{}]}],'
                              '"after":[1,2],"y":{}}\n',
        "repeated-records.json": '{"Records":[{"a":1}],"Records":[{"b":2}]}',
        "repeated-other.json": '{"a":1,"Records":[{"a":1}],"a":2}',
        "repeated-inside.json": '{"Records":[{"a":1,"a":2},{"b":1}]}',
        "damaged.json": records[: len(records) * 2 // 3],
        "damaged-second.json": '{"Records":[{"a":1},{"b":2}]}\n{"Records":[{"a":1}',
        # A first document without records shows only once the file is found unsound.
        "damaged-after-plain.json": '{"a":1}\n{"Records":[{"a":1},{"b":2}]}\n{"Records":[{"a":1}',
        "several.json": '{"Records":[{"a":1}]}{"Records":[]}{"Records":[{"b":2},{"c":3}],"t":1}'
                        '\n[1,2]\n"str"\n{"x":{"Records":[1]}}\n',
        "records-empty.json": '{"Records":[]}',
        "records-object.json": '{"Records":{"a":1}}',
        "scalars.json": '{"Records":[1,"two",null,true,[],{},[[[]]],-0.0,1e1000,'
                        '100000000000000000001]}',
        "deep.json": '{"Records":[' + "[" * 10005 + "]" * 10005 + "]}",
        "whitespace.json": '  \n {"Records" : [ {"a" : 1} , {"b":2} ] , "z" : 3 }  \n\n',
        "no-newline.json": '{"Records":[{"a":1}]}',
        # Records that `.` prints straight from their text where it can (src/input/plain_json.cpp)
        # and builds where it cannot: the two must not be told apart.
        "awkward-records.json": '{"Records":[' + ",".join(AWKWARD) + '],"t":1}\n',
        "awkward-damaged.json": '{"Records":[{"a":\n1},\n{"b":[1,\n2]},\n{"c":tru}]}',
        "awkward-bytes.json": b'{"Records":[{"bad":"\xff\xfe ok","k":1},{"\xff":1,"\xfe":2},'
                              b'{"a\x7f":"\x7f"},{"cut":"\xe2\x82"},{"fine":"\xe2\x82\xac"}]}',
    }


# Strings with every escape, numbers of every form, repeated keys at depth, whitespace and
# newlines, nesting past the fast path's depth, a record longer than the reader's buffer.
AWKWARD = [
    r'{"s":"tab\t quote\" slash\/ e\u00e9 nul\u0000 ctl\u001f del\u007f","k\u0061":1}',
    '{"raw del":"\x7f","ka":1}',
    '{"n":[0,-0,1.0,1.50,1e2,1E-3,-12.5e+3,123456789012345,1234567890123456,'
    '12345678901234567890,0.1,1e400,-1e400,-0.0,100000000000000000001]}',
    '{"d":{"a":1,"b":{"a":2,"a":3},"a":4}}',
    '{"e" : [ ] , "f" : { } , "g" :\n[\n1\n,\n2\n]\r\n}',
    '{"deep":' + "[" * 70 + "]" * 70 + "}",
    '{"big":"' + "x" * 70000 + '","after":[1,{"x":2}]}',
    '{"nan":nan,"after":1}',
    r'{"pair":"\ud83d\ude00","lone":"\udc00","hi":"\uD83D\uDE00"}',
    '{"ok":[true,false,null,"",{},[]]}',
    '"a string record"', '12', '[1,{"a":[]}]', 'null',
]


# ctq's own note after an error names the record a streamed document failed in, where a
# whole document can only name the input: the one difference between the two that is meant.
NOTE = re.compile(rb"the error came from (record|input) \d+ of ")


def run(ctq, args, stdin_path=None, env=None, whole=False):
    env = dict(env or os.environ)
    if whole:
        env["CTQ_STREAMING"] = "0"
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        p = subprocess.run([ctq] + args, stdin=stdin, capture_output=True, timeout=TIMEOUT,
                           env=env)
    return p.returncode, p.stdout, NOTE.sub(b"the error came from _ of ", p.stderr)


def peak_rss_mb(ctq, args, env=None):
    """Peak resident memory of one run of ctq, in MB (from the kernel, through wait4)."""
    with open(os.devnull, "wb") as null:
        p = subprocess.Popen([ctq] + args, stdout=null, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        err = p.stderr.read()
        p.stderr.close()
    if p.returncode != 0:
        raise RuntimeError(f"ctq {' '.join(args)} failed: {err!r}")
    return usage.ru_maxrss / 1024


def write_big(sample_path, path):
    """{"Records":[...]} of BIG_MB megabytes, the sample's records over and over."""
    records = [json.dumps(r) for r in json.load(open(sample_path))["Records"]]
    chunk = ",".join(records)
    with open(path, "w") as f:
        f.write('{"Records":[')
        for i in range(BIG_MB * 1024 * 1024 // len(chunk) + 1):
            f.write("," + chunk if i else chunk)
        f.write("]}")


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["--sanitized"]):
        print(__doc__.strip().splitlines()[0])
        return 2
    ctq, repo = sys.argv[1], sys.argv[2]
    measure_memory = not sys.argv[3:]
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        # First, while this process is small (a child's peak RSS counts what it shares with
        # its parent between fork and exec): memory follows one record, with -c and pretty.
        big = os.path.join(tmp, "big.json")
        if measure_memory:
            write_big(os.path.join(repo, "samples", "cloudtrail_log.json"), big)
        # Gathering holds what E gives, not the records (projection off, so that it is the
        # streaming that is measured, not what the reader leaves out).
        whole_records = dict(os.environ, CTQ_PROJECTION="0")
        runs = [(["-c", "."], None), ([".",], None),
                (["[.Records[].eventName] | length"], whole_records),
                ([".Records | map(.awsRegion) | unique"], whole_records)]
        for args, env in runs if measure_memory else ():
            rss = peak_rss_mb(ctq, args + [big], env)
            if rss <= RSS_BOUND_MB:
                passed += 1
            else:
                failed += 1
                print(f"FAIL ctq {' '.join(args)} on {BIG_MB} MB: peak RSS {rss:.0f} MB, "
                      f"bound {RSS_BOUND_MB} MB")
        paths = {}
        for name, text in documents(repo).items():
            paths[name] = os.path.join(tmp, name)
            with open(paths[name], "wb" if isinstance(text, bytes) else "w") as f:
                f.write(text)
        for name in ("sample.json", "head-and-tail.json", "several.json"):
            gz = paths[name] + ".gz"
            with open(paths[name], "rb") as src, gzip.open(gz, "wb") as dst:
                dst.write(src.read())
            paths[name + ".gz"] = gz
        paths["fixture.json.gz"] = os.path.join(repo, "tests", "fixtures", "inputs",
                                                "records.json.gz")

        colors = dict(os.environ, JQ_COLORS="4;31:0;32:0;33:0;34:1;35:1;36:1;37:4;32")
        cases = []  # (label, args, stdin, env)
        for name, path in paths.items():
            for style in STYLES:
                cases.append((f"{name} {style}", style + [".", path], None, None))
            cases.append((f"{name} stdin", ["-c", "."], path, None))
            cases.append((f"{name} JQ_COLORS", ["-C", ".", path], None, colors))
            # The first reading runs beside the printing, which holds the text back until it
            # ends: at most 64 bytes of it here, so that the printing waits for it.
            for held in ("64", None):
                env = dict(os.environ, CTQ_HELD_TEXT=held) if held else None
                cases.append((f"{name} --threads 2 held {held}", ["--threads", "2", "-c", ".", path],
                              None, env))
        sound = [p for n, p in paths.items() if not n.startswith(("damaged", "repeated"))]
        for threads in ("1", "2"):
            cases.append((f"all sound files, --threads {threads}",
                          ["--threads", threads, "-c", "."] + sound, None, None))
            cases.append((f"every file, --threads {threads}",
                          ["--threads", threads, "."] + list(paths.values()), None, None))

        sound_names = [n for n in paths if not n.startswith("damaged")]
        for filt in LIMITS:
            # Damaged files too: the first reading holds what `first`/`limit` found back.
            for name in paths:
                for style in ([], ["-c"], ["-e"], ["--threads", "2"], ["--threads", "1"]):
                    cases.append((f"{filt} | {name} {style}", style + [filt, paths[name]], None,
                                  None))
            cases.append((f"{filt} | stdin", ["-c", filt], paths["sample.json"], None))
            cases.append((f"{filt} | every sound file, --threads 2",
                          ["--threads", "2", "-c", filt] + [paths[n] for n in sound_names],
                          None, None))

        for filt in COLLECTS:
            for name in paths:
                for style in ([], ["-c"], ["-e"], ["--threads", "2"], ["--threads", "1"]):
                    cases.append((f"{filt} | {name} {style}", style + [filt, paths[name]], None,
                                  None))
            cases.append((f"{filt} | stdin", ["-c", filt], paths["sample.json"], None))
            cases.append((f"{filt} | every file, --threads 2",
                          ["--threads", "2", "-c", filt] + list(paths.values()), None, None))

        if not measure_memory:
            rng = random.Random(20261207)
            cases = [c for c in cases if rng.random() < 0.2]

        def both(case):
            _, args, stdin, env = case
            return run(ctq, args, stdin, env), run(ctq, args, stdin, env, whole=True)

        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(both, cases))
        for (label, *_), (pieces, whole) in zip(cases, results):
            if pieces == whole:
                passed += 1
                continue
            failed += 1
            print(f"FAIL {label}")
            for n, a, b in zip(("exit", "stdout", "stderr"), pieces, whole):
                if a != b:
                    print(f"    streamed  {n}: {str(a)[:300]}")
                    print(f"    whole     {n}: {str(b)[:300]}")

    print(f"streaming: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
