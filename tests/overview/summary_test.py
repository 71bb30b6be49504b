#!/usr/bin/env python3
"""--summary end to end: its counts against independent jq filters, on every input shape.

    summary_test.py CTQ_BINARY REPO_ROOT

The walkthrough scenario (samples/cloudtrail_log.json) and logs from tools/gen-cloudtrail are
summarised by ctq, and every number is computed again by jq (the system's jq 1.6 or gojq) from
the records: record count, time span, each category's counted/distinct/top entries and shares,
console logins and root activity. The same events as NDJSON, a CloudWatch export, a gzip'd S3
tree and on stdin give the same summary; --since/--until and a main filter count what jq
selects; the sketch's counts bound the true ones; the terminal report fits its width."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from overview_support import check, failures, find_jq, finish, run, run_on_terminal  # noqa: E402

ctq, root = sys.argv[1], sys.argv[2]
sample = os.path.join(root, "samples", "cloudtrail_log.json")
gen = os.path.join(root, "tools", "gen-cloudtrail")
JQ = find_jq()
if JQ is None:
    print("skipped: no jq or gojq to compute the expected counts")
    sys.exit(77)

# The summary's definitions, written again in jq over an array of records.
PRINCIPAL = ('(.userIdentity as $u | if $u == null then null else ($u.arn // (($u.type // "?") '
             '+ ":" + ($u.userName // $u.invokedBy // $u.principalId // $u.accountId // "?"))) end)')
CATEGORIES = {
    "event_sources": ".eventSource",
    "event_names": ".eventName",
    "principals": PRINCIPAL,
    "source_ips": ".sourceIPAddress",
    "user_agents": ".userAgent",
    "regions": ".awsRegion",
    "error_codes": ".errorCode",
}


def category_jq(field, of):
    """{counted, distinct, top} of `field` over the array `.`; shares of `of` records."""
    return (f'([.[] | {field} | select(. != null)] as $v '
            f'| ($v | group_by(.) | map({{value: .[0], count: length}}) | sort_by(-.count, .value)) as $g '
            f'| {{counted: ($v | length), distinct: ($g | length), approximate: false, '
            f'top: ($g[:$top] | map(. + {{share: (if {of} == 0 then 0 else (.count / {of} * 10000 | round / 10000) end)}}))}})')


def expected_summary(records_jq, path, top=10):
    """The whole --summary object, computed by jq from `records_jq` (a filter giving the
    array of records) over the file at `path`."""
    logins = '[.[] | select(.eventName == "ConsoleLogin")]'
    failed = ('(.responseElements.ConsoleLogin == "Failure" or .errorCode != null)')
    program = (
        'def round: if . < 0 then -(-. | round) else (. + 0.5 | floor) end;\n'
        f'{records_jq} | length as $n\n'
        # eventTime as CloudTrail writes it, or "2025-02-19 20:13:49" as some exports do.
        '| [.[] | .eventTime | select(type == "string")\n'
        '   | [., (try (.[0:10] + "T" + .[11:19] + "Z" | fromdate) catch null)]\n'
        '   | select(.[1] != null)] as $timed\n'
        '| [$timed[] | .[0]] as $times | [$timed[] | .[1]] as $secs\n'
        '| {records: $n,\n'
        '   first_event: (if $secs == [] then null else ([$times, $secs] | transpose | min_by(.[1]) | .[0]) end),\n'
        '   last_event: (if $secs == [] then null else ([$times, $secs] | transpose | max_by(.[1]) | .[0]) end),\n'
        '   span_seconds: (if $secs == [] then null else ($secs | max) - ($secs | min) end),\n'
        '   untimed: ($n - ($secs | length)), top: $top, approximate: false}\n'
        + "".join(f'  + {{{name}: {category_jq(field, "$n")}}}\n'
                  for name, field in CATEGORIES.items())
        + f'  + ({logins} as $l | [$l[] | select({failed})] as $f\n'
        '     | [$l[] | select(' + failed + ' | not) | select(.responseElements.ConsoleLogin == "Success")] as $s\n'
        '     | {console_logins: {total: ($l | length), success: ($s | length), failure: ($f | length),\n'
        '        other: (($l | length) - ($s | length) - ($f | length)),\n'
        '        success_without_mfa: ([$s[] | select(.additionalEventData.MFAUsed == "No")] | length),\n'
        f'        failures_by_source_ip: ($f | {category_jq(".sourceIPAddress", "($f | length)")})}}}})\n'
        '  + ([.[] | select(.userIdentity.type == "Root")] as $r\n'
        '     | {root: {events: ($r | length),\n'
        f'        event_names: ($r | {category_jq(".eventName", "($r | length)")}),\n'
        f'        source_ips: ($r | {category_jq(".sourceIPAddress", "($r | length)")})}}}})'
    )
    p = subprocess.run([JQ, "-c", "--argjson", "top", str(top), program, path],
                       capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise SystemExit(f"the expected summary's jq program failed: {p.stderr}")
    return json.loads(p.stdout)


def summary(*args, env=None, stdin=None):
    rc, out, err = run(ctq, ["--summary", *args], root, stdin=stdin, env=env)
    if rc != 0:
        failures.append(f"ctq --summary {' '.join(args)}: exit {rc}: {err.strip()}")
        return None
    return json.loads(out)


def compare(what, got, want):
    """Field by field, so that a failure names the part that differs."""
    if got is None:
        return
    for key in sorted(set(got) | set(want)):
        check(f"{what}: .{key}", got.get(key), want.get(key))


with tempfile.TemporaryDirectory() as tmp:
    # 1. The walkthrough scenario, piped: one JSON object, every number as jq counts it.
    want = expected_summary("[.Records[]]", sample)
    compare("walkthrough", summary(sample), want)
    compare("walkthrough, --top 3", summary("--top", "3", sample),
            expected_summary("[.Records[]]", sample, top=3))
    # The filter may be left out or given; "." is a filter even though it is a directory.
    compare("walkthrough, filter .", summary(".", sample), want)
    rc, out, _ = run(ctq, ["--summary", "-c", sample], root)
    check("-c prints one line", out.count("\n"), 1)
    # On stdin, with no filter and no file.
    with open(sample) as f:
        compare("walkthrough on stdin", summary(stdin=f.read()), want)

    # Real CloudTrail samples: the generator's templates (in the repository), and the team's
    # collection beside it when it is there.
    real = [os.path.join(root, "tools", "gen_cloudtrail", "data", "long-tail-templates.json")]
    shared = os.path.join(root, "..", "shared", "data", "cloudtrail", "real", "real-records.json")
    if os.path.exists(shared):
        real.append(shared)
    else:
        print("summary_test: ../shared's real samples not found: the repository's only")
    for path in real:
        compare(os.path.basename(path), summary(path), expected_summary("[.Records[]]", path))

    # 2. A main filter: the records it selects.
    compare("select(.errorCode)", summary("select(.errorCode)", sample),
            expected_summary("[.Records[] | select(.errorCode)]", sample))
    compare("select(.userIdentity.type == \"IAMUser\")",
            summary('select(.userIdentity.type == "IAMUser")', sample),
            expected_summary('[.Records[] | select(.userIdentity.type == "IAMUser")]', sample))

    # 3. --since/--until: the records in the window.
    compare("--since/--until",
            summary("--since", "2024-11-28T13:00:00Z", "--until", "2024-11-28T14:00:00Z", sample),
            expected_summary('[.Records[] | select(.eventTime >= "2024-11-28T13:00:00Z" and '
                             '.eventTime <= "2024-11-28T14:00:00Z")]', sample))

    # 4. Generated logs in every shape give the summary of their records.
    base = os.path.join(tmp, "gen.json")
    common = ["--records", "3000", "--seed", "summary-15", "--span", "600000"]
    subprocess.run([sys.executable, gen, *common, "-o", base], check=True)
    gen_want = expected_summary("[.Records[]]", base)
    compare("generated log", summary(base), gen_want)
    ndjson = os.path.join(tmp, "gen.ndjson")
    subprocess.run([sys.executable, gen, *common, "--format", "ndjson", "-o", ndjson], check=True)
    compare("generated NDJSON", summary(ndjson), gen_want)
    cloudwatch = os.path.join(tmp, "gen.cw.json")
    subprocess.run([sys.executable, gen, *common, "--format", "cloudwatch", "-o", cloudwatch],
                   check=True)
    compare("generated CloudWatch export", summary(cloudwatch), gen_want)
    gz = os.path.join(tmp, "gen.json.gz")
    subprocess.run([sys.executable, gen, *common, "--gzip", "-o", gz], check=True)
    compare("generated gzip", summary(gz), gen_want)
    tree = os.path.join(tmp, "tree")
    subprocess.run([sys.executable, gen, *common, "--s3-tree", tree], check=True)
    tree_sum = summary(tree)
    # The tree's files are cut every 5 minutes: the same events, so the same counts.
    compare("generated S3 tree", tree_sum, gen_want)
    compare("generated S3 tree, --threads 2", summary("--threads", "2", tree), gen_want)

    # 5. Past the exact counters: approximate, and every count an upper bound within its error.
    # With --top 25 as well, every counter is listed.
    env = dict(os.environ, CTQ_SUMMARY_COUNTERS="25")
    approx = summary("--top", "25", base, env=env)
    if approx:
        check("approximate flag", approx["approximate"], True)
        for name in CATEGORIES:
            cat, exact = approx[name], gen_want[name]
            truth = {e["value"]: e["count"] for e in
                     expected_summary("[.Records[]]", base, top=100000)[name]["top"]} \
                if cat["approximate"] else None
            check(f"{name}: counted stays exact", cat["counted"], exact["counted"])
            if not cat["approximate"]:
                exact25 = expected_summary("[.Records[]]", base, top=25)[name]
                check(f"{name}: under the cap, exact", cat, exact25)
                continue
            check(f"{name}: distinct is a lower bound", cat["distinct"] <= exact["distinct"], True)
            for e in cat["top"]:
                true = truth.get(e["value"], 0)
                if not (e["count"] >= true >= e["count"] - e["error"]):
                    failures.append(f"{name}: {e} does not bound the true count {true}")
            # Space-Saving keeps every value seen more than counted / counters times.
            kept = {x["value"] for x in cat["top"]}
            for value, count in truth.items():
                if count > exact["counted"] / 25:
                    check(f"{name}: {value} kept", value in kept, True)

    # 6. On a terminal: the report, within the width, with the same numbers.
    for columns in (80, 120):
        rc, out, err = run_on_terminal(ctq, ["--summary", sample], root, columns)
        check(f"terminal {columns}: exit", rc, 0)
        lines = out.split("\n")
        check(f"terminal {columns}: first line", lines[0],
              "300 records · 2024-11-28T00:12:59Z → 2024-11-29T01:53:29Z (1d 1h 40m)")
        too_wide = [line for line in lines if len(line) > columns]
        check(f"terminal {columns}: lines wider than the terminal", too_wide, [])
        for name, title in (("event_sources", "Event sources"), ("regions", "Regions")):
            at = lines.index(next(line for line in lines if line.startswith(title)))
            for i, entry in enumerate(want[name]["top"]):
                cells = lines[at + 1 + i].split()
                check(f"terminal {columns}: {name} #{i}", cells[:3],
                      [entry["value"], f"{entry['count']:,}", f"{entry['share'] * 100:.1f}%"])
        check(f"terminal {columns}: console logins line",
              next(line for line in lines if line.startswith("Console logins")),
              "Console logins · {total}: {success} succeeded ({success_without_mfa} without MFA), "
              "{failure} failed".format(**want["console_logins"]))
    # COLUMNS wins over the terminal's own width, as for ls.
    rc, out, _ = run_on_terminal(ctq, ["--summary", sample], root, 200, env_columns=70)
    check("COLUMNS=70: widest line", max(len(line) for line in out.split("\n")), 70)
    # -c on a terminal: the JSON object.
    rc, out, _ = run_on_terminal(ctq, ["--summary", "-c", "-M", sample], root, 100)
    check("-c on a terminal", json.loads(out), want)

    # A golden report: a small log, 64 columns.
    small = os.path.join(tmp, "small.ndjson")
    with open(small, "w") as f:
        f.write(
        '{"eventTime":"2024-11-28T13:00:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"1.1.1.1","userAgent":"aws-cli/2","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/glitch","userName":"glitch"}}\n'
        '{"eventTime":"2024-11-28T13:30:00Z","eventSource":"s3.amazonaws.com","eventName":"PutObject","awsRegion":"us-east-1","sourceIPAddress":"1.1.1.1","userAgent":"aws-cli/2","errorCode":"AccessDenied","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/glitch","userName":"glitch"}}\n'
        '{"eventTime":"2024-11-28T14:00:00Z","eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","awsRegion":"us-east-1","sourceIPAddress":"2.2.2.2","userAgent":"Mozilla/5.0","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}}\n'
        )
    rc, out, _ = run_on_terminal(ctq, ["--summary", "--top", "2", small], root, 64)
    check("golden report", out, (
        '3 records · 2024-11-28T13:00:00Z → 2024-11-28T14:00:00Z (1h)\n'
        '\n'
        'Event sources · 2 distinct\n'
        '  s3.amazonaws.com                         2   66.7%  ██████████\n'
        '  signin.amazonaws.com                     1   33.3%  █████\n'
        '\n'
        'Event names · 3 distinct\n'
        '  ConsoleLogin                             1   33.3%  ██████████\n'
        '  GetObject                                1   33.3%  ██████████\n'
        '\n'
        'Principals · 2 distinct\n'
        '  arn:aws:iam::1:user/glitch               2   66.7%  ██████████\n'
        '  arn:aws:iam::1:root                      1   33.3%  █████\n'
        '\n'
        'Source IPs · 2 distinct\n'
        '  1.1.1.1                                  2   66.7%  ██████████\n'
        '  2.2.2.2                                  1   33.3%  █████\n'
        '\n'
        'User agents · 2 distinct\n'
        '  aws-cli/2                                2   66.7%  ██████████\n'
        '  Mozilla/5.0                              1   33.3%  █████\n'
        '\n'
        'Regions · 1 distinct\n'
        '  us-east-1                                3  100.0%  ██████████\n'
        '\n'
        'Error codes · 1 record with one (33.3%) · 1 distinct\n'
        '  AccessDenied                             1   33.3%  ██████████\n'
        '\n'
        'Console logins · 1: 1 succeeded (1 without MFA), 0 failed\n'
        '\n'
        'Root activity · 1 event\n'
        '  event names\n'
        '    ConsoleLogin                           1  100.0%  ██████████\n'
        '  source IPs\n'
        '    2.2.2.2                                1  100.0%  ██████████\n'
    ))

    # 7. Errors: an output that is not a record, and options that mean nothing here.
    rc, out, err = run(ctq, ["--summary", ".eventName", sample], root)
    check("non-record outputs: exit", rc, 5)
    check("non-record outputs: message",
          err.splitlines()[0] if err else "",
          f'ctq: error (at {sample}:1): --summary counts CloudTrail records '
          '(objects); the filter gave string ("AssumeRole")')
    check("non-record outputs: one message each", len(err.splitlines()), 300)
    for args in (["-s"], ["-n"], ["-e"], ["--table"], ["--timeline"], ["--expect", "none"],
                 ["--hunt", "all"]):
        rc, _, err = run(ctq, ["--summary", *args, sample], root)
        check(f"--summary {' '.join(args)}: exit", rc, 2)
    rc, _, err = run(ctq, ["--summary", "--top", "0", sample], root)
    check("--top 0: exit", rc, 2)
    # A mistyped path is a missing input, not a filter that does not compile.
    for missing in ("no_such_file.json", "AWSLogs/", "./logs"):
        rc, out, err = run(ctq, ["--summary", missing], root)
        check(f"missing {missing}: exit", rc, 2)
        check(f"missing {missing}: message", err.startswith(f"ctq: error: Could not open {missing}"),
              True)
    # A bare name is a filter (here one no module defines).
    rc, _, err = run(ctq, ["--summary", "nosuchfunction", sample], root)
    check("a bare name is a filter: exit", rc, 3)

sys.exit(finish("summary_test"))
