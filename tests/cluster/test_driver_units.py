#!/usr/bin/python3
"""Unit tests of ctq-dask's driver modules that need no cluster: the command line, the plan of
options, shards, the ordered output (order, the budget, pieces read through), the exit status,
and Dask's log lines kept quiet (when Python's distributed is there).
Usage: test_driver_units.py ROOT"""
import os
import sys
import unittest

sys.path.insert(0, os.path.join(sys.argv.pop(1), "src", "cluster"))
from ctq_dask import command_line, ordered_output, plan, refusals, shards  # noqa: E402
from ctq_dask.command_line import UsageError  # noqa: E402


def result(out, status=0, ended_at=None, err=b""):
    return {"out": out, "err": err, "status": status, "ended_at": ended_at}


class CommandLine(unittest.TestCase):
    def test_driver_and_ctq_options_apart(self):
        inv = command_line.parse(["--local", "3", "-rc", "--arg", "x", "AWSLogs", "--since",
                                  "36h", "--reduce", "add", ".a", "p1", "--ship", "p2"])
        self.assertEqual(inv.local, 3)
        self.assertEqual(inv.reduce, "add")
        self.assertTrue(inv.ship)
        self.assertEqual(inv.filter, ".a")
        self.assertEqual(inv.paths, ["p1", "p2"])
        self.assertEqual(inv.options, [("-r", []), ("-c", []), ("--arg", ["x", "AWSLogs"]),
                                       ("--since", ["36h"])])

    def test_from_file_and_hunt_take_no_filter(self):
        self.assertEqual(command_line.parse(["-f", "q.jq", "a", "b"]).paths, ["a", "b"])
        inv = command_line.parse(["--hunt", "root_usage", "a"])
        self.assertIsNone(inv.filter)
        self.assertEqual(inv.paths, ["a"])

    def test_relative_window_fixed_once(self):
        inv = command_line.parse(["--since", "36h", "--until", "2024-11-28T00:00:00Z", ".", "a"])
        command_line.absolute_window(inv, now=86400 * 2)
        self.assertEqual(inv.value("--since"), "1970-01-01T12:00:00Z")
        self.assertEqual(inv.value("--until"), "2024-11-28T00:00:00Z")

    def test_sizes(self):
        self.assertEqual(command_line.parse(["--shard-size", "2M", ".", "a"]).shard_size, 2 << 20)
        for bad in (["--shard-size", "lots"], ["--local", "0"], ["--local"]):
            with self.assertRaises(UsageError):
                command_line.parse([*bad, ".", "a"])


class Refusals(unittest.TestCase):
    def refused(self, args, hunts=()):
        with self.assertRaises(UsageError) as caught:
            refusals.check(command_line.parse(["--local", "2", *args]), list(hunts))
        return str(caught.exception)

    def test_not_distributable_without_reduce(self):
        self.assertIn("-s", self.refused(["-s", ".", "a"]))
        self.assertIn("inputs itself", self.refused(["[inputs]", "a"]))
        self.assertIn("halt", self.refused(["halt_error", "a"]))
        self.assertIn("access_denied_burst",
                      self.refused(["--hunt", "all", "a"], ["access_denied_burst"]))
        self.assertIn("PATHS", self.refused(["."]))
        # input_filename is not input
        refusals.check(command_line.parse(["--local", "2", "input_filename", "a"]), [])
        # with --reduce, a shard may read its own inputs
        refusals.check(command_line.parse(["--local", "2", "-n", "[inputs]", "--reduce",
                                           "add", "a"]), [])


class Plans(unittest.TestCase):
    def test_merge_stage_takes_the_printing(self):
        p = plan.make_plan(command_line.parse(["--local", "2", "-r", "--tab", "--records",
                                               "--reduce", "add", ".a", "x"]))
        names = [o[0] for o in p.shard_options]
        self.assertIn("-c", names)
        self.assertNotIn("-r", names)
        self.assertIn("--records", names)
        self.assertEqual(p.merge_options, ["-r", "--tab"])
        self.assertTrue(p.merge_null_input)

    def test_whole_files_for_hunts_and_ship(self):
        self.assertFalse(plan.make_plan(command_line.parse(["--hunt", "root_usage", "x"])).cut)
        self.assertFalse(plan.make_plan(command_line.parse(["--ship", ".", "x"])).cut)
        self.assertTrue(plan.make_plan(command_line.parse([".", "x"])).cut)


    def test_ship_sends_the_filters_own_files(self):
        import tempfile
        with tempfile.TemporaryDirectory() as work:
            paths = {}
            for name, text in (("f.jq", ".a"), ("r.txt", "raw\n"), ("s.json", "1 2")):
                paths[name] = os.path.join(work, name)
                with open(paths[name], "w") as f:
                    f.write(text)
            inv = command_line.parse(["--ship", "--rawfile", "r", paths["r.txt"], "--slurpfile",
                                      "s", paths["s.json"], "-f", paths["f.jq"], "x"])
            p = plan.make_plan(inv, lambda path: "[1,2]")
        self.assertEqual(p.shard_filter, [".a"])
        self.assertIn(("--arg", ["r", "raw\n"]), p.shard_options)
        self.assertIn(("--argjson", ["s", "[1,2]"]), p.shard_options)
        self.assertFalse(any(o[0] in ("-f", "--rawfile", "--slurpfile") for o in p.shard_options))


