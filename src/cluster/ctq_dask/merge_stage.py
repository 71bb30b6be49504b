"""One local ctq reading every shard's output, in order, on its standard input.

--reduce FILTER runs FILTER once (-n) with the shards' outputs as its `inputs`. --table needs
every row to set the column widths, so the shards print compact JSON and a local
`ctq --table .` lays it out: the values are the same, so the table is too. Either way the
printing options (-r, -c, -S, --table, -e...) are the merge stage's, and its stdout is ours."""
import signal
import subprocess


def _ignore_ctrl_c():
    # Ctrl-C is the driver's: it stops the merge stage itself, rather than have a reduce over
    # part of the shards end on its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class MergeStage:
    def __init__(self, ctq, options, filter_text, null_input):
        args = [ctq, "--no-progress"] + (["-n"] if null_input else []) + options
        args += ["--", filter_text]
        self.process = subprocess.Popen(args, stdin=subprocess.PIPE, preexec_fn=_ignore_ctrl_c)

    def write(self, data):
        """False once the merge stage stopped reading (it failed, or its reader went away)."""
        try:
            self.process.stdin.write(data)
            return True
        except (BrokenPipeError, ValueError):
            return False

    def finish(self):
        try:
            self.process.stdin.close()
        except BrokenPipeError:
            pass
        status = self.process.wait()
        return 128 - status if status < 0 else status  # killed by a signal: as a shell says

    def kill(self):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
