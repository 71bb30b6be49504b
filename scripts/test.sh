#!/usr/bin/env bash
# Builds and tests ctq twice: the ci preset (release, warnings as errors), then everything under
# ASan+UBSan; then a one-minute smoke run of each fuzz target, and the .deb built and installed.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh

# run_preset PRESET BUILD_DIR: configure, build and test; the ctest output is kept in BUILD_DIR.
run_preset() {
    local preset=$1 log=$2/ctest.log
    echo "=== ${preset}: configure, build, test"
    rm -f "${log}"
    # An && chain, because set -e is off inside a function called from `if`.
    cmake --preset "${preset}" &&
        cmake --build --preset "${preset}" -j2 &&
        ctest --preset "${preset}" 2>&1 | tee "${log}"
}

status=0
summary=()
for entry in ci:build asan:build-asan; do
    preset=${entry%%:*}
    dir=${entry#*:}
    # Both presets run even if the first fails, so one CI run shows everything.
    if run_preset "${preset}" "${dir}"; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    line=$(grep -E 'tests (passed|failed)' "${dir}/ctest.log" 2>/dev/null | tail -n 1 || true)
    summary+=("${preset}: ${result}${line:+ (${line})}")
done

# Steps that are not CTest presets, each with its own exit status.
for step in "fuzz smoke:bash scripts/fuzz.sh --smoke" "package:bash scripts/package.sh build-pkg"; do
    name=${step%%:*}
    echo "=== ${name}"
    if ${step#*:}; then
        summary+=("${name}: ok")
    else
        summary+=("${name}: FAILED")
        status=1
    fi
done

echo "=== summary"
printf '  %s\n' "${summary[@]}"
exit "${status}"
