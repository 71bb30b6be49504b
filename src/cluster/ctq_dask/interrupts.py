"""Ctrl-C, SIGTERM and SIGHUP: the run stops, its tasks are cancelled, a local cluster is
stopped, and the exit status is 128 + the signal (130 for Ctrl-C).

The signal raises Interrupted where the driver is. Python swallows an exception raised in
some places (inside an import's locking, in a destructor), so the signal is also kept, and
checkpoint() raises it again at the driver's next step."""
import signal

_pending = None  # the number of a signal that arrived


class Interrupted(KeyboardInterrupt):
    def __init__(self, signum):
        super().__init__(signum)
        self.signum = signum

    @property
    def status(self):
        return 128 + self.signum


def _arrived(signum, _frame):
    global _pending
    _pending = signum
    raise Interrupted(signum)


def install():
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _arrived)


def checkpoint():
    if _pending is not None:
        raise Interrupted(_pending)


def status(interrupt):
    return interrupt.status if isinstance(interrupt, Interrupted) else 128 + signal.SIGINT
