#!/usr/bin/python3
"""--hunt NAME,NAME and --hunt all with --expect none, end to end.

The walkthrough scenario (samples/cloudtrail_log.json) must fail and name exactly the hunts its
ground truth fires: the truth is the generator's own list of scripted events (--truth), classed
here by the story's rules. A clean generated log (no scenario, no long-tail templates, a quiet
quarter of an hour) must pass. Each hunt's count and first event must be what --hunt NAME alone
finds, and errors must give 2 or 5, never 0 or 1."""
import json, os, re, subprocess, sys, tempfile

ctq, root = sys.argv[1], sys.argv[2]
gen = os.path.join(root, "tools", "gen-cloudtrail")
sample = os.path.join(root, "samples", "cloudtrail_log.json")
failures = []

def run(*args, **kw):
    p = subprocess.run([ctq, *args], capture_output=True, text=True, cwd=root, **kw)
    return p.returncode, p.stdout, p.stderr

def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")

def story_hunts(scripted, log):
    """Which hunts the scenario's scripted events fire, by the story's own rules."""
    by_id = {r["eventID"]: r for r in log["Records"]}
    fired = set()
    for s in scripted:
        r = by_id[s["eventID"]]
        name = r["eventName"]
        if name == "ConsoleLogin":
            if r.get("responseElements", {}).get("ConsoleLogin") == "Failure":
                fired.add("failed_console_logins")
            elif r.get("additionalEventData", {}).get("MFAUsed") == "No":
                fired.add("console_login_without_mfa")
        if name in ("StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"):
            fired.add("cloudtrail_tampering")
        if r["eventSource"] == "iam.amazonaws.com" and not r.get("errorCode") and name in (
                "CreateUser", "CreateLoginProfile", "CreateAccessKey", "AttachUserPolicy"):
            fired.add("iam_privilege_escalation")
        if r.get("userIdentity", {}).get("type") == "Root":
            fired.add("root_usage")
    return fired

line_re = re.compile(r"^ctq: hunt (\w+): expectation failed: --expect none, got (\d+): (\S+)#(\d+) (\{.*?\})(; \.\.\.)?$")

def parse_lines(err):
    found = {}
    for line in err.splitlines():
        m = line_re.match(line)
        if not m:
            failures.append(f"unexpected stderr line {line!r}")
            continue
        found[m[1]] = (int(m[2]), m[3], int(m[4]), json.loads(m[5]))
    return found

def check_against_single(path, found, hunts):
    """Every hunt's count and first finding are those of --hunt NAME alone."""
    for hunt in hunts:
        rc, out, err = run("-c", "--hunt", hunt, path)
        check(f"--hunt {hunt} alone rc", rc, 0)
        alone = [json.loads(l) for l in out.splitlines()]
        if not alone:
            check(f"{hunt} not named", hunt in found, False)
            continue
        if hunt not in found:
            failures.append(f"{hunt}: {len(alone)} findings alone, not named by --hunt all")
            continue
        count, file, record, first = found[hunt]
        check(f"{hunt} count", count, len(alone))
        check(f"{hunt} first", first, alone[0])
        check(f"{hunt} file", file, path)
        if "eventTime" in first:
            event = json.load(open(os.path.join(root, path)))["Records"][record]
            check(f"{hunt} record {record}", event["eventTime"], first["eventTime"])

hunts = [l.split()[0] for l in run("--list-hunts")[1].splitlines() if not l.startswith(" ")]
detections = [h for h in hunts if h != "from_ip"]

