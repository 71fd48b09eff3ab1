#!/usr/bin/env bash
# tencent-action against the official Python SDK (build-and-sign, sequential calls per second),
# both against one emulator binary. Run from anywhere: `bash benches/python/run.sh [--rounds N]`
# (`taskset -c 0 bash benches/python/run.sh` for everything on one core);
# extra arguments go to compare.py.
#
# Sets up a virtualenv under target/bench-venv with the SDK versions pinned in
# .ci/interop/requirements.txt, builds the release emulator and the calls_per_second bench,
# then runs compare.py, which prints a Markdown table.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

VENV=target/bench-venv
mkdir -p target
if [ ! -x "$VENV/bin/python" ]; then
    echo "--> python3 -m venv $VENV" >&2
    python3 -m venv "$VENV"
fi
grep -E '^tencentcloud-sdk-python-(common|iotexplorer)==' .ci/interop/requirements.txt \
    >"$VENV/requirements.txt"
echo "--> pip install $(tr '\n' ' ' <"$VENV/requirements.txt")" >&2
PIP_DISABLE_PIP_VERSION_CHECK=1 "$VENV/bin/python" -m pip install --quiet \
    --requirement "$VENV/requirements.txt"

echo "--> cargo build --release -p tencent-action-emulator" >&2
cargo build --quiet --release -p tencent-action-emulator

echo "--> cargo bench --bench calls_per_second --no-run" >&2
OURS=$(cargo bench --quiet --bench calls_per_second --no-run --message-format=json |
    "$VENV/bin/python" -c '
import json, sys
for line in sys.stdin:
    msg = json.loads(line)
    if msg.get("reason") == "compiler-artifact" and msg["target"]["name"] == "calls_per_second" \
            and msg.get("executable"):
        print(msg["executable"])
')
if [ -z "$OURS" ]; then
    echo "error: the calls_per_second bench binary was not found" >&2
    exit 1
fi

exec "$VENV/bin/python" benches/python/compare.py \
    --emulator target/release/tencent-action-emulator --ours "$OURS" "$@"
