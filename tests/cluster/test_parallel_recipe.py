#!/usr/bin/python3
"""README's GNU parallel recipe ("Beyond one machine") gives ctq's bytes: the command is taken
from the README as written, run on a generated S3 tree, locally and through parallel's
--sshlogin with ':' (this machine, the route a list of hosts takes), and compared with one
`ctq` run. Usage: test_parallel_recipe.py CTQ ROOT"""
import os
import re
import subprocess
import sys
import tempfile

ctq, root = sys.argv[1], sys.argv[2]
failures = []

with open(os.path.join(root, "README.md")) as f:
    readme = f.read()
blocks = re.findall(r"<!-- parallel recipe -->\n```sh\n(.*?)```", readme, re.S)
if len(blocks) != 2:
    sys.exit(f"FAIL: README should hold two blocks after <!-- parallel recipe -->, has {len(blocks)}")

with tempfile.TemporaryDirectory(prefix="ctq-parallel-") as work:
    subprocess.run(["/usr/bin/python3", os.path.join(root, "tools", "gen-cloudtrail"), "--seed",
                    "parallel", "--records", "6000", "--span", "40000", "--s3-tree",
                    os.path.join(work, "logs")], check=True, stdout=subprocess.DEVNULL)
    env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(ctq)) + ":" + os.environ["PATH"])
    want = subprocess.run([ctq, "--records", "-c", 'select(.eventName == "ConsoleLogin")',
                           "AWSLogs/"], cwd=os.path.join(work, "logs"), capture_output=True)
    if want.returncode != 0 or not want.stdout:
        failures.append(f"ctq itself: {want.returncode} {want.stderr!r}")
    for block in blocks:
        # The recipe as written; the hosts of --sshlogin become ':' (this machine).
        command = re.sub(r"--sshlogin \S+", "--sshlogin 2/:", block.replace("\\\n", " "))
        got = subprocess.run(["bash", "-o", "pipefail", "-c", command],
                             cwd=os.path.join(work, "logs"), capture_output=True, env=env)
        if got.returncode != 0 or got.stdout != want.stdout:
            failures.append(f"{command.strip()}: status {got.returncode}, "
                            f"{len(got.stdout)} bytes (want {len(want.stdout)}), "
                            f"stderr {got.stderr[-400:]!r}")

for f in failures:
    print("FAIL:", f)
print(f"{len(blocks)} recipes, {len(failures)} failures")
sys.exit(1 if failures else 0)
