#!/usr/bin/env bash
# Whole-process figures at scale: generated folders (gencorpus, seed 1; 100 and 1,000 documents,
# or SIZES="1000 10000 30000"), each command from the text (--no-cache) and from the cache, the
# first frame, peak RSS, the sheets' peak RSS, a keystroke of unit and task search in a pty, and
# for comparison `rg -c` over the same folder and, when installed, fzf typed the same keys over
# the folder's unit names and over its task titles (one line each). Folders are generated on demand under WORK (never
# committed). Uses hyperfine (apt-get install hyperfine), GNU time and, when installed, rg.
# RUNS=n sets hyperfine's runs; TEXT=0 skips the runs from the text (minutes at 30,000).
# BIN=path measures another build (an earlier commit's, for a before and after); each build
# keeps its own cache folder, so that two builds never rewrite each other's caches.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bins -p dutymatrix -p gencorpus
bin=${BIN:-$PWD/target/release/dutymatrix}
gen=$PWD/target/release/gencorpus
work=${WORK:-$PWD/target/scale}
runs=${RUNS:-5}
text=${TEXT:-1}
export XDG_CACHE_HOME=$work/xdg-$(basename "$bin")
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in ${SIZES:-100 1000}; do
  dir=$work/corpus-$n
  [ -f "$dir/doc-$(printf %05d $((n - 1))).txt" ] || "$gen" "$dir" "$n" 1
  base=("$bin" --no-builtin --doc "$dir")
  "${base[@]}" units >/dev/null  # warm the cache
  echo "== $n documents: $(du -sh "$dir" | cut -f1), cache $(du -sh "$XDG_CACHE_HOME/dutymatrix" | cut -f1), $("${base[@]}" units | tail -1)"
  cmds=("${base[*]} units" "${base[*]} duties 市卫生健康委" "${base[*]} export")
  if [ "$text" = 1 ]; then
    cmds+=("${base[*]} --no-cache units" "${base[*]} --no-cache duties 市卫生健康委" "${base[*]} --no-cache export")
  fi
  if command -v rg >/dev/null; then cmds+=("rg -c 责任单位 $dir"); fi
  hyperfine -N -i --warmup 1 --runs "$runs" --style basic "${cmds[@]}" 2>&1 | grep -E "Benchmark|Time"
  for c in "units" "duties 市卫生健康委" "export" "export --format csv" "export --format md" \
           "export --timeline --format csv"; do
    /usr/bin/time -f "peak RSS %M KB: $c" "${base[@]}" $c >/dev/null
  done
  if [ "$text" = 1 ]; then
    /usr/bin/time -f "peak RSS %M KB: --no-cache units" "${base[@]}" --no-cache units >/dev/null
    RUNS=$runs python3 scripts/first_frame.py "${base[@]}" --no-cache | sed 's/^/from text, /'
  fi
  RUNS=$runs python3 scripts/first_frame.py "${base[@]}" | sed 's/^/from cache, /'
  ROUNDS=3 python3 scripts/keystroke.py "${base[@]}"
  ROUNDS=3 python3 scripts/keystroke.py --tasks "${base[@]}"
  if command -v fzf >/dev/null; then
    names=$work/names-$n.txt titles=$work/titles-$n.txt
    "${base[@]}" units --json | python3 -c '
import json, sys
for u in json.load(sys.stdin): print(u["name"])' >"$names"
    "${base[@]}" export --format csv | python3 -c '
import csv, sys
seen = set()
for row in csv.DictReader(sys.stdin):
    if row["任务编号"] not in seen: seen.add(row["任务编号"]); print(row["任务"])' >"$titles"
    echo "fzf $(fzf --version | cut -d' ' -f1): $(wc -l <"$names") unit names, $(wc -l <"$titles") task titles"
    ROUNDS=3 python3 scripts/keystroke.py --plain sh -c "exec fzf <'$names'" | sed 's/^/fzf, /'
    ROUNDS=3 python3 scripts/keystroke.py --plain --tasks sh -c "exec fzf <'$titles'" | sed 's/^/fzf, /'
  fi
done
echo "== seeds (built-in documents)"
hyperfine -N --warmup 3 --runs 30 --style basic "$bin duties 市卫生健康委" "$bin units" 2>&1 | grep -E "Benchmark|Time"
/usr/bin/time -f "peak RSS %M KB: duties" "$bin" duties 市卫生健康委 >/dev/null
RUNS=10 python3 scripts/first_frame.py "$bin"
