"""Ctrl-C, SIGTERM and SIGHUP: the run stops, its tasks are cancelled, a local cluster is
stopped, and the exit status is 128 + the signal (130 for Ctrl-C).

The signal raises Interrupted where the driver is. Python swallows an exception raised in
some places (inside an import's locking, in a destructor), so the signal is also kept, and
checkpoint() raises it again at the driver's next step."""
import contextlib
import signal

_pending = None  # the number of a signal that arrived
_holding = 0  # inside held(): signals wait for its end


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
    if not _holding:
        raise Interrupted(signum)


def install():
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _arrived)


@contextlib.contextmanager
def held():
    """A signal that arrives inside is raised at its end, not in the middle: a process started
    in it is recorded, so that the stop can end it, before the run stops."""
    global _holding
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
    checkpoint()


def checkpoint():
    if _pending is not None:
        raise Interrupted(_pending)


def status(interrupt):
    return interrupt.status if isinstance(interrupt, Interrupted) else 128 + signal.SIGINT
