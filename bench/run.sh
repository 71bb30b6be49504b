#!/usr/bin/env bash
# Benchmarks ctq against jq and gojq on generated CloudTrail logs, in one run,
# and prints wall time, peak memory and ctq's ratios to each. Timing belongs
# here, never in unit tests: these machines are noisy, so each command runs
# several times and the median counts.
#
#   bench/run.sh [--mb N] [--runs N] [--ctq PATH] [--1gb]
#
# --1gb adds the walkthrough on a 1 GiB file (ctq only: jq and gojq need ~6 GB for it).
#
# Needs ../shared/data/cloudtrail/gen-cloudtrail (python3) and, for the
# comparison, jq and gojq on PATH (Debian packages jq, gojq).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
mb=100
runs=3
ctq="$root/build/ctq"
gb=0
while [ $# -gt 0 ]; do
  case "$1" in
    --mb) mb=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --ctq) ctq=$2; shift 2 ;;
    --1gb) gb=1; shift ;;
    *) echo "usage: $0 [--mb N] [--runs N] [--ctq PATH] [--1gb]" >&2; exit 2 ;;
  esac
done

generator="$root/../shared/data/cloudtrail/gen-cloudtrail"
work="${TMPDIR:-/tmp}/ctq-bench"
mkdir -p "$work"
data="$work/records-${mb}mb.json"
ndjson="$work/events-${mb}mb.ndjson"
[ -f "$data" ] || python3 "$generator" --mb "$mb" --seed bench -o "$data"
[ -f "$ndjson" ] || python3 "$generator" --mb "$mb" --seed bench --format ndjson -o "$ndjson"
# Counting by a key with many values (reduce ... .[$key] += 1): jq 1.6 and gojq copy the
# growing object at every step, so this case uses a file an eighth the size to keep them
# within minutes.
counts="$work/records-$(( (mb + 7) / 8 ))mb.json"
[ -f "$counts" ] || python3 "$generator" --mb "$(( (mb + 7) / 8 ))" --seed bench -o "$counts"
# About 500 gzip'd files in CloudTrail's S3 layout (one per 5 minutes over 150,000 s); jq and
# gojq cannot read these, so that case runs ctq only.
tree="$work/s3-tree-${mb}mb"
[ -d "$tree" ] || python3 "$generator" --mb "$mb" --seed bench --span 150000 --s3-tree "$tree"

tools=("$ctq")
for t in jq gojq; do command -v "$t" >/dev/null && tools+=("$t"); done

walkthrough='.Records[] | select(.eventSource == "s3.amazonaws.com") | [.eventTime, .eventName, .userIdentity.userName // "N/A", .sourceIPAddress // "N/A"] | @tsv'
# name|input|flags (space-separated, no spaces inside one)|filter
cases=(
  "identity, compact|$data|-c|."
  "walkthrough select + @tsv|$data|-r|$walkthrough"
  "count by eventName|$data|-c|[.Records[].eventName] | group_by(.) | map({(.[0]): length}) | add"
  "NDJSON field pick|$ndjson|-c|select(.errorCode != null) | {eventTime, errorCode}"
  "rare-IP hunt|$data|-c|.Records[] | select(.sourceIPAddress == \"198.51.100.77\") | {eventTime, eventName}"
  "count by IP, reduce, 1/8|$counts|-c|reduce .Records[] as \$r ({}; .[\$r.sourceIPAddress] += 1) | length"
  "ctq-only: s3 tree --threads 1|$tree|--records --threads=1|select(.eventName == \"ConsoleLogin\") | .eventTime"
  "ctq-only: s3 tree --threads 2|$tree|--records --threads=2|select(.eventName == \"ConsoleLogin\") | .eventTime"
)
if [ "$gb" = 1 ]; then
  big="$work/records-1gb.json"
  [ -f "$big" ] || python3 "$generator" --mb 1024 --seed bench -o "$big"
  cases+=("ctq-only: 1 GB walkthrough|$big|-r|$walkthrough")
fi

# Median of the numbers on stdin.
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A tree_secs=()
printf '%-32s %-6s %10s %10s\n' "case" "tool" "seconds" "peak MB"
for entry in "${cases[@]}"; do
  IFS='|' read -r name input flags filter <<<"$entry"
  read -r -a flag_words <<<"$flags"
  declare -A secs=() mem=()
  for tool in "${tools[@]}"; do
    case "$name" in ctq-only:*) [ "$tool" = "$ctq" ] || continue ;; esac
    times=(); peaks=()
    for _ in $(seq "$runs"); do
      out=$( { /usr/bin/time -f '%e %M' "$tool" "${flag_words[@]}" "$filter" "$input" >/dev/null; } 2>&1 | tail -1)
      times+=("${out% *}"); peaks+=("${out#* }")
    done
    label=$(basename "$tool")
    secs[$label]=$(printf '%s\n' "${times[@]}" | median)
    mem[$label]=$(( $(printf '%s\n' "${peaks[@]}" | median) / 1024 ))
    printf '%-32s %-6s %10s %10s\n' "$name" "$label" "${secs[$label]}" "${mem[$label]}"
  done
  for other in jq gojq; do
    if [ -n "${secs[$other]:-}" ]; then
      awk -v a="${secs[ctq]}" -v b="${secs[$other]}" -v m="${mem[ctq]}" -v n="${mem[$other]}" -v o="$other" \
        'BEGIN { printf "%-32s %s is %.2fx faster than %s, with %.3fx the memory\n", "", "ctq", b / a, o, m / n }'
    fi
  done
  case "$name" in *"s3 tree --threads "*) tree_secs[${name##* }]=${secs[ctq]} ;; esac
  unset secs mem
done
if [ -n "${tree_secs[1]:-}" ] && [ -n "${tree_secs[2]:-}" ]; then
  awk -v a="${tree_secs[1]}" -v b="${tree_secs[2]}" \
    'BEGIN { printf "s3 tree: --threads 2 is %.2fx faster than --threads 1\n", a / b }'
fi
