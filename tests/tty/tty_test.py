#!/usr/bin/env python3
"""ctq on a terminal: colour rules and --table truncation, checked through a real pseudo-terminal.

    tty_test.py CTQ_BINARY

Colour follows jq 1.7.1: on only when stdout is a terminal; -C forces it, -M disables it and
wins over -C; a non-empty NO_COLOR disables it (but -C still forces); JQ_COLORS sets the palette.
The expected escapes are derived below from jq 1.7.1's printer (jv_dump_term in src/jv_print.c);
DEFAULT_EXPECTED pins the result, byte for byte what jq 1.7.1 -C prints for DOC.
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "support"))
import terminal  # noqa: E402

RESET = "\x1b[0m"
# jq 1.7.1's defaults, in JQ_COLORS order: null false true numbers strings arrays objects keys.
DEFAULT_PALETTE = ["0;90", "0;39", "0;39", "0;39", "0;32", "1;39", "1;39", "1;34"]
CUSTOM_JQ_COLORS = "0;31:0;32:0;33:0;34:0;35:0;36:0;37:4;31"

DOC = {"a": [1, None, True], "b": "s", "c": {}}
DEFAULT_EXPECTED = (
    '\x1b[1;39m{\n  \x1b[0m\x1b[1;34m"a"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m[\n'
    '    \x1b[0;39m1\x1b[0m\x1b[1;39m,\n    \x1b[0;90mnull\x1b[0m\x1b[1;39m,\n'
    '    \x1b[0;39mtrue\x1b[0m\x1b[1;39m\n  \x1b[1;39m]\x1b[0m\x1b[1;39m,\n'
    '  \x1b[0m\x1b[1;34m"b"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[0;32m"s"\x1b[0m\x1b[1;39m,\n'
    '  \x1b[0m\x1b[1;34m"c"\x1b[0m\x1b[1;39m: \x1b[0m\x1b[1;39m{}\x1b[0m\x1b[1;39m\n'
    '\x1b[1;39m}\x1b[0m\n'
)


def kind_index(value):
    """jq's kind order: null, false, true, number, string, array, object."""
    if value is None:
        return 0
    if value is False:
        return 1
    if value is True:
        return 2
    if isinstance(value, (int, float)):
        return 3
    if isinstance(value, str):
        return 4
    return 5 if isinstance(value, list) else 6


def jq171_colour(value, palette, indent=2, depth=0):
    """What jq 1.7.1 prints for `value` with colour on (indent 0 is -c)."""
    sgr = ["\x1b[" + code + "m" for code in palette]
    col = sgr[kind_index(value)]

    def newline(level):
        return "\n" + " " * (indent * level) if indent else ""

    out = col
    if isinstance(value, list) and value:
        out += "["
        for i, item in enumerate(value):
            if i > 0:
                out += ","
            # Each member is followed by its container's colour again.
            out += newline(depth + 1) + jq171_colour(item, palette, indent, depth + 1) + col
        out += newline(depth) + col + "]"
    elif isinstance(value, dict) and value:
        out += "{"
        for i, (key, item) in enumerate(value.items()):
            if i > 0:
                out += ","
            # Keys in their own colour, then the colon in the object's, each followed by a reset.
            out += newline(depth + 1) + RESET + sgr[7] + json.dumps(key) + RESET
            out += col + ":" + (" " if indent else "") + RESET
            out += jq171_colour(item, palette, indent, depth + 1) + col
        out += newline(depth) + col + "}"
    elif isinstance(value, list):
        out += "[]"
    elif isinstance(value, dict):
        out += "{}"
    else:
        out += json.dumps(value, ensure_ascii=False)
    return out + RESET


def run_on_pty(args, env=None, columns=None):
    """Runs args with stdout on a fresh pseudo-terminal; returns (stdout bytes, stderr bytes)."""
    _, out, err = terminal.run_on_terminal(args, env=env, columns=columns, timeout=60)
    return out, err


def run_on_pipe(args, env=None):
    proc = subprocess.run(args, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                          timeout=60, check=False)
    return proc.stdout, proc.stderr


def environment(**changes):
    """The test's environment without the variables that steer colour, plus `changes`."""
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "JQ_COLORS")}
    env.update(changes)
    return env


