#!/usr/bin/env bash
# The report's margin over an empty ledger, build by build (issue 22): `ledger report` on a full and
# an empty ledger for each binary given, `hyperfine -N`, with the fastest, the first quartile and the
# median of each (a shared machine's noise falls on the slow side). Each build keeps its own cache
# folder (the documents' cache and the kept links), made by the warm-up runs.
#
# usage: scripts/bench-report.sh BIN...
# FULL and EMPTY name the ledgers (a file or a postgresql:// location; default the 1,000,000-row
# ledger that `DOCS=1000 scripts/bench-ledger.sh` makes and /tmp/empty.sqlite3), DOCS the documents
# (the 1,000 it reads), R the runs (20), XDG_ROOT where the cache folders go (/tmp).
# With CALLGRIND=1, the instructions of one run of each instead (valgrind --tool=callgrind), which
# do not depend on what else the machine is doing. With SET="TASK UNIT", every run follows a
# `ledger set TASK --unit UNIT --note 调度` on FULL by the last build: a report right after a write,
# what the kept pairs read again (give a copy of the ledger as FULL: it grows a row a run).
set -u
work=${WORK:-/tmp/dutymatrix-ledger-scale}
C="--no-builtin --doc ${DOCS:-$work/corpus-1000}"
FULL=${FULL:-$work/ledger-1000-1000000-100000.sqlite3}
EMPTY=${EMPTY:-/tmp/empty.sqlite3}
x=${XDG_ROOT:-/tmp}
if [ "${CALLGRIND:-}" = 1 ]; then
  for b in "$@"; do
    n=$(basename "$b"); r=()
    for L in "$FULL" "$EMPTY"; do
      XDG_CACHE_HOME=$x/xdg-report-$n $b $C --ledger "$L" ledger report >/dev/null
      r+=("$(XDG_CACHE_HOME=$x/xdg-report-$n valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$b" $C --ledger "$L" ledger report 2>&1 >/dev/null | awk '/refs:/ {gsub(",", "", $4); print $4}')")
    done
    echo "$n: full ${r[0]} empty ${r[1]} instructions, margin $(( (r[0] - r[1]) / 1000000 )) M"
  done
  exit 0
fi
args=()
for b in "$@"; do
  n=$(basename "$b")
  for L in "$FULL" "$EMPTY"; do
    args+=(-n "$n $([ "$L" = "$FULL" ] && echo full || echo empty)" \
      "env XDG_CACHE_HOME=$x/xdg-report-$n $b $C --ledger $L ledger report")
  done
done
if [ -n "${SET:-}" ]; then
  last=${*: -1}
  read -r task unit <<<"$SET"
  args=(--prepare "env XDG_CACHE_HOME=$x/xdg-report-set $last $C --ledger $FULL ledger set $task --unit $unit --note 调度" "${args[@]}")
fi
out=$(mktemp)
hyperfine -N -w 2 -r "${R:-20}" --export-json "$out" "${args[@]}" >/dev/null
python3 - "$out" <<'PY'
import json, statistics, sys
for r in json.load(open(sys.argv[1]))["results"]:
    t = sorted(r["times"])
    print(f"{r['command']:<24} min {t[0]*1000:6.1f}  p25 {t[len(t)//4]*1000:6.1f}  median {statistics.median(t)*1000:6.1f} ms")
PY
rm -f "$out"
