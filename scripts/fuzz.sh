#!/usr/bin/env bash
# Builds the libFuzzer targets (fuzz preset: clang, ASan+UBSan) and runs each over its seed corpus.
#   scripts/fuzz.sh --smoke          about a minute per target; fails on any finding (for CI)
#   scripts/fuzz.sh --long [RUNS [SECONDS]]
#       each target for RUNS executions (default 10,000,000) or SECONDS (default 3600), whichever
#       comes first, with figures; the inputs it finds are kept in <build dir>/corpus/<target>/
#       so the next long run starts from them, and each run adds a line to
#       <build dir>/fuzz-ledger.tsv (the totals over all runs are printed at the end)
#   scripts/fuzz.sh --merge
#       minimises the seeds plus everything long runs found into tests/fuzz/corpus/ (-merge=1),
#       so later runs, CI's smoke included, start from it
# FUZZ_TARGETS="fuzz_json fuzz_gzip" limits a run to some targets (to run them side by side).
# FUZZ_BUILD_DIR=DIR builds the fuzz preset in DIR instead of build-fuzz/ (for a second tree).
# Runs read the seeds in tests/fuzz/corpus/ but never write there (only --merge does);
# findings (crash-*, leak-*, timeout-*, oom-*) are kept in <build dir>/findings/<target>/.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:---smoke}
runs=${2:-10000000}
seconds=${3:-3600}
read -r -a targets <<<"${FUZZ_TARGETS:-fuzz_parse fuzz_json fuzz_json_oracle fuzz_gzip fuzz_run}"
build=${FUZZ_BUILD_DIR:-build-fuzz}

cmake --preset fuzz -B "${build}" >/dev/null
cmake --build "${build}" -j2 --target "${targets[@]}"

# A filter may legitimately allocate a lot (`"x" * 1e8`); beyond these limits an input counts
# as a finding, and a single input running past -timeout seconds does too.
common=(-timeout=20 -rss_limit_mb=3072 -malloc_limit_mb=2048 -print_final_stats=1)
# Inputs run on the main thread when it may grow a 64 MB stack (tests/fuzz/fuzz_support.hpp),
# instead of being handed to a worker thread and back, which costs more than the JSON work.
ulimit -s 98304 2>/dev/null || true
work=$(mktemp -d)
trap 'rm -rf "${work}"' EXIT
ledger=${build}/fuzz-ledger.tsv

if [[ ${mode} == --merge ]]; then
    for target in "${targets[@]}"; do
        seeds=tests/fuzz/corpus/${target}
        merged=${work}/merged-${target}
        mkdir -p "${merged}" "${build}/corpus/${target}"
        # -merge=1 keeps the smallest set of inputs that covers every feature of them all.
        "${build}/tests/fuzz/${target}" "${common[@]}" -merge=1 "${merged}" "${seeds}" \
            "${build}/corpus/${target}" >"${work}/${target}.merge.log" 2>&1 || {
            tail -n 30 "${work}/${target}.merge.log"
            exit 1
        }
        rm -f "${seeds}"/*
        cp "${merged}"/* "${seeds}/"
        echo "${target}: $(ls "${seeds}" | wc -l) inputs, $(du -sh "${seeds}" | cut -f1)"
    done
    exit 0
fi

status=0
summary=()
for target in "${targets[@]}"; do
    # libFuzzer writes new inputs into the first corpus directory and only reads the others.
    corpus=${work}/${target}
    [[ ${mode} == --long ]] && corpus=${build}/corpus/${target}
    findings=${build}/findings/${target}
    mkdir -p "${corpus}" "${findings}"
    dict=tests/fuzz/json.dict
    [[ ${target} == fuzz_parse || ${target} == fuzz_run ]] && dict=tests/fuzz/filter.dict
    case ${mode} in
        # A fixed seed keeps CI's smoke reproducible; long runs explore with fresh seeds.
        --smoke) limit=(-max_total_time=60 -seed=1) ;;
        # Long runs cap inputs at 32 KB: the deep-nesting seeds (up to 250 KB) made every
        # mutation of them slow and halved the executions, and 32 KB still nests 16,000 levels,
        # past the 10,000 that ctq refuses.
        --long) limit=(-runs="${runs}" -max_total_time="${seconds}" -max_len=32768) ;;
        *) echo "usage: scripts/fuzz.sh [--smoke | --long [RUNS [SECONDS]] | --merge]" >&2; exit 2 ;;
    esac
    log=${work}/${target}.log
    before=$(ls "${findings}" | grep -vc '^slow-unit-' || true)
    before_slow=$(ls "${findings}" | grep -c '^slow-unit-' || true)
    echo "=== ${target} ${limit[*]}"
    if "${build}/tests/fuzz/${target}" "${common[@]}" "${limit[@]}" -dict="${dict}" \
        -artifact_prefix="${findings}/" "${corpus}" "tests/fuzz/corpus/${target}" >"${log}" 2>&1; then
        result=ok
    elif grep -q 'libFuzzer: run interrupted' "${log}"; then
        result=interrupted  # a Ctrl-C (SIGINT) to the fuzzer ends a long run early
    else
        result=FINDING
        status=1
        tail -n 60 "${log}"
    fi
    # libFuzzer's last status line has the coverage (cov: edges, ft: features, corp: inputs).
    execs=$(grep -oE '^stat::number_of_executed_units: *[0-9]+' "${log}" | grep -oE '[0-9]+$' || true)
    cov=$(grep -E '^#[0-9]+.*cov:' "${log}" | tail -n 1 |
        grep -oE 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[^ ]+' || true)
    # slow-unit-* files only say an input took over 10 s, which a busy machine can cause too:
    # they are counted apart, and replaying them shows whether the input itself is slow.
    found=$(($(ls "${findings}" | grep -vc '^slow-unit-' || true) - before))
    slow=$(($(ls "${findings}" | grep -c '^slow-unit-' || true) - before_slow))
    summary+=("${target}: ${result}, ${execs:-?} executions, ${cov:-no coverage line}, ${found} new findings and ${slow} slow units in ${findings}")
    if [[ ${mode} == --long ]]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$(date -u +%FT%TZ)" "${target}" "${execs:-0}" \
            "${cov:-}" "${found}" "${result}" >>"${ledger}"
    fi
done

echo "=== summary"
printf '  %s\n' "${summary[@]}"
if [[ ${mode} == --long ]]; then
    echo "=== all long runs so far (${ledger})"
    awk -F'\t' '{ runs[$2] += $3; found[$2] += $5; cov[$2] = $4 }
        END { for (t in runs) printf "  %s: %d executions, %d findings, last %s\n", t, runs[t], found[t], cov[t] }' \
        "${ledger}" | sort
fi
exit "${status}"
