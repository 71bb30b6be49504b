// Before `ctq .` prints a file's documents piece by piece, as their records are read, a quick
// first reading makes sure nothing later in the file could change what was already printed.
#pragma once

#include <string>

namespace ctq {

/// Whether every JSON text in the regular file (plain or gzip) at `path` parses, and no
/// top-level object gives a key twice (jq prints the last value at the first key's place).
/// Builds nothing but the top-level keys. False also when the file cannot be read: the
/// ordinary reading then reports why, exactly as without the check.
bool documents_print_in_pieces(const std::string& path);

}  // namespace ctq
