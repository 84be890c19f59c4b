#!/usr/bin/env bash
# Whole-process cost of the ledger: `ledger show UNIT` with no ledger file, then with a ledger
# of 100,000 history rows. The rows are one `ledger set` per assignment of the built-in
# documents, copied in one transaction (python3's sqlite3, sealed onto the hash chain) up to ROWS.
#
# At scale (issue 22): DOCS=1000 [ROWS=1000000 PAIRS=100000 RUNS=10 SETS=200] scripts/bench-ledger.sh
# generates DOCS documents (gencorpus, seed 1) and a ledger of ROWS rows over PAIRS pairs of
# their assignments (scripts/ledger_scale.py), under WORK (default /tmp/dutymatrix-ledger-scale,
# kept between runs, never committed), then times `ledger show` and `ledger report` with and
# without it, `ledger set` p50/p99 one at a time and eight at once, and the dashboard's first
# frame. BIN=another/dutymatrix measures another build on the same files: the ledger is made by
# the first build that runs (make it with the older one to compare); a newer build upgrades a
# copy in place first (timed). With BIN nothing is built (target/release/gencorpus must exist).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -n "${BIN:-}" ] || cargo build --release --quiet --bins -p dutymatrix -p gencorpus
bin=${BIN:-$PWD/target/release/dutymatrix}
runs=${RUNS:-30}
if [ -n "${DOCS:-}" ]; then
  rows=${ROWS:-1000000}
  pairs=${PAIRS:-100000}
  work=${WORK:-/tmp/dutymatrix-ledger-scale}
  export XDG_CACHE_HOME=$work/xdg
  corpus=$work/corpus-$DOCS
  mkdir -p "$work"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
  [ -f "$corpus/doc-$(printf %05d $((DOCS - 1))).txt" ] || target/release/gencorpus "$corpus" "$DOCS" 1
  docs=(--no-builtin --doc "$corpus")
  "$bin" "${docs[@]}" units >/dev/null  # the documents' cache, warm
  made=$work/ledger-$DOCS-$rows-$pairs.sqlite3
  [ -f "$made" ] || python3 scripts/ledger_scale.py make "$bin" "$made" "$rows" "$pairs" "${docs[@]}"
  run=$work/run.sqlite3
  rm -f "$run" "$run-wal" "$run-shm" "$run.none"
  cp "$made" "$run"
  start=$(date +%s%N)
  "$bin" --ledger "$run" ledger init >/dev/null
  echo "open for writing (an older schema upgraded in place): $(( ($(date +%s%N) - start) / 1000000 )) ms"
  python3 scripts/ledger_scale.py time "$bin" "$run" "${RUNS:-10}" "${SETS:-200}" "${docs[@]}"
  RUNS=${RUNS:-10} python3 scripts/first_frame.py "$bin" "${docs[@]}" --ledger "$run.none" | sed 's/^/dashboard, no ledger: /'
  RUNS=${RUNS:-10} python3 scripts/first_frame.py "$bin" "${docs[@]}" --ledger "$run" | sed 's/^/dashboard, the ledger: /'
  exit 0
fi
rows=${ROWS:-100000}
unit=${UNIT:-省民政厅}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
ledger=$dir/ledger.sqlite3
"$bin" --ledger "$ledger" ledger init >/dev/null
"$bin" export --format json | python3 -c '
import json, sys
for t in json.load(sys.stdin)["tasks"]:
    for a in t["assignments"]:
        print(t["id"] + "\t" + a["unit"])' | while IFS=$'\t' read -r task u; do
  "$bin" --ledger "$ledger" ledger set "$task" --unit "$u" --status doing --note "按计划推进" >/dev/null
done
python3 - "$ledger" "$rows" <<'PY'
# Each copy is sealed onto the hash chain as dutymatrix seals it (crates/ledger/src/sqlite/chain.rs):
# SHA-256 of the previous seal, "history\0", and each value with its type and length.
import hashlib, sqlite3, struct, sys
def seal(prev, values):
    h = hashlib.sha256(prev + b"history\0")
    for v in values:
        if v is None: h.update(b"\0")
        elif isinstance(v, int): h.update(b"\1" + struct.pack(">q", v))
        else:
            b = v.encode(); h.update(b"\3" + struct.pack(">Q", len(b)) + b)
    return h.digest()
c = sqlite3.connect(sys.argv[1])
base = c.execute("""SELECT h.task_key, k.document, k.task_id, k.number, k.fingerprint, k.title,
    h.unit, h.status, h.note, h.note_date, h.who, h.uid, h.at, h.undoes
    FROM history h JOIN task_keys k ON k.id = h.task_key ORDER BY h.id""").fetchall()
last, prev = c.execute("SELECT id, chain FROM history ORDER BY id DESC LIMIT 1").fetchone()
rows, n = [], 0
while last < int(sys.argv[2]):
    r = list(base[n % len(base)]); n += 1; last += 1
    r[8] = r[8] + str(n)
    prev = seal(prev, [last] + r)
    rows.append((last, r[0], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], prev))
c.executemany("""INSERT INTO history (id, task_key, unit, status, note, note_date, who, uid, at,
    undoes, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows)
c.commit()
print("history rows:", c.execute("SELECT count(*) FROM history").fetchone()[0])
PY
time_it() {
  local label=$1; shift
  "$@" >/dev/null 2>&1
  local start end
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$@" >/dev/null 2>&1; done
  end=$(date +%s%N)
  printf '%-44s %8.2f ms per run (%d runs)\n' "$label" "$(echo "($end - $start) / 1000000 / $runs" | bc -l)" "$runs"
}
time_it "ledger show $unit (no ledger file)" "$bin" --ledger "$dir/none.sqlite3" ledger show "$unit"
time_it "ledger show $unit ($rows rows)" "$bin" --ledger "$ledger" ledger show "$unit"
time_it "ledger report ($rows rows)" "$bin" --ledger "$ledger" ledger report
RUNS=3 runs=3 time_it "ledger verify ($rows rows)" "$bin" --ledger "$ledger" ledger verify
