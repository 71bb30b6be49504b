"""The clock of a trail: background events at a steady (Poisson) rate, with the scenario's
scripted bursts expanded when the clock reaches them and interleaved by time."""


def run(gen, scenario, emit, *, start, span, rate, n_background, target_bytes, written):
    """Emits events until n_background background events were written, or, with target_bytes,
    until written() reaches it; then the rest of the story. emit(event, time, scripted)."""
    r = gen.r
    t = start
    bursts = scenario.bursts if scenario else []
    next_burst = 0
    pending = []            # [(time, thunk)] sorted by time
    n_bg_written = 0

    def expand(i, t0):
        steps = scenario.prepare(i, t0)
        pending.extend(steps)
        pending.sort(key=lambda x: x[0])

    def drain(until):
        while pending and pending[0][0] <= until:
            tt, fn = pending.pop(0)
            emit(fn(tt), tt, True)

    while True:
        if target_bytes is not None:
            if written() >= target_bytes:
                break
        elif n_bg_written >= n_background:
            break
        t += r.expovariate(rate)
        while next_burst < len(bursts) and t >= start + bursts[next_burst][0] * span:
            expand(next_burst, start + bursts[next_burst][0] * span)
            next_burst += 1
        drain(t)
        tt = t - (r.random() * 4 if r.random() < 0.1 else 0.0)   # CloudTrail files are only roughly time ordered
        emit(gen.background(tt), tt, False)
        n_bg_written += 1
    while next_burst < len(bursts):   # size reached before the story finished: append the rest
        expand(next_burst, max(t + 60, start + bursts[next_burst][0] * span))
        t = pending[-1][0]
        next_burst += 1
    drain(float('inf'))
    return n_bg_written
