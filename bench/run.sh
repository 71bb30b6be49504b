#!/usr/bin/env bash
# Benchmarks ctq against jq and gojq on generated CloudTrail logs, in one run,
# and prints wall time, peak memory and ctq's ratios to each. Timing belongs
# here, never in unit tests: these machines are noisy, so each command runs
# several times and the median counts.
#
#   bench/run.sh [--mb N] [--runs N] [--ctq PATH]
#
# Needs ../shared/data/cloudtrail/gen-cloudtrail (python3) and, for the
# comparison, jq and gojq on PATH (Debian packages jq, gojq).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mb=100
runs=3
ctq="$root/build/ctq"
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --ctq) ctq=$2; shift 2 ;;
    *) echo "usage: $0 [--mb N] [--runs N] [--ctq PATH]" >&2; exit 2 ;;
  esac
done

generator="$root/../shared/data/cloudtrail/gen-cloudtrail"
work="${TMPDIR:-/tmp}/ctq-bench"
mkdir -p "$work"
data="$work/records-${mb}mb.json"
ndjson="$work/events-${mb}mb.ndjson"
[ -f "$data" ] || python3 "$generator" --mb "$mb" --seed bench -o "$data"
[ -f "$ndjson" ] || python3 "$generator" --mb "$mb" --seed bench --format ndjson -o "$ndjson"
# About 500 gzip'd files in CloudTrail's S3 layout (one per 5 minutes over 150,000 s); jq and
# gojq cannot read these, so that case runs ctq only.
tree="$work/s3-tree-${mb}mb"
[ -d "$tree" ] || python3 "$generator" --mb "$mb" --seed bench --span 150000 --s3-tree "$tree"

tools=("$ctq")
for t in jq gojq; do command -v "$t" >/dev/null && tools+=("$t"); done

# name|input|arguments...
cases=(
  "identity, compact|$data|-c ."
  "walkthrough select + @tsv|$data|-r .Records[] | select(.eventSource == \"s3.amazonaws.com\") | [.eventTime, .eventName, .userIdentity.userName // \"N/A\", .sourceIPAddress // \"N/A\"] | @tsv"
  "count by eventName|$data|-c [.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add"
  "NDJSON field pick|$ndjson|-c select(.errorCode != null) | {eventTime, errorCode}"
  "rare-IP hunt|$data|-c .Records[] | select(.sourceIPAddress == \"198.51.100.77\") | {eventTime, eventName}"
  "ctq-only: --records s3 tree|$tree|--records select(.eventName == \"ConsoleLogin\") | .eventTime"
)

# Median of the numbers on stdin.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf '%-28s %-6s %10s %10s\n' "case" "tool" "seconds" "peak MB"
for entry in "${cases[@]}"; do
  IFS='|' read -r name input args <<<"$entry"
  declare -A secs=() mem=()
  for tool in "${tools[@]}"; do
    case "$name" in ctq-only:*) [ "$tool" = "$ctq" ] || continue ;; esac
    times=(); peaks=()
    for _ in $(seq "$runs"); do
      # shellcheck disable=SC2086
      out=$( { /usr/bin/time -f '%e %M' "$tool" ${args%% *} "${args#* }" "$input" >/dev/null; } 2>&1 | tail -1)
      times+=("${out% *}"); peaks+=("${out#* }")
    done
    label=$(basename "$tool")
    secs[$label]=$(printf '%s\n' "${times[@]}" | median)
    mem[$label]=$(( $(printf '%s\n' "${peaks[@]}" | median) / 1024 ))
    printf '%-28s %-6s %10s %10s\n' "$name" "$label" "${secs[$label]}" "${mem[$label]}"
  done
  for other in jq gojq; do
    if [ -n "${secs[$other]:-}" ]; then
      awk -v a="${secs[ctq]}" -v b="${secs[$other]}" -v m="${mem[ctq]}" -v n="${mem[$other]}" -v o="$other" \
        'BEGIN { printf "%-28s ctq/%-4s time %.2fx  memory %.2fx\n", "", o, a / b, m / n }'
    fi
  done
  unset secs mem
done
