#!/usr/bin/env bash
# Reading with nothing in the OS page cache (issue 22's "reading from text ≤ 5× rg -c"): for each
# size, ROUNDS rounds of `rg -c 责任单位 DIR`, `units` from the cache and `units --no-cache`, the
# page cache dropped before each (root: /proc/sys/vm/drop_caches), in milliseconds, and each
# round's ratio of reading from text to rg. Folders as scripts/bench-scale.sh makes them (WORK,
# SIZES, BIN; the cache folder of that build, warmed first).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -w /proc/sys/vm/drop_caches ] || { echo "dropping the page cache needs root" >&2; exit 2; }
bin=${BIN:-$PWD/target/release/dutymatrix}
work=${WORK:-$PWD/target/scale}
export XDG_CACHE_HOME=$work/xdg-$(basename "$bin")
cold() {
  sync
  echo 3 >/proc/sys/vm/drop_caches
  local s
  s=$(date +%s%N)
  "$@" >/dev/null
  echo $((($(date +%s%N) - s) / 1000000))
}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in ${SIZES:-1000 10000}; do
  dir=$work/corpus-$n
  [ -d "$dir" ] || { echo "$dir is missing: run scripts/bench-scale.sh with SIZES=$n first" >&2; exit 2; }
  "$bin" --no-builtin --doc "$dir" units >/dev/null
  for r in $(seq "${ROUNDS:-3}"); do
    rg=$(cold rg -c 责任单位 "$dir")
    cache=$(cold "$bin" --no-builtin --doc "$dir" units)
    text=$(cold "$bin" --no-builtin --doc "$dir" units --no-cache)
    echo "$n round $r: rg $rg ms | units (cache) $cache ms | units --no-cache $text ms ($(echo "scale=2; $text / $rg" | bc)x rg)"
  done
done