with tempfile.TemporaryDirectory() as d:
    # The walkthrough: the committed sample is the generator's wareville scenario.
    walk, truth = os.path.join(d, "w.json"), os.path.join(d, "truth.json")
    subprocess.run([sys.executable, gen, "--scenario", "wareville", "--seed", "ctq-sample",
                    "--records", "300", "-o", walk, "--truth", truth], check=True)
    check("sample is the generator's walkthrough", open(walk, "rb").read(), open(sample, "rb").read())
    expected = story_hunts(json.load(open(truth))["scenario_events"], json.load(open(sample)))
    check("the story fires four hunts", sorted(expected), sorted(
        ["console_login_without_mfa", "failed_console_logins", "cloudtrail_tampering",
         "iam_privilege_escalation"]))
    rel = "samples/cloudtrail_log.json"
    lines = {}
    for threads in ("1", "2"):
        rc, out, err = run("--threads", threads, "--hunt", "all", "--expect", "none", "-q", rel)
        check(f"walkthrough --hunt all --expect none rc (threads {threads})", rc, 1)
        check("walkthrough -q stdout", out, "")
        lines[threads] = err
    check("threads 1 vs 2", lines["1"], lines["2"])
    found = parse_lines(lines["1"])
    check("hunts named on the walkthrough", sorted(found), sorted(expected))
    check("lines in catalogue order", list(found), [h for h in hunts if h in found])
    check_against_single(rel, found, detections)

    # Without -q, stdout carries every finding tagged with its hunt, and the same counts.
    rc, out, err = run("-c", "--hunt", "all", "--expect", "none", rel)
    tagged = [json.loads(l) for l in out.splitlines()]
    check("tagged findings", {h: sum(1 for t in tagged if t["hunt"] == h) for h in found},
          {h: found[h][0] for h in found})
    # Without --expect: findings, exit 0; a single hunt prints as it always did.
    rc, out, err = run("-c", "--hunt", "cloudtrail_tampering,failed_console_logins", rel)
    check("two hunts rc", (rc, err), (0, ""))
    check("two hunts", [json.loads(l)["hunt"] for l in out.splitlines()],
          ["failed_console_logins", "failed_console_logins", "cloudtrail_tampering"])
    rc, out, err = run("-c", "--hunt", "cloudtrail_tampering", rel)
    check("single hunt output", [sorted(json.loads(l)) for l in out.splitlines()],
          [sorted(["eventTime", "eventName", "principal", "sourceIPAddress", "reason"])])
    # A subset that does not fire passes.
    check("silent subset", run("--hunt", "root_usage,s3_policy_changes,access_denied_burst",
                               "--expect", "none", rel)[0:3:2], (0, ""))

    # A clean generated log: background traffic only, in a quiet quarter of an hour.
    clean = os.path.join(d, "clean.json")
    subprocess.run([sys.executable, gen, "--records", "200", "--seed", "clean-9", "--templates",
                    "none", "--span", "900", "--start", "2024-11-28T03:00:00Z", "-o", clean],
                   check=True)
    for hunt in detections:
        check(f"clean: --hunt {hunt}", run("-c", "--hunt", hunt, clean)[1], "")
    check("clean: --hunt all --expect none", run("--hunt", "all", "--expect", "none", clean),
          (0, "", ""))
    # The same log with one root call added fails, naming only root_usage.
    log = json.load(open(clean))
    root_event = dict(log["Records"][5], userIdentity={"type": "Root", "arn": "arn:aws:iam::1:root"})
    log["Records"].insert(7, root_event)
    dirty = os.path.join(d, "dirty.json")
    json.dump(log, open(dirty, "w"))
    rc, _, err = run("--hunt", "all", "--expect", "none", dirty)
    check("one root call rc", rc, 1)
    found = parse_lines(err)
    check("one root call named", {h: (v[0], v[2]) for h, v in found.items()}, {"root_usage": (1, 7)})

    # Errors are never a passed or failed assertion.
    check("unknown hunt", run("--hunt", "all,nope", "--expect", "none", rel)[0], 2)
    check("empty hunt name", run("--hunt", "root_usage,", "--expect", "none", rel)[0], 2)
    check("unreadable input", run("--hunt", "all", "--expect", "none", os.path.join(d, "missing"))[0], 2)
    bad = os.path.join(d, "bad.json")
    open(bad, "w").write('{"Records":[')
    # `inputs` raises it inside the filter: a runtime error, as jq has it.
    check("invalid JSON input", run("--hunt", "all", "--expect", "none", bad)[0], 5)

for f in failures:
    print(f)
sys.exit(1 if failures else 0)
