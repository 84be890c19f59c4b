#!/usr/bin/env bash
# Whole-process cost of the ledger: `ledger show UNIT` with no ledger file, then with a ledger
# of 100,000 history rows. The rows are one `ledger set` per assignment of the built-in
# documents, copied in one transaction (python3's sqlite3) up to ROWS.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/dutymatrix
runs=${RUNS:-30}
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
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
have = c.execute("SELECT count(*) FROM history").fetchone()[0]
need = int(sys.argv[2]) - have
c.execute("""WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
             INSERT INTO history (task_key, unit, status, note, note_date, who, uid, at)
             SELECT task_key, unit, status, note || i, note_date, who, uid, at FROM history, n
             LIMIT ?""", (need // max(have, 1) + 1, need))
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
