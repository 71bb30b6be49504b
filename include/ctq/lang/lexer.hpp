// Turning filter text into tokens.
#pragma once

#include <vector>

#include "ctq/lang/source.hpp"
#include "ctq/lang/token.hpp"

namespace ctq {

/// Lexes the whole filter; the last token is always End.
/// Throws CompileError on an unterminated string, a bad escape or a stray character.
std::vector<Token> lex(const SourceFile& source);

}  // namespace ctq
