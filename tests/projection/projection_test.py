#!/usr/bin/env python3
"""Projection is invisible: every run gives the same bytes with and without it.

The reader builds only what the filter can see of each input (src/lang/demand.cpp);
CTQ_PROJECTION=0 turns that off. This runs each filter over each input both ways and
requires identical stdout, stderr and exit status: over {"Records":[...]}, NDJSON, gzip,
stdin, slurp, several threads, damaged and invalid JSON, and a few hundred random filters
built from CloudTrail field paths. Run as

    projection_test.py path/to/ctq REPO_ROOT [--sanitized]

--sanitized (ASan builds, several times slower) runs a fifth of the combinations. It prints
one line per difference and a closing `projection: N passed, M failed`.
"""

import concurrent.futures
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile

TIMEOUT = 120

FILTERS = [
    ".", "-c .", ".Records | length", "{n: (.Records | length)}",
    "[.Records[] | .eventName]", ".Records | map(.eventName)",
    "[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add",
    ".Records | map(.awsRegion) | unique",
    "reduce .Records[] as $r ({}; .[$r.sourceIPAddress] += 1)",
    "first(.Records[] | select(.eventName == \"ConsoleLogin\")) | .eventTime",
    "limit(2; .Records[]) | .eventID", "[limit(3; .Records[])]",
    ".Records[] | select(.eventSource == \"s3.amazonaws.com\") | [.eventTime, .eventName, "
    ".userIdentity.userName // \"N/A\", .sourceIPAddress // \"N/A\"] | @tsv",
    "[.Records[] | select(.errorCode)] | length",
    "{total: (.Records | length), failed: ([.Records[] | select(.errorCode)] | length)}",
    ".Records | sort_by(.eventTime) | .[0].eventTime",
    ".Records | sort_by(.eventTime) | [.[0].eventID, .[-1].eventID]",
    ".Records | group_by(.eventName) | map({n: .[0].eventName, c: length})",
    ".Records | max_by(.eventTime) | .eventName", ".Records | min_by(.eventTime)",
    ".Records | unique_by(.awsRegion) | map(.awsRegion)", "sort_by(.a)", "group_by(.x)",
    ".Records[0] | sort_by(.)", ".Records | .[-1].eventName", "max_by(.eventTime)?",
    ".Records[] | .eventname", ".Records[] | .userIdentity.usrName",
    ".Records[0] | keys", ".Records[0] | to_entries | length", ".Records[] | has(\"errorCode\")",
    ".Records[] | .requestParameters | length", ".Records[] | .userIdentity | type",
    ".Records[] | .requestParameters.bucketName?", ".Records[] | .resources[]?.ARN",
    ".Records[] | .eventName | ascii_downcase", ".Records[].eventTime | .[0:10]",
    ".Records[] as {eventName: $n, awsRegion: $r} | [$n, $r]",
    ". as $d | $d.Records | length", "[.. | numbers] | length", "[paths] | length",
    ".Records[] | try (.eventName + 1) catch .", ".Records[] | .eventName | error",
    ".Records[] | .userIdentity | .arn // .principalId", "input_filename",
    ".Records[] | select(.readOnly) | .eventName", ".Records[] | .eventVersion | tonumber",
    "[.Records[] | .tlsDetails | objects | .tlsVersion] | unique",
    "def f(g): .Records | map(g); f(.eventType)", ".Records[] | {eventName, eventTime}",
    ".Records[] | del(.userIdentity) | keys | length", ".Records[] | tojson | length",
    "[.Records[] | .responseElements | select(. != null) | keys[]] | unique",
    ".eventName", "select(.errorCode != null) | {eventTime, errorCode}", "length", "keys",
    ".a", ".[0]", ".[]", "map(.a)", "type", "1", "empty", "$__loc__", ".. | .a?",
]

FLAG_SETS = [[], ["-c"], ["-r"], ["-s", "-c"], ["--threads", "2", "-c"], ["-e"], ["--no-hints"]]

FIELDS = ["eventName", "eventTime", "eventSource", "awsRegion", "sourceIPAddress", "userAgent",
          "errorCode", "errorMessage", "readOnly", "userIdentity", "requestParameters",
          "responseElements", "resources", "eventname", "tlsDetails", "additionalEventData"]
NESTED = ["type", "arn", "userName", "principalId", "bucketName", "key", "sessionContext",
          "attributes", "mfaAuthenticated", "ARN", "roleArn", "tlsVersion"]


def random_path(rng):
    path = "." + rng.choice(FIELDS)
    for _ in range(rng.randrange(3)):
        path += rng.choice(["." + rng.choice(NESTED), "[]?", "?", "[0]?"])
    return path


