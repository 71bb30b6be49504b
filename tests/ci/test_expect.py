#!/usr/bin/python3
"""--expect end to end: every form passes and fails over a {"Records":[...]} document,
NDJSON, .gz and a tree; --threads 1 and 2 give the same stderr line; errors give 2/3/5."""
import gzip, json, os, subprocess, sys, tempfile

ctq = sys.argv[1]
failures = []

def run(*args):
    p = subprocess.run([ctq, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr

def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")

with tempfile.TemporaryDirectory() as d:
    events = [{"eventName": "A"}, {"eventName": "DeleteTrail"}, {"eventName": "DeleteTrail"}]
    doc = os.path.join(d, "doc.json")
    open(doc, "w").write(json.dumps({"Records": events}))
    nd = os.path.join(d, "events.ndjson")
    open(nd, "w").write("".join(json.dumps(e) + "\n" for e in events))
    gz = os.path.join(d, "doc.json.gz")
    with gzip.open(gz, "wt") as f:
        f.write(json.dumps({"Records": events}))
    tree = os.path.join(d, "tree", "a", "b")
    os.makedirs(tree)
    for i in range(3):
        open(os.path.join(tree, f"{i}.json"), "w").write(json.dumps({"Records": events}))
    shapes = {doc: 2, nd: 2, gz: 2, os.path.join(d, "tree"): 6}
    sel = 'select(.eventName == "DeleteTrail")'
    for path, n in shapes.items():
        for form, ok in [("none", n == 0), ("some", n > 0), (str(n), True), (str(n + 1), False),
                         (f"<{n + 1}", True), (f"<{n}", False), (f">{n - 1}", True), (f">{n}", False)]:
            lines = {}
            for threads in ("1", "2"):
                rc, out, err = run("--threads", threads, "--expect", form, "--records", "-c", sel, path)
                check(f"{path} --expect {form} threads {threads} rc", rc, 0 if ok else 1)
                check(f"{path} --expect {form} stdout", out.count("DeleteTrail"), n)
                lines[threads] = err
                if not ok and not err.startswith(f"ctq: expectation failed: --expect {form}, got {n}: "):
                    failures.append(f"{path} --expect {form}: stderr {err!r}")
                if not ok and "#1 " not in err:
                    failures.append(f"{path} --expect {form}: no record index in {err!r}")
            check(f"{path} --expect {form} threads 1 vs 2", lines["1"], lines["2"])
        rc, out, _ = run("-q", "--expect", "some", "--records", sel, path)
        check(f"{path} -q", (rc, out), (0, ""))
    check("bad --expect", run("--expect", "bad", ".", doc)[0], 2)
    check("bad filter", run("--expect", "none", ".[", doc)[0], 3)
    check("unreadable input", run("--expect", "none", ".", os.path.join(d, "missing"))[0], 2)
    check("runtime error", run("--expect", "none", 'error("x")', doc)[0], 5)

for f in failures:
    print(f)
sys.exit(1 if failures else 0)