FAILURES = []


def check(name, got, want):
    if got == want:
        print("ok   " + name)
    else:
        FAILURES.append(name)
        print("FAIL " + name)
        print("     want " + repr(want))
        print("     got  " + repr(got))


def main():
    ctq = sys.argv[1]
    try:
        os.close(os.openpty()[0])
    except OSError as error:  # no /dev/ptmx (some containers): CTest counts 77 as skipped
        print("no pseudo-terminal available (%s): skipped" % error)
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        doc = os.path.join(tmp, "doc.json")
        with open(doc, "w", encoding="utf-8") as f:
            json.dump(DOC, f)
        rows = os.path.join(tmp, "rows.json")
        with open(rows, "w", encoding="utf-8") as f:
            json.dump([{"name": "short", "note": "this note is far too long for the window"},
                       {"name": "x", "note": "fits"}], f)

        plain = (json.dumps(DOC, indent=2) + "\n").encode()
        default = jq171_colour(DOC, DEFAULT_PALETTE).encode() + b"\n"
        custom = jq171_colour(DOC, CUSTOM_JQ_COLORS.split(":")).encode() + b"\n"
        check("derivation matches jq 1.7.1's bytes", default, DEFAULT_EXPECTED.encode())

        check("terminal: jq 1.7.1 default colours",
              run_on_pty([ctq, ".", doc], environment()), (default, b""))
        check("pipe: no colour", run_on_pipe([ctq, ".", doc], environment()), (plain, b""))
        check("terminal, NO_COLOR=1: no colour",
              run_on_pty([ctq, ".", doc], environment(NO_COLOR="1")), (plain, b""))
        check("terminal, empty NO_COLOR: colour",
              run_on_pty([ctq, ".", doc], environment(NO_COLOR="")), (default, b""))
        check("terminal, -M: no colour",
              run_on_pty([ctq, "-M", ".", doc], environment()), (plain, b""))
        check("terminal, -C -M: -M wins",
              run_on_pty([ctq, "-C", "-M", ".", doc], environment()), (plain, b""))
        check("pipe, -C: colour", run_on_pipe([ctq, "-C", ".", doc], environment()),
              (default, b""))
        check("pipe, -C with NO_COLOR=1: -C wins",
              run_on_pipe([ctq, "-C", ".", doc], environment(NO_COLOR="1")), (default, b""))
        check("terminal, JQ_COLORS: custom palette",
              run_on_pty([ctq, ".", doc], environment(JQ_COLORS=CUSTOM_JQ_COLORS)),
              (custom, b""))
        compact = jq171_colour(DOC, CUSTOM_JQ_COLORS.split(":"), indent=0).encode() + b"\n"
        check("pipe, -C -c, JQ_COLORS: custom palette, compact",
              run_on_pipe([ctq, "-C", "-c", ".", doc], environment(JQ_COLORS=CUSTOM_JQ_COLORS)),
              (compact, b""))
        check("terminal, JQ_COLORS with a bad field: defaults and a warning",
              run_on_pty([ctq, ".", doc], environment(JQ_COLORS="1;31:red")),
              (default, b"Failed to set $JQ_COLORS\n"))
        check("terminal, -r: raw strings stay uncoloured",
              run_on_pty([ctq, "-r", ".b", doc], environment()), (b"s\n", b""))

        # --table on a 40-column terminal: cells are cut to max(12, 40 / 3) = 13 columns.
        cut = "name   note\nshort  this note is…\nx      fits\n".encode()
        whole = ("name   note\nshort  this note is far too long for the window\n"
                 "x      fits\n").encode()
        check("terminal, --table, 40 columns: overlong cells cut",
              run_on_pty([ctq, "--table", ".[]", rows], environment(), columns=40), (cut, b""))
        check("terminal, --table --no-trunc: cells whole",
              run_on_pty([ctq, "--table", "--no-trunc", ".[]", rows], environment(), columns=40),
              (whole, b""))
        check("pipe, --table: nothing cut",
              run_on_pipe([ctq, "--table", ".[]", rows], environment()), (whole, b""))

    if FAILURES:
        print("%d failed: %s" % (len(FAILURES), ", ".join(FAILURES)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
