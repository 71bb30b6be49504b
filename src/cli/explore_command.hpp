// `ctq -i`: the explorer (src/explore) set up from the command line, and what it asks for
// when it ends done here: a batch run, a command line printed, or nothing.
#pragma once

#include "options.hpp"

namespace ctq::cli {

/// Runs the explorer; returns the exit status.
int run_interactive(Options options);

}  // namespace ctq::cli
