#!/bin/sh
# Builds the ctq .deb with CPack, installs it, checks `ctq --version` and the man page, uninstalls.
# Needs root (or sudo) for dpkg, and the packages cmake ninja-build g++ dpkg-dev man-db plus
# ctq's build dependencies. Usage: scripts/package.sh [BUILD_DIR]   (default /tmp/build-pkg)
set -eu

src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-/tmp/build-pkg}
sudo=
[ "$(id -u)" -eq 0 ] || sudo=sudo

cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF
ninja -C "$build" ctq ctq_man
rm -f "$build"/ctq_*.deb
(cd "$build" && cpack -G DEB)
deb=$(ls "$build"/ctq_*.deb)
echo "package: $deb"
dpkg-deb --info "$deb" | grep -E '^ (Package|Version|Depends|Recommends|Suggests):'

$sudo dpkg -i "$deb"
# Uninstall even when a check fails, so a CI machine is left as it was.
trap '$sudo dpkg -r ctq >/dev/null' EXIT
ctq --version
man -l /usr/share/man/man1/ctq.1.gz >/dev/null
man -l /usr/share/man/man1/ctq-dask.1.gz >/dev/null
test -f /usr/share/bash-completion/completions/ctq
test -f /usr/share/zsh/vendor-completions/_ctq
test -f /usr/share/fish/vendor_completions.d/ctq.fish
ctq-dask --help | grep -q -- '--scheduler ADDR'
test -f /usr/share/ctq/python/ctq_dask/driver.py
echo "package.sh: ok"
