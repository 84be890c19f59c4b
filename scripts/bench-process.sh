#!/usr/bin/env bash
# Whole-process timings of the release binary: start-up, reading both documents, one command.
# Uses hyperfine when installed (apt-get install hyperfine), else a plain loop of N runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=target/release/dutymatrix
runs=${RUNS:-50}
cmds=("$bin units" "$bin duties 市卫生健康委 --json" "$bin tasks 人才" "$bin export --format json")
if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" -N "${cmds[@]}"
  exit 0
fi
for c in "${cmds[@]}"; do
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do $c >/dev/null; done
  end=$(date +%s%N)
  printf '%-40s %8.2f ms per run (%d runs)\n' "$c" "$(echo "($end - $start) / 1000000 / $runs" | bc -l)" "$runs"
done
