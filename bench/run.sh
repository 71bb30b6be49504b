#!/usr/bin/env bash
# Benchmarks ctq against jq 1.6, gojq and a simdjson floor; see bench/run.py (--help).
exec python3 "$(dirname "$0")/run.py" "$@"
