#!/usr/bin/env bash
# Lints the man page and checks it documents every long option `ctq --help` lists.
#   check_man.sh CTQ_BINARY MAN_PAGE
# Exits 77 (CTest: skipped) when groff is not installed.
set -u
ctq=$1
page=$2

if ! command -v groff >/dev/null 2>&1; then
    echo "groff not installed: man page lint skipped"
    exit 77
fi

status=0

# -ww: every warning category; -z: format but discard the output. Any warning is a failure.
warnings=$(groff -man -ww -z "$page" 2>&1)
if [ -n "$warnings" ]; then
    echo "groff warns about $page:"
    echo "$warnings"
    status=1
fi

# In roff source a hyphen in an option name is written \-, so --no-trunc is \-\-no\-trunc.
for option in $("$ctq" --help | grep -o -- '--[a-z][a-z0-9-]*' | sort -u); do
    escaped=${option//-/\\-}
    if ! grep -qF -- "$escaped" "$page"; then
        echo "$page does not document $option (as $escaped)"
        status=1
    fi
done

[ "$status" -eq 0 ] && echo "man page OK"
exit "$status"
