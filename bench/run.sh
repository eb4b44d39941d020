#!/usr/bin/env bash
# Benchmarks backissues on synthetic archives of about 10k, 100k and 1M links.
#
#   bench/run.sh                 # all sizes: 10k 100k 1m
#   bench/run.sh 10k 100k        # a quicker run
#   RUNS=10 bench/run.sh 10k     # fewer query runs
#   bench/run.sh --against REV 100k 1m
#                                # only the index rows, this tree next to commit REV (built in
#                                # a git worktree), alternating runs of the two in one run
#   bench/run.sh --scripts 100k 1m
#                                # ingest next to the reference scripts a user could write
#                                # (bench/reference: SQLite FTS5, tantivy-py), alternating
#
# Installs hyperfine, ripgrep and GNU time if missing (apt-get), builds the `profiling` profile
# (release code with line tables, so perf and callgrind can name lines), generates the
# corpora under bench/corpus/ if missing (git-ignored), then for each size measures ingest
# (--rebuild, and again unchanged), index size, peak memory and whole-process query latency next
# to `rg -i -c` over the same folder, and where the index's bytes go (examples/index_space). Prints
# markdown tables (medians) on stdout and keeps a copy in bench/work/results.md. Not part of the
# test suite or CI.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CORPORA=${CORPORA:-$ROOT/bench/corpus}
WORK=${WORK:-$ROOT/bench/work}
SEED=${SEED:-42}
RUNS=${RUNS:-20}
INGEST_RUNS=${INGEST_RUNS:-3}
# The `profiling` profile (Cargo.toml): the release build plus line tables.
PROFILE=profiling
BIN=$ROOT/target/$PROFILE/backissues
GEN=$ROOT/target/$PROFILE/examples/gen_corpus
SPACE=$ROOT/target/$PROFILE/examples/index_space
PARSE_SPEED=$ROOT/target/$PROFILE/examples/parse_speed
HTML_PARSE_SPEED=$ROOT/target/$PROFILE/examples/html_parse_speed
FINDER_LATENCY=$ROOT/target/$PROFILE/examples/finder_latency
# First hit is timed on what a user installs (the release build, without line tables), copied
# out of target/ so both commands start from one freshly read file.
RELEASE_BIN=$WORK/backissues-release
# Average distinct links per generated issue (measured: 10406 links in 850 issues).
LINKS_PER_100_ISSUES=1224

log() { printf '%s\n' "$*" >&2; }

install_tools() {
    local missing=()
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    command -v rg >/dev/null || missing+=(ripgrep)
    [ -x /usr/bin/time ] || missing+=(time)
    [ ${#missing[@]} -eq 0 ] && return
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    log "installing ${missing[*]}"
    "${sudo[@]}" apt-get update -q >&2
    "${sudo[@]}" apt-get install -y -q "${missing[@]}" >&2
}

# `10k` -> 10000, `1m` -> 1000000, `2500` -> 2500.
size_to_links() {
    local size=${1,,}
    case $size in
        *k) echo $(( ${size%k} * 1000 )) ;;
        *m) echo $(( ${size%m} * 1000000 )) ;;
        *[!0-9]* | '') log "bad size '$1': use e.g. 10k, 100k, 1m"; exit 2 ;;
        *) echo "$size" ;;
    esac
}

# A value from a corpus.json written by gen_corpus.
manifest() { sed -n "s/.*\"$2\": \"\{0,1\}\([^\",]*\).*/\1/p" "$1/corpus.json"; }

# Writes the SIZE corpus under CORPORA/SIZE, or with `--html` as web pages (gen_corpus --html:
# each issue rendered by pulldown-cmark inside a site's chrome) under CORPORA/SIZE-html.
generate() {
    local size=$1 flag=${2:-} dir=$CORPORA/$1${2:+-html}
    [ -f "$dir/corpus.json" ] && return
    local links issues
    links=$(size_to_links "$size")
    issues=$(( (links * 100 + LINKS_PER_100_ISSUES / 2) / LINKS_PER_100_ISSUES ))
    log "generating $size${flag:+ as HTML pages}: $issues issues into $dir"
    rm -rf "$dir.tmp"
    "$GEN" --issues "$issues" --seed "$SEED" --out "$dir.tmp" $flag
    mv "$dir.tmp" "$dir"
}

