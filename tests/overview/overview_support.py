"""Helpers shared by the --summary and --timeline end-to-end tests: running ctq on a pipe or on
a pseudo-terminal of a chosen width, an independent jq, and failure bookkeeping."""
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import terminal  # noqa: E402

failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: got {got!r}, want {want!r}")


def run(ctq, args, cwd, stdin=None, env=None):
    """ctq on pipes: (exit status, stdout, stderr) as text."""
    p = subprocess.run([ctq, *args], capture_output=True, text=True, cwd=cwd, input=stdin,
                       env=env, timeout=300)
    return p.returncode, p.stdout, p.stderr


def run_on_terminal(ctq, args, cwd, columns, env_columns=None, extra_env=None):
    """ctq with stdout on a pseudo-terminal `columns` wide (COLUMNS unset unless env_columns is
    given): (exit status, stdout text, stderr text)."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "NO_COLOR", "JQ_COLORS")}
    if env_columns is not None:
        env["COLUMNS"] = str(env_columns)
    env.update(extra_env or {})
    code, out, err = terminal.run_on_terminal([ctq, *args], cwd=cwd, env=env, columns=columns,
                                              rows=40)
    return code, out.decode(), err.decode()


def find_jq():
    """An independent jq (jq 1.6 or gojq) to compute the expected counts; None without one."""
    for name in ("jq", "gojq"):
        path = shutil.which(name)
        if path:
            return path
    return None


def jq(jq_path, program, path, *args):
    """The JSON value jq prints (compact, one output) for `program` over the file at `path`."""
    import json
    p = subprocess.run([jq_path, "-c", *args, program, path], capture_output=True, text=True,
                       timeout=300, check=True)
    return json.loads(p.stdout)


def display_width(text):
    """Terminal columns of a report line: every character here is one column wide."""
    return len(text)


def finish(name):
    if failures:
        print(f"{name}: {len(failures)} failure(s)")
        for f in failures[:60]:
            print("  " + f)
        return 1
    print(f"{name}: all checks passed")
    return 0
