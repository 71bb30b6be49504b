#!/usr/bin/env bash
# Measures ctq -i on a big generated log (first results, keys that never wait); see bench/explore.py.
exec python3 "$(dirname "$0")/explore.py" "$@"
