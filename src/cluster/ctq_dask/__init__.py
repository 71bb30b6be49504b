"""ctq-dask: ctq's filters run over many files on a Dask cluster, with ctq's output.

The modules, in the order a run uses them:
  command_line    the driver's own options apart from ctq's, and what the filter asks for
  refusals        filters and options that cannot be shared out, and why
  plan            which of the user's options go to the shards, the merge, the listing
  local_ctq       the ctq binary on this machine: checking the filter, listing the inputs
  shards          the listing cut into shards: groups of small files, pieces of big ones
  task            what a worker runs for one shard (a ctq subprocess)
  cluster         connecting to a scheduler, or starting a local one (--local N)
  ordered_output  results written in input order, holding back only what is out of order
  merge_stage     --reduce and --table: one local ctq over all shards' outputs
  progress        the progress line on a terminal
  driver          the run: submit, gather, write, faults and the exit status
  interrupts      Ctrl-C, SIGTERM and SIGHUP
"""
