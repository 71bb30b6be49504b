#!/usr/bin/env bash
# Runs analyst-style filters through ctq and through jq (and gojq) on the real CloudTrail
# samples, and reports any filter whose output differs. Skips cleanly when jq or the samples
# are missing. Usage: differential.sh CTQ [REPO_ROOT]
set -uo pipefail
ctq=$1
root=${2:-$(cd "$(dirname "$0")/../.." && pwd)}
data="$root/../shared/data/cloudtrail/real/real-records.json"
filters="$root/tests/differential/filters.jq.txt"
if ! command -v jq >/dev/null || [ ! -f "$data" ]; then
    echo "differential: skipped (needs jq and $data)"
    echo "differential: 0 passed, 0 failed"
    exit 0
fi
others=(jq)
command -v gojq >/dev/null && others+=(gojq)
passed=0
failed=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
while IFS= read -r filter; do
    [ -z "$filter" ] && continue
    # Same stdout, same exit code, same error text but for the program's name.
    "$ctq" -c "$filter" "$data" >"$work/ctq" 2>"$work/ctq.err"
    echo "exit $?" >>"$work/ctq"
    # ctq's "note:" context (which input, a caret under the failing part, two lines of
    # excerpt, indented) comes after jq's own message; jq has no such lines.
    sed -e '/^ctq: note: /d' -e '/^    /d' -e 's/^ctq: /jq: /' "$work/ctq.err" >>"$work/ctq"
    same=0
    for other in "${others[@]}"; do
        "$other" -c "$filter" "$data" >"$work/$other" 2>"$work/$other.err"
        echo "exit $?" >>"$work/$other"
        sed 's/^gojq: /jq: /' "$work/$other.err" >>"$work/$other"
        cmp -s "$work/ctq" "$work/$other" && same=1
    done
    if [ "$same" = 1 ]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        echo "DIFF: $filter"
        diff "$work/jq" "$work/ctq" | head -6
    fi
done <"$filters"
echo "differential: $passed passed, $failed failed"
[ "$failed" = 0 ]
