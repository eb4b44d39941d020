#!/usr/bin/env bash
# Mutation testing: changes the code under src/parse and src/search one small edit at a time
# (a `>` made `>=`, a function body replaced by a default, a `&&` made `||`) and runs the tests
# against each; a mutant the tests still pass ("missed") is behaviour no test checks.
#
#   scripts/mutants.sh                       # every file of src/parse and src/search
#   scripts/mutants.sh src/parse/issue/items.rs   # only these files
#   MUTANTS_MINUTES=30 scripts/mutants.sh    # stop the run after 30 minutes
#   MUTANTS_TESTS="--lib" scripts/mutants.sh # only the unit tests per mutant (faster)
#   MUTANTS_ARGS="--in-place --baseline skip" scripts/mutants.sh   # more cargo-mutants options
#   MUTANTS_ARGS="--re names\.rs:131:13" scripts/mutants.sh src/parse/mail/names.rs  # one mutant
#   (names as `cargo mutants --list --file FILE` prints them; no spaces in MUTANTS_ARGS: `.`)
#
# The mail reader with its own end-to-end tests:
#   MUTANTS_TESTS="--lib --test mail --test mail_senders --test mail_identity" \
#       scripts/mutants.sh src/parse/mail/*.rs
#
# Installs cargo-mutants 27.1.0 (`cargo install --locked`; builds on rustc 1.95) when it is
# missing. Bounded: each mutant's test run times out (MUTANTS_TIMEOUT seconds, default 120; a
# mutant that loops is "timeout", not a hang), and the whole run stops after MUTANTS_MINUTES
# (default 20). Mutants are taken in a random order, so a bounded run is a sample of every file.
# Only the library's unit tests and the parser's and search's end-to-end tests are built and run
# per mutant (MUTANTS_TESTS), one mutant at a time, so it fits a 2-core machine beside other
# work. Results land in mutants.out/ (git-ignored): missed.txt lists the survivors. Not in CI:
# too slow for 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! cargo mutants --version >/dev/null 2>&1; then
    cargo install --locked cargo-mutants --version 27.1.0
fi

minutes="${MUTANTS_MINUTES:-20}"
timeout="${MUTANTS_TIMEOUT:-120}"
read -r -a tests <<<"${MUTANTS_TESTS:---lib --test parse --test parse_differential --test growth --test query --test hostile_query}"
read -r -a extra <<<"${MUTANTS_ARGS:-}"
files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
    files=(src/parse/*.rs src/parse/*/*.rs src/parse/*/*/*.rs src/search/*.rs src/search/*/*.rs)
fi
file_args=()
for file in "${files[@]}"; do
    file_args+=(--file "$file")
done
# The test targets go to every cargo call, the build's too: without them each mutant's build
# (`cargo test --no-run`) compiles and links every test target, not only the ones that run.
target_args=()
for arg in "${tests[@]}"; do
    target_args+=("--cargo-arg=$arg")
done

# `timeout` ends the whole run (cargo-mutants keeps what it has written so far); SIGINT lets it
# clean up its scratch copy.
exec timeout --signal=INT "$((minutes * 60))" cargo mutants \
    "${file_args[@]}" \
    --timeout "$timeout" \
    --shuffle \
    "${target_args[@]}" \
    "${extra[@]}"
