"""Pseudo-terminals for the end-to-end tests: a program's output as a person's terminal gets it.

Shared by the colour (tests/tty), --summary/--timeline (tests/overview), progress line
(tests/scale) and ctq-dask progress (tests/cluster) tests, so each reads what a terminal shows
the same way."""
import fcntl
import os
import struct
import subprocess
import termios
import tty


def open_terminal(columns=None, rows=24):
    """A fresh pseudo-terminal in raw mode (no "\\n" -> "\\r\\n": bytes compare as written),
    `columns` wide if given. Returns (master, slave) file descriptors."""
    master, slave = os.openpty()
    tty.setraw(slave)
    if columns is not None:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    return master, slave


def read_until_closed(master):
    """Everything shown on the terminal until every writer has closed it; closes `master`."""
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the other side is closed, all is read
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    return shown


def run_on_terminal(args, cwd=None, env=None, columns=None, rows=24, timeout=300):
    """Runs `args` with stdout on a fresh pseudo-terminal and stderr on a pipe.
    Returns (exit status, stdout bytes, stderr bytes)."""
    master, slave = open_terminal(columns, rows)
    proc = subprocess.Popen(args, cwd=cwd, stdin=subprocess.DEVNULL, stdout=slave,
                            stderr=subprocess.PIPE, env=env)
    os.close(slave)
    out = read_until_closed(master)
    err = proc.stderr.read()
    proc.stderr.close()
    proc.wait(timeout=timeout)
    return proc.returncode, out, err
