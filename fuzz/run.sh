#!/usr/bin/env bash
# Fuzz for SECONDS (default 60): `fuzz/run.sh 600`. The target is the issue parser unless
# FUZZ_TARGET says otherwise (`FUZZ_TARGET=query fuzz/run.sh 300` fuzzes the query side).
#
# Installs cargo-fuzz when it is missing, builds with RUSTC_BOOTSTRAP=1 (so the stable toolchain
# accepts the nightly-only sanitizer flags), and runs libFuzzer seeded with fuzz/seeds/TARGET
# (for the parser, copies of the fixtures). A per-input timeout (3 s; an input takes
# milliseconds) turns hangs and superlinear slowness into findings. Findings land in
# fuzz/artifacts/; the growing corpus in fuzz/corpus/ (both git-ignored). Extra arguments go to
# libFuzzer (e.g. -len_control=0 to try long inputs from the start).
set -euo pipefail

seconds="${1:-60}"
shift || true
target="${FUZZ_TARGET:-parse_issue}"
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here/.."

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

export RUSTC_BOOTSTRAP=1
mkdir -p "$here/corpus/$target"
dict=()
if [[ -f "$here/$target.dict" ]]; then
    dict=(-dict="$here/$target.dict")
fi
# No sanitizer: the code is safe Rust, so ASan buys little and costs a lot of speed. `-O`:
# without it cargo-fuzz turns debug assertions on for every crate (`-Cdebug-assertions` in
# RUSTFLAGS, over any profile); with it they come from fuzz/Cargo.toml's release profile (ours
# on, dependencies' off).
exec cargo fuzz run -O --sanitizer none "$target" \
    "$here/corpus/$target" "$here/seeds/$target" -- \
    -max_total_time="$seconds" \
    -timeout=3 \
    -rss_limit_mb=2048 \
    -max_len=65536 \
    -print_final_stats=1 \
    "${dict[@]}" \
    "$@"