def random_filter(rng, depth=0):
    """A random filter over one record, from the shapes analysts write."""
    p = random_path(rng)
    choices = [
        lambda: p,
        lambda: f"select({p}) | {random_path(rng)}",
        lambda: f"select({p} == \"x\") | .eventID",
        lambda: f"[{p}, {random_path(rng)}]",
        lambda: f"{{a: {p}, b: ({random_path(rng)} | type)}}",
        lambda: f"{p} // \"none\"",
        lambda: f"({p} | length)?",
        lambda: f"if {p} then {random_path(rng)} else {random_path(rng)} end",
        lambda: f"{p} as $x | [$x, {random_path(rng)}]",
        lambda: f"try ({p} | keys) catch \"err\"",
        lambda: f"[{p}] | map(type)",
        lambda: f"{p} | tostring",
        lambda: f"({p} | objects | keys_unsorted) // []",
        lambda: f"{p} | .. | strings",
    ]
    f = rng.choice(choices)()
    if depth < 1 and rng.random() < 0.3:
        f = f"({f}) | ({random_filter(rng, depth + 1).replace('.', '.', 1)})?"
    return f


def run(ctq, args, env_off, stdin_path=None):
    env = dict(os.environ)
    if env_off:
        env["CTQ_PROJECTION"] = "0"
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        p = subprocess.run([ctq] + args, stdin=stdin, capture_output=True, timeout=TIMEOUT,
                           env=env)
    return p.returncode, p.stdout, p.stderr


def make_inputs(repo, tmp):
    records = os.path.join(repo, "samples", "cloudtrail_log.json")
    doc = json.load(open(records))
    inputs = {"records": records,
              "gz": os.path.join(repo, "tests", "fixtures", "inputs", "records.json.gz")}
    ndjson = os.path.join(tmp, "events.ndjson")
    with open(ndjson, "w") as f:
        for r in doc["Records"]:
            f.write(json.dumps(r) + "\n")
    inputs["ndjson"] = ndjson
    big = os.path.join(tmp, "many.json.gz")
    with gzip.open(big, "wt") as f:
        json.dump({"Records": doc["Records"] * 4}, f)
    inputs["gz-big"] = big
    text = open(records).read()
    damaged = os.path.join(tmp, "damaged.json")
    with open(damaged, "w") as f:
        f.write(text[: len(text) * 2 // 3])  # cut inside a record
    inputs["damaged"] = damaged
    bad = os.path.join(tmp, "bad.json")
    with open(bad, "w") as f:
        # Invalid JSON deep inside a part no filter above looks at, then more records.
        f.write('{"Records":[{"eventName":"A","requestParameters":{"x":[1,2,}}]}\n')
    inputs["bad"] = bad
    bad2 = os.path.join(tmp, "bad2.ndjson")
    with open(bad2, "w") as f:
        f.write('{"eventName":"A","junk":"\\x"}\n{"eventName":"B"}\n')
    inputs["bad-escape"] = bad2
    dup = os.path.join(tmp, "dup.json")
    with open(dup, "w") as f:
        f.write('{"Records":[{"eventName":"A","eventName":"B","x":{"eventName":1}}],'
                '"Records":[{"eventName":"C","awsRegion":"r"}]}\n')
    inputs["duplicate-keys"] = dup
    return inputs


def main():
    if len(sys.argv) not in (3, 4) or sys.argv[3:] not in ([], ["--sanitized"]):
        print(__doc__.strip().splitlines()[0])
        return 2
    ctq, repo = sys.argv[1], sys.argv[2]
    share = 0.2 if sys.argv[3:] else 1.0
    passed = failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = make_inputs(repo, tmp)
        rng = random.Random(20261204)
        runs = []
        for filt in FILTERS:
            flags = filt.split(" ")[:1] if filt.startswith("-c ") else []
            body = filt[3:] if flags else filt
            for name, path in inputs.items():
                for extra in FLAG_SETS:
                    if extra and rng.random() < 0.6:
                        continue  # every flag set on a share of the cases keeps this quick
                    runs.append((flags + extra + [body, path], None, f"{filt} | {name} {extra}"))
            runs.append((flags + [body], inputs["records"], f"{filt} | stdin"))
        record_inputs = ["ndjson", "bad-escape"]
        for _ in range(300):
            filt = random_filter(rng)
            name = rng.choice(record_inputs)
            runs.append((["-c", filt, inputs[name]], None, f"{filt} | {name}"))
            runs.append((["-c", ".Records[] | " + filt, inputs["records"]], None,
                         f".Records[] | {filt} | records"))
        runs = [r for r in runs if rng.random() < share]

        def both(case):
            args, stdin, _ = case
            return run(ctq, args, False, stdin), run(ctq, args, True, stdin)

        with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(both, runs))
        for (args, stdin, label), (on, off) in zip(runs, results):
            if on == off:
                passed += 1
            else:
                failed += 1
                what = [n for n, a, b in zip(("exit", "stdout", "stderr"), on, off) if a != b]
                print(f"FAIL {label}: {', '.join(what)} differ")
                for n, a, b in zip(("exit", "stdout", "stderr"), on, off):
                    if a != b:
                        print(f"    projected {n}: {str(a)[:300]}")
                        print(f"    full      {n}: {str(b)[:300]}")
    print(f"projection: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
