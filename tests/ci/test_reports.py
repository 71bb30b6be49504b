#!/usr/bin/python3
"""--report junit=FILE and sarif=FILE, read back by real consumers.

JUnit: `xmllint --noout`, then junitparser. SARIF: sarif_om, and jsonschema against the official
2.1.0 schema, taken at test time from the npm package @microsoft/jest-sarif
(lib/schemas/sarif-2.1.0-rtm.5.json). Without npm or its registry this test fails.
A path that cannot be written is exit 2 with a clear message and no file left behind."""
import glob, json, os, subprocess, sys, tarfile, tempfile

import jsonschema
import junitparser
import sarif_om

ctq, root = sys.argv[1], sys.argv[2]
sample = os.path.join(root, "samples", "cloudtrail_log.json")
failures = []

def run(*args):
    p = subprocess.run([ctq, *args], capture_output=True, text=True, cwd=root)
    return p.returncode, p.stdout, p.stderr

def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")

def sarif_schema(d):
    p = subprocess.run(["npm", "pack", "--silent", "@microsoft/jest-sarif"], cwd=d,
                       capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"npm pack @microsoft/jest-sarif failed: {p.stderr.strip()}")
    tgz = os.path.join(d, p.stdout.strip().splitlines()[-1])
    with tarfile.open(tgz) as t:
        return json.load(t.extractfile("package/lib/schemas/sarif-2.1.0-rtm.5.json"))

def check_junit(path, want_cases):
    lint = subprocess.run(["xmllint", "--noout", path], capture_output=True, text=True)
    check(f"xmllint {path}", (lint.returncode, lint.stderr), (0, ""))
    xml = junitparser.JUnitXml.fromfile(path)
    got = {}
    for suite in xml:
        for case in suite:
            failed = [r for r in case.result if isinstance(r, junitparser.Failure)]
            got[case.name] = failed[0].text.count("\n") if failed else None
    check(f"junit cases {path}", got, want_cases)

def check_sarif(path, schema, want_results):
    doc = json.load(open(path))
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        failures.append(f"{path} does not validate: {e.message} at {list(e.absolute_path)}")
    log = sarif_om.SarifLog(version=doc["version"], runs=[
        sarif_om.Run(tool=sarif_om.Tool(driver=sarif_om.ToolComponent(**{
            "name": r["tool"]["driver"]["name"],
            "rules": [sarif_om.ReportingDescriptor(id=x["id"]) for x in r["tool"]["driver"]["rules"]]})),
            results=[sarif_om.Result(message=sarif_om.Message(text=x["message"]["text"]),
                                     rule_id=x["ruleId"]) for x in r["results"]])
        for r in doc["runs"]])
    check(f"{path} version", log.version, "2.1.0")
    counts = {}
    for res in log.runs[0].results:
        counts[res.rule_id] = counts.get(res.rule_id, 0) + 1
    check(f"{path} results per rule", counts, want_results)
    return doc

with tempfile.TemporaryDirectory() as d:
    schema = sarif_schema(d)
    rel = "samples/cloudtrail_log.json"
    # The per-hunt counts, as --hunt NAME alone finds them.
    hunts = [l.split()[0] for l in run("--list-hunts")[1].splitlines() if not l.startswith(" ")]
    alone = {h: len(run("-c", "--hunt", h, rel)[1].splitlines()) for h in hunts if h != "from_ip"}
    junit, sarif = os.path.join(d, "r.xml"), os.path.join(d, "r.sarif")
    rc, _, err = run("--hunt", "all", "--expect", "none", "-q", "--report", f"junit={junit}",
                     "--report", f"sarif={sarif}", rel)
    check("hunt all rc", rc, 1)
    check_junit(junit, {h: (n or None) for h, n in alone.items()})
    doc = check_sarif(sarif, schema, {h: n for h, n in alone.items() if n})
    rules = {r["id"]: r for r in doc["runs"][0]["tool"]["driver"]["rules"]}
    check("rule source", "Sigma 4db60cc0-36fb-42b7-9b58-a5b53019fb74" in
          rules["cloudtrail_tampering"]["fullDescription"]["text"], True)
    stop = [r for r in doc["runs"][0]["results"] if r["ruleId"] == "cloudtrail_tampering"][0]
    check("result location", stop["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], rel)
    check("result record", stop["properties"]["record"], 172)

    # The main filter's --expect, with outputs full of characters XML and JSON must escape.
    nasty = os.path.join(d, "nasty file.json")
    events = [{"eventName": "x<&>\"'\u0001]]>", "k": "\u00e9\u2028\U0001F600"}, {"eventName": "ok"}]
    json.dump({"Records": events}, open(nasty, "w"))
    for expect, ok in (("none", False), ("2", True)):
        rc, _, _ = run("--expect", expect, "-q", "--records", "--report", f"junit={junit}",
                       "--report", f"sarif={sarif}", ".", nasty)
        check(f"--expect {expect} rc", rc, 0 if ok else 1)
        check_junit(junit, {f"expect {expect}": None if ok else 2})
        doc = check_sarif(sarif, schema, {} if ok else {f"expect {expect}": 2})
        if not ok:
            res = doc["runs"][0]["results"][0]
            check("escaped event back", res["properties"]["event"], events[0])
            check("uri", res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                  nasty.replace(" ", "%20"))
            text = junitparser.JUnitXml.fromfile(junit)
            body = [r for s in text for c in s for r in c.result][0].text
            check("junit body keeps the event", json.dumps(events[0], separators=(",", ":"), ensure_ascii=False) in body, True)

    # Unwritable: exit 2, a clear message, nothing left behind.
    locked = os.path.join(d, "locked")
    os.mkdir(locked)
    os.chmod(locked, 0o500)
    for target in (os.path.join(d, "missing", "r.xml"), os.path.join(locked, "r.xml")):
        rc, _, err = run("--expect", "none", "-q", "--report", f"junit={target}", ".", nasty)
        if os.geteuid() == 0 and target.startswith(locked):
            continue  # root writes anywhere
        check(f"unwritable {target} rc", rc, 2)
        check(f"unwritable {target} message", f"cannot write report {target}" in err, True)
        check(f"no partial file for {target}", glob.glob(target + "*"), [])
    # A bad spec, or --report without --expect: usage errors.
    check("bad kind", run("--expect", "none", "--report", f"html={junit}", ".", nasty)[0], 2)
    check("no file", run("--expect", "none", "--report", "junit=", ".", nasty)[0], 2)
    check("no --expect", run("--report", f"junit={junit}", ".", nasty)[0], 2)
    # An error in the run writes no report and keeps its own exit code.
    os.unlink(junit)
    check("compile error", run("--expect", "none", "--report", f"junit={junit}", ".[", nasty)[0], 3)
    check("runtime error", run("--expect", "none", "--report", f"junit={junit}", 'error("x")', nasty)[0], 5)
    check("no report after errors", os.path.exists(junit), False)

for f in failures:
    print(f)
sys.exit(1 if failures else 0)
