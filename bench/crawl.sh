#!/usr/bin/env bash
# Benchmarks `ingest URL` on a generated newsletter site served on 127.0.0.1 (never the
# internet): an archive page linking N issue pages (N=${ISSUES:-500}), each with ~12 links.
#
#   bench/crawl.sh              # 500 issues
#   ISSUES=2000 bench/crawl.sh
#
# Prints a markdown table: requests per issue on a fresh crawl (and full responses on a second
# run), and pages parsed per second from the web cache (`ingest --rebuild URL`, which asks only
# for the archive page again) next to the same pages as files (`ingest --rebuild FOLDER`).
# Builds the `profiling` profile (release code with line tables). Needs python3 for the server.
# Not part of the test suite or CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ISSUES=${ISSUES:-500}
RUNS=${RUNS:-5}
PROFILE=profiling
BIN=${CARGO_TARGET_DIR:-$ROOT/target}/$PROFILE/backissues
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT

log() { printf '%s\n' "$*" >&2; }

log "building ($PROFILE)"
cargo build --quiet --profile "$PROFILE" --manifest-path "$ROOT/Cargo.toml" >&2

log "generating $ISSUES issues"
python3 - "$WORK/site" "$ISSUES" <<'PY'
import os, random, sys
root, count = sys.argv[1], int(sys.argv[2])
random.seed(42)
words = "rust go kubernetes postgres queue cache compiler linker deploy tracing metrics storage".split()
os.makedirs(f"{root}/issues", exist_ok=True)
links = []
for n in range(1, count + 1):
    items = "\n".join(
        f'<li><a href="https://site{random.randint(1, 400)}.example/{n}-{i}">'
        f'{" ".join(random.sample(words, 4))}</a> {" ".join(random.sample(words, 6))}.</li>'
        for i in range(12))
    day = f"20{10 + n // 365 % 15:02d}-{n % 12 + 1:02d}-{n % 28 + 1:02d}"
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>Issue {n} | Bench Weekly</title>'
            f'<meta property="article:published_time" content="{day}T08:00:00+00:00"></head><body>'
            f'<nav><a href="/">Bench Weekly</a> <a href="/about.html">About</a></nav>'
            f'<main><h1>Issue {n}</h1><ul>\n{items}\n</ul></main></body></html>')
    open(f"{root}/issues/{n}.html", "w").write(page)
    links.append(f'<li><a href="/issues/{n}.html">Issue {n}</a></li>')
open(f"{root}/index.html", "w").write(
    '<!DOCTYPE html><html><head><title>Bench Weekly</title></head><body><ul>\n'
    + "\n".join(reversed(links)) + "\n</ul></body></html>")
open(f"{root}/about.html", "w").write(
    '<!DOCTYPE html><html><body><p>About <a href="https://social.example/b">us</a></p></body></html>')
PY

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$WORK/site" "$PORT" >/dev/null 2>&1 &
SERVER=$!
sleep 1
URL="http://127.0.0.1:$PORT/"

# The `N requests: ...` line of an ingest's stderr, as its numbers.
requests_line() { grep -Eo '[0-9]+ requests?: [0-9]+ downloaded' "$1"; }

log "fresh crawl"
"$BIN" --index "$WORK/index" ingest --delay 0 "$URL" 2>"$WORK/fresh.err"
read -r fresh _ full_fresh _ < <(requests_line "$WORK/fresh.err")
"$BIN" --index "$WORK/index" ingest --delay 0 "$URL" 2>"$WORK/second.err"
read -r second _ full_second _ < <(requests_line "$WORK/second.err")

# The median of RUNS timings of a command, in seconds.
median_seconds() {
    local times=()
    for _ in $(seq "$RUNS"); do
        local start end
        start=$(date +%s.%N)
        "$@" 2>/dev/null
        end=$(date +%s.%N)
        times+=("$(echo "$end - $start" | bc)")
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

log "parsing from the cache and from files ($RUNS runs each)"
cache=$(median_seconds "$BIN" --index "$WORK/index" ingest --delay 0 --rebuild "$URL")
files=$(median_seconds "$BIN" --index "$WORK/files-index" ingest --rebuild "$WORK/site/issues")

echo "| $ISSUES issues | value |"
echo "|---|---|"
echo "| requests on a fresh crawl (robots.txt, archive page, samples, issues) | $fresh ($full_fresh full) |"
printf '| requests per issue, fresh crawl | %.3f |\n' "$(echo "$fresh / $ISSUES" | bc -l)"
echo "| full responses on a second run | $full_second of $second requests |"
printf '| `ingest --rebuild URL` (from the cache) | %.3f s, %.0f pages/s |\n' "$cache" "$(echo "$ISSUES / $cache" | bc -l)"
printf '| `ingest --rebuild FOLDER` (same pages as files) | %.3f s, %.0f pages/s |\n' "$files" "$(echo "$ISSUES / $files" | bc -l)"
printf '| cache / files (time) | %.2fx |\n' "$(echo "$cache / $files" | bc -l)"
