#!/usr/bin/env bash
# Two builds side by side at a province's scale (issue 22): `ledger report` and `ledger show` on a
# 1,000,000-row ledger and on an empty one (SQLite, and PostgreSQL when PG_FULL and PG_EMPTY
# name server ledgers), then `units --no-cache` from text at 1,000 and 10,000 documents with the
# page cache warm and dropped (as root), beside `rg -c`. Each build keeps its own cache folders
# (a cache is a build's own). hyperfine -N; every command's runs one after another.
#
# usage: scripts/bench-compare.sh OLD_BIN NEW_BIN
# Material (made once, never committed): DOCS1 (default the 1,000 documents and LEDGER1M the
# ledger that `DOCS=1000 scripts/bench-ledger.sh` makes), DOCS10 (`gencorpus DIR 10000 1`),
# EMPTY (`ledger init` on a new file). SKIP_LEDGER=1, SKIP_PG=1, SKIP_TEXT=1 leave parts out; R
# sets the runs of the ledger commands (10).
set -u
A=$1; B=$2
na=$(basename "$A"); nb=$(basename "$B")
[ "$na" != "$nb" ] || nb=$nb-2
work=${WORK:-/tmp/dutymatrix-ledger-scale}
C1="--no-builtin --doc ${DOCS1:-$work/corpus-1000}"
C10="--no-builtin --doc ${DOCS10:-/tmp/scale/corpus-10000}"
L1M=${LEDGER1M:-$work/ledger-1000-1000000-100000.sqlite3}
EMPTY=${EMPTY:-/tmp/empty.sqlite3}
PGI=${PG_FULL:-}
PGE=${PG_EMPTY:-}
[ -n "$PGI" ] && [ -n "$PGE" ] || SKIP_PG=1
x=${XDG_ROOT:-/tmp}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%H:%M)"
for b in "$A" "$B"; do n=$([ "$b" = "$A" ] && echo "$na" || echo "$nb"); XDG_CACHE_HOME=$x/xdg1k-$n $b $C1 units >/dev/null; XDG_CACHE_HOME=$x/xdg10k-$n $b $C10 units >/dev/null; done
hf() { hyperfine -N "$@" 2>&1 | grep -E "^Benchmark|Time \(mean|±" | paste - - | sed -E 's/Benchmark [0-9]+: //; s/ +Time \(mean ± σ\): +/ | /'; }
if [ "${SKIP_LEDGER:-}" != 1 ]; then
for round in 1 2; do
  echo "-- report SQLite round $round"
  hf -w 2 -r ${R:-10} -n "$na report 1M" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $L1M ledger report" -n "$nb report 1M" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $L1M ledger report" -n "$na report empty" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $EMPTY ledger report" -n "$nb report empty" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $EMPTY ledger report"
done
if [ "${SKIP_PG:-}" != 1 ]; then
for round in 1 2; do
  echo "-- report PostgreSQL round $round"
  hf -w 2 -r ${R:-10} -n "$na report PG 1M" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $PGI ledger report" -n "$nb report PG 1M" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $PGI ledger report" -n "$na report PG empty" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $PGE ledger report" -n "$nb report PG empty" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $PGE ledger report"
done
fi
echo "-- show 各街道"
hf -w 2 -r ${R:-10} -n "$na show 1M" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $L1M ledger show 各街道" -n "$nb show 1M" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $L1M ledger show 各街道" -n "$na show empty" "env XDG_CACHE_HOME=$x/xdg1k-$na $A $C1 --ledger $EMPTY ledger show 各街道" -n "$nb show empty" "env XDG_CACHE_HOME=$x/xdg1k-$nb $B $C1 --ledger $EMPTY ledger show 各街道"
fi
if [ "${SKIP_TEXT:-}" != 1 ]; then
echo "-- from text"
hf -w 1 -r 10 -n "$na nocache 1k" "$A $C1 units --no-cache" -n "$nb nocache 1k" "$B $C1 units --no-cache"
hf -w 1 -r 5 -n "$na nocache 10k" "$A $C10 units --no-cache" -n "$nb nocache 10k" "$B $C10 units --no-cache" -n "rg -c 10k" "rg -c 责任单位 ${DOCS10:-/tmp/scale/corpus-10000}"
for b in $A $B $A $B; do /usr/bin/time -f "$(basename $b) 10k nocache: wall %e user %U sys %S rss %M KB" $b $C10 units --no-cache >/dev/null; done
echo "-- from text, page cache dropped"
hf -r 3 --prepare 'sh -c "sync; echo 3 > /proc/sys/vm/drop_caches"' -n "$na nocache 10k cold" "$A $C10 units --no-cache" -n "$nb nocache 10k cold" "$B $C10 units --no-cache" -n "rg -c 10k cold" "rg -c 责任单位 ${DOCS10:-/tmp/scale/corpus-10000}"
fi
