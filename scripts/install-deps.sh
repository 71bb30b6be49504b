#!/usr/bin/env bash
# Installs what building and testing ctq needs on Debian 12; a no-op when it is all there.
set -euo pipefail

packages=(
    build-essential cmake ninja-build git pkg-config  # pkg-config finds oniguruma
    nlohmann-json3-dev libcli11-dev libfmt-dev catch2 zlib1g-dev libisal-dev libonig-dev
    libncurses-dev  # ncursesw draws the interactive explorer (ctq -i)
    tmux  # tests/explore drives ctq -i in a tmux server of its own
    python3  # runs ../shared/conformance/run-jq-tests
    jq gojq  # reference implementations for tests/differential
    groff-base  # lints the man page (CTest man)
    dpkg-dev man-db  # scripts/package.sh: dpkg-shlibdeps computes Depends; man -l checks the page
    clang libclang-rt-14-dev libfuzzer-14-dev  # scripts/fuzz.sh: libFuzzer with ASan+UBSan
    python3-distributed parallel  # ctq-dask's cluster (CTest cluster.dask); README's parallel recipe
    libxml2-utils python3-junitparser python3-sarif-python-om python3-jsonschema  # ci.reports: JUnit and SARIF read back
)
# ci.reports fetches the SARIF schema with npm. A Node.js from elsewhere (NodeSource) brings
# its own npm and conflicts with Debian's, so that one is only installed when none is there.
if ! command -v npm > /dev/null; then
    packages+=(npm)
fi

missing=()
for pkg in "${packages[@]}"; do
    # dpkg -s also lists removed-but-configured packages, so check the status line.
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed'; then
        missing+=("$pkg")
    fi
done

if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#packages[@]} packages already installed"
    exit 0
fi

# CI runs as root without sudo; developers usually need it.
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    sudo=(sudo)
fi

echo "install-deps: installing ${missing[*]}"
# env, not export: sudo would drop an exported DEBIAN_FRONTEND.
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