class Shards(unittest.TestCase):
    def test_grouping_and_pieces(self):
        entries = [{"file": "/dev/null"}] * 5 + [{"file": "big", "range": "0-10,records"},
                                                 {"file": "big", "range": "10-25,line=1,column=10,index=3,records"}]
        made = shards.make_shards(entries, shard_size=1 << 20, shard_files=2)
        self.assertEqual([len(s.files) for s in made], [2, 2, 1, 1, 1])
        self.assertEqual([s.size for s in made[3:]], [10, 15])
        self.assertEqual(made[4].start, 10)


class Ordered(unittest.TestCase):
    def setUp(self):
        self.out = []
        self.err = []

    def make(self, entries, budget=1 << 20):
        made = shards.make_shards(entries, 1 << 30, 1)
        return ordered_output.OrderedOutput(made, self.out.append, self.err.append, budget)

    def test_in_order_whatever_the_arrival(self):
        o = self.make([{"file": f"/dev/null{i}"} for i in range(4)])
        o.add(2, result(b"c"))
        o.add(1, result(b"b"))
        self.assertEqual(self.out, [])
        o.add(0, result(b"a", err=b"e0"))
        self.assertEqual(self.out, [b"a", b"b", b"c"])
        self.assertEqual(self.err, [b"e0"])
        self.assertFalse(o.done())
        o.add(3, result(b"d"))
        self.assertTrue(o.done())
        self.assertEqual(o.held_bytes, 0)

    def test_budget(self):
        o = self.make([{"file": f"f{i}"} for i in range(3)], budget=4)
        self.assertTrue(o.room_for_early())
        o.add(2, result(b"12345"))
        self.assertFalse(o.room_for_early())
        o.add(0, result(b"x"))
        o.add(1, result(b"y"))
        self.assertTrue(o.room_for_early())
        self.assertEqual(b"".join(self.out), b"xy12345")

    def test_pieces_read_through_give_nothing(self):
        o = self.make([{"file": "big", "range": "0-10,records"},
                       {"file": "big", "range": "10-20,line=1,column=10,index=1,records"},
                       {"file": "big", "range": "20-30,line=1,column=20,index=2,records"},
                       {"file": "other"}])
        o.add(1, result(b"second", ended_at=20))
        o.add(2, result(b"third", ended_at=30))
        o.add(0, result(b"first and on", status=5, ended_at=30))
        o.add(3, result(b"other"))
        self.assertEqual(self.out, [b"first and on", b"other"])
        self.assertEqual(ordered_output.exit_status(o.written, False), 5)


class ExitStatus(unittest.TestCase):
    def test_as_ctq(self):
        st = ordered_output.exit_status
        w = lambda *s: [(None, result(b"", x)) for x in s]  # noqa: E731
        self.assertEqual(st(w(0, 5, 2, 0), False), 2)
        self.assertEqual(st(w(0, 5, 0), False), 5)
        self.assertEqual(st(w(0, 0), False), 0)
        # -e: the last shard that printed anything decides; none did: 4
        self.assertEqual(st(w(0, 1, 4), True), 1)
        self.assertEqual(st(w(1, 0, 4), True), 0)
        self.assertEqual(st(w(4, 4), True), 4)


class DaskLogging(unittest.TestCase):
    def test_quiet_after_distributed_set_its_levels(self):
        # Importing distributed sets its loggers' levels; quiet() must win over them, for the
        # loggers that exist and for those a module imported later creates.
        try:
            import distributed  # noqa: F401
        except ImportError:
            self.skipTest("Python's distributed module is missing")
        import logging
        from ctq_dask import cluster
        cluster.quiet()
        for name in ("distributed", "distributed.client", "distributed.scheduler",
                     "distributed.not_created_before"):
            self.assertFalse(logging.getLogger(name).isEnabledFor(logging.ERROR), name)


if __name__ == "__main__":
    unittest.main(verbosity=1)