# Median of a hyperfine CSV row (1-based data row), in seconds.
median() { awk -F, -v row="$2" 'NR == row + 1 { print $4 }' "$1"; }

# Peak RSS (MB) and wall seconds of one run, from GNU time.
measure_rss() {
    local log_file=$WORK/time.txt
    /usr/bin/time -v -o "$log_file" "$@" >/dev/null 2>&1
    awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log_file"
}

fmt() { awk -v v="$1" -v d="$2" 'BEGIN { printf "%.*f", d, v }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

INGEST_ROWS=()
PARSE_ROWS=()
QUERY_ROWS=()
FIRST_HIT_ROWS=()
SPACE_TABLES=()
HTML_ROWS=()
FINDER_ROWS=()
FINDER_START_ROWS=()

bench_ingest() {
    local size=$1 corpus=$CORPORA/$1 index=$WORK/index-$1
    local files links bytes
    files=$(manifest "$corpus" files)
    links=$(manifest "$corpus" links)
    bytes=$(manifest "$corpus" bytes)
    log "[$size] warming the page cache"
    find "$corpus" -type f -exec cat {} + >/dev/null
    bench_parse "$size"
    log "[$size] ingest --rebuild: peak memory"
    local rss reingest_rss
    rss=$(measure_rss "$BIN" --index "$index" ingest --rebuild "$corpus")
    log "[$size] ingest --rebuild: $INGEST_RUNS timed runs"
    hyperfine -N --runs "$INGEST_RUNS" --export-csv "$WORK/ingest-$size.csv" \
        "$BIN --index $index ingest --rebuild $corpus" >&2
    log "[$size] unchanged re-ingest"
    hyperfine -N --warmup 1 --runs 5 --export-csv "$WORK/reingest-$size.csv" \
        "$BIN --index $index ingest $corpus" >&2
    reingest_rss=$(measure_rss "$BIN" --index "$index" ingest "$corpus")
    local ingest reingest index_bytes
    ingest=$(median "$WORK/ingest-$size.csv" 1)
    reingest=$(median "$WORK/reingest-$size.csv" 1)
    index_bytes=$(du -sb "$index" | cut -f1)
    "$SPACE" "$index" >"$WORK/space-$size.md"
    SPACE_TABLES+=("**$size**: $(head -1 "$WORK/space-$size.md"); largest parts:" "" \
        "$(sed -n '2,11p' "$WORK/space-$size.md")" "")
    INGEST_ROWS+=("| $size | $links | $files | $(fmt "$(awk -v b="$bytes" 'BEGIN{print b/1e6}')" 1) \
| $(fmt "$ingest" 2) | $(ratio "$(awk -v b="$bytes" 'BEGIN{print b/1e6}')" "$ingest") \
| $(fmt "$(awk -v l="$links" -v s="$ingest" 'BEGIN{print l/s}')" 0) | $rss \
| $(fmt "$(awk -v b="$index_bytes" 'BEGIN{print b/1e6}')" 1) \
| $(fmt "$(awk -v i="$index_bytes" -v b="$bytes" 'BEGIN{print i/b}')" 2) \
| $(fmt "$reingest" 3) | $reingest_rss |")
}

MBOX_ROWS=()

# Mail ingest: one mbox of 10,000 multipart messages (quoted-printable HTML, 12 links each),
# `ingest --rebuild` and the unchanged re-ingest, against the markdown 10k corpus's ingest
# MB/s of the same run as the reference (run after bench_ingest 10k).
bench_mbox() {
    local corpus=$CORPORA/mbox-10k index=$WORK/index-mbox
    [ -f "$corpus/inbox.mbox" ] || "$ROOT/target/$PROFILE/examples/gen_corpus" --mbox --issues 10000 \
        --seed "$SEED" --out "$corpus" >&2
    local bytes mb ingest reingest reference
    bytes=$(manifest "$corpus" bytes)
    mb=$(awk -v b="$bytes" 'BEGIN{print b/1e6}')
    log "[mbox] ingest --rebuild and unchanged re-ingest"
    hyperfine -N --runs "$INGEST_RUNS" --export-csv "$WORK/mbox.csv" \
        "$BIN --index $index ingest --rebuild $corpus/inbox.mbox" >&2
    hyperfine -N --warmup 1 --runs 5 --export-csv "$WORK/mbox-re.csv" \
        "$BIN --index $index ingest $corpus/inbox.mbox" >&2
    ingest=$(median "$WORK/mbox.csv" 1)
    reingest=$(median "$WORK/mbox-re.csv" 1)
    reference=$(median "$WORK/ingest-10k.csv" 1)
    MBOX_ROWS+=("| 10,000 messages | $(fmt "$mb" 1) | $(fmt "$ingest" 2) | $(ratio "$mb" "$ingest") \
| $(ratio "$(awk -v b="$(manifest "$CORPORA/10k" bytes)" 'BEGIN{print b/1e6}')" "$reference") \
| $(fmt "$reingest" 3) |")
}

# Parse throughput: `ingest --dry-run --rebuild` reads and parses every file and writes nothing.
bench_parse() {
    local size=$1 corpus=$CORPORA/$1
    local files links bytes mb seconds
    files=$(manifest "$corpus" files)
    links=$(manifest "$corpus" links)
    bytes=$(manifest "$corpus" bytes)
    mb=$(awk -v b="$bytes" 'BEGIN{print b/1e6}')
    log "[$size] ingest --dry-run --rebuild: parse throughput"
    hyperfine -N --warmup 1 --runs "$INGEST_RUNS" --export-csv "$WORK/parse-$size.csv" \
        "$BIN --index $WORK/dry-run-index-$size ingest --dry-run --rebuild $corpus" >&2
    seconds=$(median "$WORK/parse-$size.csv" 1)
    log "[$size] ingest --dry-run --rebuild on one core (taskset -c 0)"
    local one_core_seconds
    hyperfine -N --warmup 1 --runs "$INGEST_RUNS" --export-csv "$WORK/parse-one-core-$size.csv" \
        "taskset -c 0 $BIN --index $WORK/dry-run-index-$size ingest --dry-run --rebuild $corpus" >&2
    one_core_seconds=$(median "$WORK/parse-one-core-$size.csv" 1)
    log "[$size] parse only, one core (examples/parse_speed, best of 5)"
    local one_core
    one_core=$(taskset -c 0 "$PARSE_SPEED" "$corpus" 5 | sed -n 's/.* \([0-9.]*\) MB\/s.*/\1/p')
    PARSE_ROWS+=("| $size | $links | $files | $(fmt "$mb" 1) | $(fmt "$seconds" 3) \
| $(ratio "$mb" "$seconds") | $(fmt "$(awk -v l="$links" -v s="$seconds" 'BEGIN{print l/s}')" 0) \
| $(fmt "$one_core_seconds" 3) | $(ratio "$mb" "$one_core_seconds") | $one_core |")
}

# HTML pages: `ingest --dry-run --rebuild` on one core next to a bare html5ever parse of the same
# files (examples/html_parse_speed, one core, best of 3); the target is at most 2x its time.
bench_html() {
    local size=$1 corpus=$CORPORA/$1-html
    local bytes mb files one_core bare
    bytes=$(find "$corpus" -name '*.html' -printf '%s\n' | awk '{ s += $1 } END { print s }')
    files=$(find "$corpus" -name '*.html' | wc -l)
    mb=$(awk -v b="$bytes" 'BEGIN{print b/1e6}')
    find "$corpus" -type f -exec cat {} + >/dev/null
    log "[$size html] ingest --dry-run --rebuild on one core"
    hyperfine -N --warmup 1 --runs "$INGEST_RUNS" --export-csv "$WORK/html-$size.csv" \
        "taskset -c 0 $BIN --index $WORK/dry-run-html-$size ingest --dry-run --rebuild $corpus" >&2
    one_core=$(median "$WORK/html-$size.csv" 1)
    bare=$(taskset -c 0 "$HTML_PARSE_SPEED" "$corpus" --runs 3 | sed -n 's/.*: \([0-9.]*\) s = .*/\1/p')
    HTML_ROWS+=("| $size | $files | $(fmt "$mb" 1) | $(fmt "$one_core" 3) | $(ratio "$mb" "$one_core") \
| $(fmt "$bare" 3) | $(ratio "$mb" "$bare") | $(ratio "$one_core" "$bare") |")
}

# label | backissues query arguments | rg arguments ('' when rg has no equivalent)
QUERIES=(
    "rare word|flamegraph|-i -c flamegraph"
    "common word|kubernetes|-i -c kubernetes"
    "two-word AND|kubernetes security|-i -c -e kubernetes.*security -e security.*kubernetes"
    "phrase|\"service mesh\"|-i -c -F \"service mesh\""
    "filtered|kubernetes --section tools --year 2020|"
    "date-sorted listing|--section news|"
    "facet domain|kubernetes --facet domain|"
    "count|kubernetes --count|"
)

bench_queries() {
    local size=$1 corpus=$CORPORA/$1 index=$WORK/index-$1 i=0
    for entry in "${QUERIES[@]}"; do
        i=$((i + 1))
        IFS='|' read -r label args rg_args <<<"$entry"
        local cmd="$BIN --index $index query $args"
        local status=0
        eval "$cmd" >/dev/null 2>"$WORK/query.err" || status=$?
        if [ "$status" -eq 2 ]; then
            log "[$size] $label: error: $(cat "$WORK/query.err")"
            QUERY_ROWS+=("| $size | $label | \`$args\` | error | | |")
            continue
        fi
        local csv=$WORK/query-$size-$i.csv
        log "[$size] query: $label"
        if [ -n "$rg_args" ]; then
            hyperfine -N -i --warmup 3 --runs "$RUNS" --export-csv "$csv" \
                "$cmd" "rg $rg_args $corpus" >&2
        else
            hyperfine -N -i --warmup 3 --runs "$RUNS" --export-csv "$csv" "$cmd" >&2
        fi
        local ours theirs="" speedup=""
        ours=$(median "$csv" 1)
        if [ -n "$rg_args" ]; then
            theirs=$(median "$csv" 2)
            speedup="$(ratio "$theirs" "$ours")x"
            theirs=$(fmt "$(awk -v s="$theirs" 'BEGIN{print s*1000}')" 1)
        fi
        QUERY_ROWS+=("| $size | $label | \`$args\` | $(fmt "$(awk -v s="$ours" 'BEGIN{print s*1000}')" 1) \
| $theirs | $speedup |")
    done
}

# First hit: a 10-hit table query next to the start-up it cannot beat (`backissues --version`),
# in one hyperfine run; the ratio is query / --version (target: at most 2x).
bench_first_hit() {
    local size=$1 index=$WORK/index-$1
    local csv=$WORK/first-hit-$size.csv
    local query="$RELEASE_BIN --index $index query kubernetes -n 10"
    log "[$size] first hit: 10-hit table query vs --version (release build)"
    hyperfine -N -i --warmup 10 --runs "$((RUNS * 5))" --export-csv "$csv" "$query" \
        "$RELEASE_BIN --version" >&2
    local ours base
    ours=$(median "$csv" 1)
    base=$(median "$csv" 2)
    FIRST_HIT_ROWS+=("| $size | \`query kubernetes -n 10\` | $(fmt "$(awk -v s="$ours" 'BEGIN{print s*1000}')" 1) \
| $(fmt "$(awk -v s="$base" 'BEGIN{print s*1000}')" 1) | $(ratio "$ours" "$base")x |")
}

# The finder: keystroke to redrawn frame, replayed in process (examples/finder_latency: p50, p95,
# p99 against the 16 ms frame budget; 80x24 and 200x50), and start-up to the first full frame in a
# pseudo-terminal next to `--version` (bench/finder_start.py; target: at most 2x).
bench_finder() {
    local size=$1 index=$WORK/index-$1 line screen
    for screen in 80x24 200x50; do
        log "[$size] finder keystroke latency at $screen"
        line=$("$FINDER_LATENCY" "$index" --runs 5 --size "$screen")
        FINDER_ROWS+=("| $size | $screen | $(sed -n 's/.*p50 \([0-9.]*\) ms, p95 \([0-9.]*\) ms, p99 \([0-9.]*\) ms, max \([0-9.]*\) ms.*/\1 | \2 | \3 | \4/p' <<<"$line") \
| $(sed -n 's/.*p95\/frame budget \([0-9.]*\);.*/\1/p' <<<"$line") |")
    done
    log "[$size] finder start-up to the first frame vs --version"
    line=$(python3 "$ROOT/bench/finder_start.py" "$RELEASE_BIN" "$index" "$RUNS")
    FINDER_START_ROWS+=("| $size | $(sed -n 's/first frame \([0-9.]*\) ms, first links \([0-9.]*\) ms, --version \([0-9.]*\) ms, ratio \([0-9.]*\), links ratio \([0-9.]*\)/\1 | \2 | \3 | \4x | \5x/p' <<<"$line") |")
}

# --against REV: ingest (rebuild and dry run, medians of INGEST_RUNS alternating runs), peak RSS,
# index size, the 1M query rows and the first hit, for the release builds of commit REV and of
# this tree, side by side. Each binary writes and queries its own index of the same corpus.
AGAINST_ROWS=()

build_against() {
    local rev=$1 tree=$WORK/against-tree
    log "building $rev in a worktree at $tree"
    git -C "$ROOT" worktree remove --force "$tree" 2>/dev/null || rm -rf "$tree"
    git -C "$ROOT" worktree add --force --detach "$tree" "$rev" >&2
    (cd "$tree" && CARGO_TARGET_DIR="$WORK/against-target" cargo build --release --quiet --bin backissues)
    cp "$WORK/against-target/release/backissues" "$WORK/backissues-against"
    git -C "$ROOT" worktree remove --force "$tree"
}

# One row: label, then the before and after figures and after/before.
against_row() {
    AGAINST_ROWS+=("| $1 | $2 | $3 | $4 | $(ratio "$4" "$3") |")
}

bench_against() {
    local size=$1 corpus=$CORPORA/$1 before=$WORK/backissues-against after=$RELEASE_BIN
    local bytes mb
    bytes=$(manifest "$corpus" bytes)
    mb=$(awk -v b="$bytes" 'BEGIN{print b/1e6}')
    find "$corpus" -type f -exec cat {} + >/dev/null
    # A rebuild keeps an index's settings (such as its document store's compression): start
    # from nothing so that each build's index is made with its own.
    rm -rf "$WORK/against-before-$size" "$WORK/against-after-$size"
    log "[$size] ingest --rebuild and --dry-run, before and after, alternating"
    hyperfine -N --runs "$INGEST_RUNS" --export-csv "$WORK/against-ingest-$size.csv" \
        "$before --index $WORK/against-before-$size ingest --rebuild $corpus" \
        "$after --index $WORK/against-after-$size ingest --rebuild $corpus" \
        "$before --index $WORK/against-dry-$size ingest --dry-run --rebuild $corpus" \
        "$after --index $WORK/against-dry-$size ingest --dry-run --rebuild $corpus" >&2
    local csv=$WORK/against-ingest-$size.csv b_ing a_ing b_dry a_dry
    b_ing=$(median "$csv" 1); a_ing=$(median "$csv" 2); b_dry=$(median "$csv" 3); a_dry=$(median "$csv" 4)
    against_row "ingest --rebuild s" "$size" "$(fmt "$b_ing" 3)" "$(fmt "$a_ing" 3)"
    against_row "ingest --dry-run --rebuild s" "$size" "$(fmt "$b_dry" 3)" "$(fmt "$a_dry" 3)"
    against_row "rebuild / dry run" "$size" "$(ratio "$b_ing" "$b_dry")" "$(ratio "$a_ing" "$a_dry")"
    local b_rss a_rss b_size a_size
    b_rss=$(measure_rss "$before" --index "$WORK/against-before-$size" ingest --rebuild "$corpus")
    a_rss=$(measure_rss "$after" --index "$WORK/against-after-$size" ingest --rebuild "$corpus")
    against_row "peak RSS MB" "$size" "$b_rss" "$a_rss"
    b_size=$(du -sb "$WORK/against-before-$size" | cut -f1)
    a_size=$(du -sb "$WORK/against-after-$size" | cut -f1)
    against_row "index / corpus ($(fmt "$mb" 1) MB)" "$size" \
        "$(fmt "$(awk -v i="$b_size" -v b="$bytes" 'BEGIN{print i/b}')" 3)" \
        "$(fmt "$(awk -v i="$a_size" -v b="$bytes" 'BEGIN{print i/b}')" 3)"
    local label args
    for entry in "count|kubernetes --count" "facet domain|kubernetes --facet domain" \
        "date-sorted listing|--section news" "first hit|kubernetes -n 10"; do
        IFS='|' read -r label args <<<"$entry"
        log "[$size] $label, before and after"
        hyperfine -N -i --warmup 5 --runs "$((RUNS * 3))" --export-csv "$WORK/against-q.csv" \
            "$before --index $WORK/against-before-$size query $args" \
            "$after --index $WORK/against-after-$size query $args" \
            "$before --version" "$after --version" >&2
        local b a bv av
        b=$(median "$WORK/against-q.csv" 1); a=$(median "$WORK/against-q.csv" 2)
        bv=$(median "$WORK/against-q.csv" 3); av=$(median "$WORK/against-q.csv" 4)
        against_row "$label ms (\`$args\`)" "$size" \
            "$(fmt "$(awk -v s="$b" 'BEGIN{print s*1000}')" 2)" "$(fmt "$(awk -v s="$a" 'BEGIN{print s*1000}')" 2)"
        against_row "$label / --version" "$size" "$(ratio "$b" "$bv")" "$(ratio "$a" "$av")"
    done
}

against_main() {
    local rev=$1
    shift
    local sizes=("$@")
    [ ${#sizes[@]} -eq 0 ] && sizes=(100k 1m)
    install_tools
    mkdir -p "$CORPORA" "$WORK"
    (cd "$ROOT" && cargo build --profile "$PROFILE" --quiet --example gen_corpus \
        && cargo build --release --quiet --bin backissues)
    cp "$ROOT/target/release/backissues" "$RELEASE_BIN"
    build_against "$rev"
    for size in "${sizes[@]}"; do generate "$size"; done
    for size in "${sizes[@]}"; do bench_against "$size"; done
    {
        echo "Machine: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'); before: $rev, after: \
$(git -C "$ROOT" rev-parse --short HEAD) (release builds); medians of $INGEST_RUNS ingest runs and \
$((RUNS * 3)) query runs, the two builds alternating."
        echo
        echo "| measure | size | before | after | after/before |"
        echo "|---|---|---|---|---|"
        printf '%s\n' "${AGAINST_ROWS[@]}"
    } | tee "$WORK/against.md"
}

# --scripts: `ingest --rebuild` next to the two reference scripts of bench/reference (a regex
# parser feeding SQLite FTS5, or tantivy-py), alternating, each writing its own index of the same
# corpus. tantivy-py is installed in a virtualenv under WORK (pip, pinned).
TANTIVY_PY=tantivy==0.27.0
SCRIPT_ROWS=()

reference_python() {
    local venv=$WORK/venv
    if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import tantivy' 2>/dev/null; then
        log "installing $TANTIVY_PY into $venv"
        python3 -m venv "$venv" >&2
        "$venv/bin/pip" install --quiet "$TANTIVY_PY" >&2
    fi
    echo "$venv/bin/python"
}

# The number a reference script reports on stderr (`NAME: N links`).
script_links() { "$@" 2>&1 >/dev/null | sed -n 's/.*: \([0-9]*\) links/\1/p'; }

bench_scripts() {
    local size=$1 corpus=$CORPORA/$1 python=$2 reference=$ROOT/bench/reference
    find "$corpus" -type f -exec cat {} + >/dev/null
    log "[$size] ingest --rebuild, SQLite FTS5 script, tantivy-py script, alternating"
    hyperfine -N --runs "$INGEST_RUNS" --export-csv "$WORK/scripts-$size.csv" \
        "$RELEASE_BIN --index $WORK/scripts-index-$size ingest --rebuild $corpus" \
        "$python $reference/ingest_fts5.py $corpus $WORK/scripts-fts5-$size.db" \
        "$python $reference/ingest_tantivy_py.py $corpus $WORK/scripts-tantivy-py-$size" >&2
    local csv=$WORK/scripts-$size.csv ours fts5 tpy links
    ours=$(median "$csv" 1); fts5=$(median "$csv" 2); tpy=$(median "$csv" 3)
    links=$(manifest "$corpus" links)
    SCRIPT_ROWS+=("| $size | backissues \`ingest --rebuild\` | $links | $(fmt "$ours" 3) | 1.0x |")
    SCRIPT_ROWS+=("| $size | SQLite FTS5 script | $(script_links "$python" "$reference/ingest_fts5.py" "$corpus" "$WORK/scripts-fts5-$size.db") | $(fmt "$fts5" 3) | $(ratio "$fts5" "$ours")x |")
    SCRIPT_ROWS+=("| $size | tantivy-py script | $(script_links "$python" "$reference/ingest_tantivy_py.py" "$corpus" "$WORK/scripts-tantivy-py-$size") | $(fmt "$tpy" 3) | $(ratio "$tpy" "$ours")x |")
}

scripts_main() {
    local sizes=("$@")
    [ ${#sizes[@]} -eq 0 ] && sizes=(100k)
    install_tools
    mkdir -p "$CORPORA" "$WORK"
    (cd "$ROOT" && cargo build --profile "$PROFILE" --quiet --example gen_corpus \
        && cargo build --release --quiet --bin backissues)
    cp "$ROOT/target/release/backissues" "$RELEASE_BIN"
    local python
    python=$(reference_python)
    for size in "${sizes[@]}"; do generate "$size"; done
    for size in "${sizes[@]}"; do bench_scripts "$size" "$python"; done
    {
        echo "Machine: $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'); backissues \
$(git -C "$ROOT" rev-parse --short HEAD) (release build), $TANTIVY_PY, SQLite \
$("$python" -c 'import sqlite3; print(sqlite3.sqlite_version)'); medians of $INGEST_RUNS runs, \
alternating. Links: what each found (the scripts' regexes miss some, which favours them)."
        echo
        echo "| size | ingest by | links | seconds | time / backissues |"
        echo "|---|---|---|---|---|"
        printf '%s\n' "${SCRIPT_ROWS[@]}"
    } | tee "$WORK/scripts.md"
}

main() {
    local sizes=("$@")
    [ ${#sizes[@]} -eq 0 ] && sizes=(10k 100k 1m)
    for size in "${sizes[@]}"; do size_to_links "$size" >/dev/null; done
    install_tools
    mkdir -p "$CORPORA" "$WORK"
    log "building the $PROFILE profile"
    (cd "$ROOT" && cargo build --profile "$PROFILE" --quiet --bin backissues --example gen_corpus \
        --example index_space --example parse_speed --example html_parse_speed --example finder_latency && cargo build --release --quiet --bin backissues)
    cp "$ROOT/target/release/backissues" "$RELEASE_BIN"
    for size in "${sizes[@]}"; do generate "$size"; done
    for size in "${sizes[@]}"; do
        [ "$size" = 1m ] || { generate "$size" --html; bench_html "$size"; }
        bench_ingest "$size"
        bench_queries "$size"
        bench_first_hit "$size"
        bench_finder "$size"
    done
    [[ " ${sizes[*]} " == *" 10k "* ]] && bench_mbox
    {
        echo "Machine: $(nproc) cores ($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)), \
$(free -g | awk '/^Mem:/ { print $2 }') GB memory; $(date -u '+%Y-%m-%d %H:%M UTC'); \
backissues $(git -C "$ROOT" rev-parse --short HEAD); seed $SEED; medians of $INGEST_RUNS ingest runs \
and $RUNS query runs."
        echo
        echo "| size | links | files | corpus MB | ingest --rebuild s | MB/s | links/s | peak RSS MB | index MB | index/corpus | unchanged re-ingest s | re-ingest RSS MB |"
        echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
        printf '%s\n' "${INGEST_ROWS[@]}"
        echo
        echo "| size | links | files | corpus MB | ingest --dry-run --rebuild s | MB/s | links/s | one core s | one core MB/s | parse only, one core MB/s |"
        echo "|---|---|---|---|---|---|---|---|---|---|"
        printf '%s\n' "${PARSE_ROWS[@]}"
        echo
        echo "| size (HTML pages) | files | corpus MB | ingest --dry-run --rebuild, one core s | MB/s | bare html5ever parse, one core s | MB/s | ingest/bare |"
        echo "|---|---|---|---|---|---|---|---|"
        printf '%s\n' "${HTML_ROWS[@]}"
        echo
        echo "| size | query | arguments | backissues ms | rg -i -c ms | rg/backissues |"
        echo "|---|---|---|---|---|---|"
        printf '%s\n' "${QUERY_ROWS[@]}"
        echo
        echo "| size | first hit | query ms | --version ms | query/--version |"
        echo "|---|---|---|---|---|"
        printf '%s\n' "${FIRST_HIT_ROWS[@]}"
        echo
        echo "| size | finder screen | keystroke p50 ms | p95 ms | p99 ms | max ms | p95 / 16 ms frame |"
        echo "|---|---|---|---|---|---|---|"
        printf '%s\n' "${FINDER_ROWS[@]}"
        echo
        echo "| size | finder first frame ms | first links ms | --version ms | first frame/--version | first links/--version |"
        echo "|---|---|---|---|---|---|"
        printf '%s\n' "${FINDER_START_ROWS[@]}"
        echo
        echo "| mbox | MB | ingest --rebuild s | MB/s | markdown 10k MB/s (reference) | unchanged re-ingest s |"
        echo "|---|---|---|---|---|---|"
        printf '%s\n' "${MBOX_ROWS[@]}"
        echo
        echo "Where the index bytes go (examples/index_space; full lists in $WORK/space-SIZE.md):"
        echo
        printf '%s\n' "${SPACE_TABLES[@]}"
    } | tee "$WORK/results.md"
}

if [ "${1:-}" = --against ]; then
    [ -n "${2:-}" ] || { log "usage: bench/run.sh --against REV [SIZES...]"; exit 2; }
    against_main "${@:2}"
elif [ "${1:-}" = --scripts ]; then
    scripts_main "${@:2}"
else
    main "$@"
fi
