#!/usr/bin/env bash
# Whole-process figures at scale: generated folders of 100 and 1,000 documents (gencorpus, seed
# 1), each command from the text (--no-cache) and from the cache, first frame, peak RSS.
# Uses hyperfine (apt-get install hyperfine) and GNU time. RUNS=n sets hyperfine's runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bins -p dutymatrix -p gencorpus
bin=$PWD/target/release/dutymatrix
gen=$PWD/target/release/gencorpus
work=${WORK:-$PWD/target/scale}
runs=${RUNS:-5}
export XDG_CACHE_HOME=$work/xdg
command -v hyperfine >/dev/null || { echo "hyperfine is missing (apt-get install hyperfine)" >&2; exit 1; }
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 100 1000; do
  dir=$work/corpus-$n
  [ -f "$dir/doc-$(printf %05d $((n - 1))).txt" ] || "$gen" "$dir" "$n" 1
  base=("$bin" --no-builtin --doc "$dir")
  "${base[@]}" units >/dev/null  # warm the cache
  echo "== $n documents: $(du -sh "$dir" | cut -f1), $("${base[@]}" units | tail -1)"
  hyperfine -N --warmup 1 --runs "$runs" --style basic \
    "${base[*]} --no-cache units" \
    "${base[*]} units" \
    "${base[*]} --no-cache duties 卫健委" \
    "${base[*]} duties 卫健委" \
    "${base[*]} --no-cache export" \
    "${base[*]} export" 2>&1 | grep -E "Benchmark|Time"
  for c in "--no-cache units" "units" "duties 卫健委" "export"; do
    /usr/bin/time -f "peak RSS %M KB: $c" "${base[@]}" $c >/dev/null
  done
  RUNS=$runs python3 scripts/first_frame.py "${base[@]}" --no-cache | sed 's/^/from text, /'
  RUNS=$runs python3 scripts/first_frame.py "${base[@]}" | sed 's/^/from cache, /'
done
echo "== seeds (built-in documents)"
hyperfine -N --warmup 3 --runs 30 --style basic "$bin duties 卫健委" "$bin units" 2>&1 | grep -E "Benchmark|Time"
/usr/bin/time -f "peak RSS %M KB: duties" "$bin" duties 卫健委 >/dev/null
RUNS=10 python3 scripts/first_frame.py "$bin"
