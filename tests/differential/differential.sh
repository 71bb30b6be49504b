#!/usr/bin/env bash
# Runs analyst-style filters through ctq and through jq (and gojq) on CloudTrail files, and
# reports any filter whose output differs. The files: the wareville sample, a trail from
# tools/gen-cloudtrail where half the events carry real sample payloads, and, when the team's
# collection sits beside the repository, its 911 real samples.
# Usage: differential.sh CTQ [REPO_ROOT]. Exits 77 (skipped) without jq.
set -uo pipefail
ctq=$1
root=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
filters="$root/tests/differential/filters.jq.txt"
if ! command -v jq >/dev/null; then
    echo "differential: skipped: jq not found (Debian package jq)"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/gen-cloudtrail" --records 3000 --tail-share 0.5 --seed differential \
    -o "$work/generated-trail.json" || exit 1
inputs=("$root/samples/cloudtrail_log.json" "$work/generated-trail.json")
shared="$root/../shared/data/cloudtrail/real/real-records.json"
if [ -f "$shared" ]; then
    inputs+=("$shared")
else
    echo "differential: ../shared/data/cloudtrail/real/real-records.json not found: the files in the repository only"
fi
others=(jq)
command -v gojq >/dev/null && others+=(gojq)
passed=0
failed=0

# same_output FILTER FILE: ctq's stdout, exit code and error text equal jq's or gojq's.
same_output() {
    local filter=$1 data=$2 other
    "$ctq" -c "$filter" "$data" >"$work/ctq" 2>"$work/ctq.err"
    echo "exit $?" >>"$work/ctq"
    # ctq's "note:" context (which input, a caret under the failing part, two lines of
    # excerpt, indented) comes after jq's own message; jq has no such lines.
    sed -e '/^ctq: note: /d' -e '/^    /d' -e 's/^ctq: /jq: /' "$work/ctq.err" >>"$work/ctq"
    for other in "${others[@]}"; do
        "$other" -c "$filter" "$data" >"$work/$other" 2>"$work/$other.err"
        echo "exit $?" >>"$work/$other"
        sed 's/^gojq: /jq: /' "$work/$other.err" >>"$work/$other"
        cmp -s "$work/ctq" "$work/$other" && return 0
    done
    return 1
}

for data in "${inputs[@]}"; do
    while IFS= read -r filter; do
        [ -z "$filter" ] && continue
        if same_output "$filter" "$data"; then
            passed=$((passed + 1))
        else
            failed=$((failed + 1))
            echo "DIFF on $(basename "$data"): $filter"
            diff "$work/jq" "$work/ctq" | head -6
        fi
    done <"$filters"
done
echo "differential: $passed passed, $failed failed (${#inputs[@]} files: ${inputs[*]##*/})"
[ "$failed" = 0 ]
