"""Shards' results written in input order as they arrive, holding back only what is early.

A result that arrives before an earlier shard's is held, up to a budget of bytes; past it, the
driver leaves further early results on the workers until their turn (see driver.py), so the
driver's memory stays within the budget plus one result. Pieces of one file are joined as
ctq's --range-report asks: when a piece's reading ran on past its end (an error ends the whole
document), the pieces it read through give nothing."""


class OrderedOutput:
    def __init__(self, shards, write_out, write_err, budget):
        self.shards = shards
        self.write_out = write_out
        self.write_err = write_err
        self.budget = budget
        self.next = 0  # the first shard not yet written
        self.held = {}  # index -> result, arrived early
        self.held_bytes = 0
        self.ended_at = {}  # file -> where the reading of its last written piece ended
        self.written = []  # (shard, result) in order, for the exit status

    def room_for_early(self):
        return self.held_bytes < self.budget

    def add(self, index, result):
        """A shard's result; writes it and every held one after it that is now in turn."""
        self.held[index] = result
        self.held_bytes += _size(result)
        while self.next in self.held:
            result = self.held.pop(self.next)
            self.held_bytes -= _size(result)
            self._write(self.shards[self.next], result)
            self.next += 1

    def done(self):
        return self.next >= len(self.shards)

    def _write(self, shard, result):
        if shard.range is not None:
            path = shard.files[0]
            if shard.start < self.ended_at.get(path, 0):
                return  # the piece before read through this one
            end = int(shard.range.split(",", 1)[0].split("-")[1])
            ended = result.get("ended_at")
            self.ended_at[path] = end if ended is None else ended
        self.written.append((shard, result))
        if result["out"]:
            self.write_out(result["out"])
        if result["err"]:
            self.write_err(result["err"])


def _size(result):
    return len(result["out"]) + len(result["err"])


def exit_status(results, exit_status_option):
    """ctq's status over all shards: 2 if any input could not be read (or a task failed), else
    5 if any runtime error or invalid input, else with -e the last output's, from the last
    shard that printed any (its own -e status: 0 or 1), 4 when none did."""
    statuses = [r["status"] for _, r in results]
    for wanted in (2, 5):
        if wanted in statuses:
            return wanted
    others = [s for s in statuses if s not in (0, 1, 4)]
    if others:
        return others[0]  # 141 (a closed pipe) and the like: as the shard had it
    if not exit_status_option:
        return 0
    decided = [s for s in statuses if s in (0, 1)]
    return decided[-1] if decided else 4
