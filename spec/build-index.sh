#!/usr/bin/env bash
# Builds spec/data/index.bin from the tccli version pinned in spec/TCCLI_VERSION:
#   bash spec/build-index.sh            # rewrite the committed index
#   bash spec/build-index.sh --check    # build it aside and fail if it differs from the committed one
# Needs python3 with pip (to download the tccli wheel from PyPI) and cargo.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

version="$(tr -d '[:space:]' < spec/TCCLI_VERSION)"
work="target/spec-index/tccli-$version"
if [ ! -d "$work/tccli/services" ]; then
    rm -rf "$work"
    mkdir -p "$work"
    python3 -m pip download --quiet --no-deps --dest "$work" "tccli==$version"
    python3 -m zipfile -e "$work"/tccli-"$version"-*.whl "$work"
fi

out="spec/data/index.bin"
if [ "${1:-}" = "--check" ]; then
    out="target/spec-index/index.bin"
fi
cargo run --quiet --release -p tencent-action-gen --bin tencent-action-index -- "$work/tccli/services" -o "$out"

if [ "${1:-}" = "--check" ]; then
    if cmp -s "$out" spec/data/index.bin; then
        echo "spec index: spec/data/index.bin is what tccli $version gives"
    else
        echo "spec index: spec/data/index.bin differs from what tccli $version gives; run bash spec/build-index.sh" >&2
        exit 1
    fi
fi
