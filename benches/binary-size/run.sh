#!/usr/bin/env bash
# Size of the main job's binary against a minimal program doing the same signed POST with
# reqwest, serde_json, hmac and sha2 alone (benches/binary-size/minimal), both stripped; and
# the main job without the emulator it embeds (benches/binary-size/no-emulator: the example's
# source unchanged, built against a stub emulator crate); and what each declared action adds
# to a program (benches/binary-size/per-action).
#
#   bash benches/binary-size/run.sh            # sizes and ratios
#   bash benches/binary-size/run.sh --crates   # also the largest crates in each binary
#
# Every binary is built with the release profile's defaults (opt-level 3, no LTO, one codegen
# unit per crate as cargo chooses, panic=unwind) and the workspace's Cargo.lock versions.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

OUT=target/binary-size
mkdir -p "$OUT"

echo "--> cargo build --release --example create_trtc_signatures" >&2
cargo build --quiet --release --example create_trtc_signatures
for crate in minimal no-emulator per-action; do
    # The same dependency versions as the workspace; cargo drops what the crate does not use.
    cp Cargo.lock "benches/binary-size/$crate/Cargo.lock"
    echo "--> cargo build --release --manifest-path benches/binary-size/$crate/Cargo.toml" >&2
    cargo build --quiet --release --manifest-path "benches/binary-size/$crate/Cargo.toml" \
        --target-dir "$OUT/target"
done

declare -A BIN=(
    [main]=target/release/examples/create_trtc_signatures
    [no-emulator]="$OUT/target/release/create_trtc_signatures"
    [minimal]="$OUT/target/release/binary-size-minimal"
)
declare -A SIZE STRIPPED
for name in main no-emulator minimal; do
    cp "${BIN[$name]}" "$OUT/$name"
    cp "${BIN[$name]}" "$OUT/$name.stripped"
    strip "$OUT/$name.stripped"
    SIZE[$name]=$(stat -c %s "$OUT/$name")
    STRIPPED[$name]=$(stat -c %s "$OUT/$name.stripped")
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
mib() { awk -v a="$1" 'BEGIN { printf "%.2f", a / 1048576 }'; }

echo
echo "| binary | unstripped (bytes) | stripped (bytes) | stripped (MiB) | stripped / minimal |"
echo "|---|---:|---:|---:|---:|"
for name in main no-emulator minimal; do
    case $name in
        main) what="main job (\`--example create_trtc_signatures\`, emulator embedded)" ;;
        no-emulator) what="main job without the emulator (stub)" ;;
        minimal) what="minimal reqwest + serde_json + hmac/sha2" ;;
    esac
    echo "| $what | ${SIZE[$name]} | ${STRIPPED[$name]} | $(mib "${STRIPPED[$name]}") | $(ratio "${STRIPPED[$name]}" "${STRIPPED[minimal]}") |"
done
echo
echo "The emulator's share of the main job: $((STRIPPED[main] - STRIPPED[no-emulator])) bytes stripped."

# What each declared action adds: 21 actions against 1, same shape, each with its own types.
for name in one many; do
    cp "$OUT/target/release/$name" "$OUT/per-action-$name.stripped"
    strip "$OUT/per-action-$name.stripped"
    STRIPPED[$name]=$(stat -c %s "$OUT/per-action-$name.stripped")
done
echo "Per declared action (benches/binary-size/per-action, stripped): 1 action ${STRIPPED[one]} bytes," \
    "21 actions ${STRIPPED[many]} bytes: $(((STRIPPED[many] - STRIPPED[one]) / 20)) bytes per action."

if [ "${1:-}" = "--crates" ]; then
    # Code and data symbols by crate (the first path segment of the demangled name), from the
    # unstripped binaries: an approximation (generic code is attributed to the crate that
    # defines the function, not the one that instantiates it).
    for name in main no-emulator minimal; do
        echo
        echo "largest crates in $name (KiB of symbols):"
        nm --size-sort --print-size --radix=d --demangle=rust "$OUT/$name" 2>/dev/null |
            awk '{
                size = $2 + 0; $1 = ""; $2 = ""; $3 = ""; sub(/^ +/, "");
                name = $0; sub(/^(<|&|\*const |\*mut )+/, "", name);
                split(name, parts, "::"); crate = parts[1];
                if (crate !~ /^[A-Za-z_][A-Za-z0-9_]*$/) crate = "(other)";
                total[crate] += size
            } END { for (c in total) printf "%8.1f  %s\n", total[c] / 1024, c }' |
            sort -rn | head -15
    done
fi
