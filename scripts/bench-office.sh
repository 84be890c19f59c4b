#!/usr/bin/env bash
# Time and size of each file the office passes around (issue 21): the sheets and the report as
# .xlsx, the 通报 as .docx, the SVG chart and the reminders, on the built-in documents with a
# small ledger, and on a generated folder when given: scripts/bench-office.sh [DOCS_DIR].
# Each run writes a fresh file (--force), so the timing includes the atomic write.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/dutymatrix
runs=${RUNS:-10}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DUTYMATRIX_LEDGER=$work/ledger.sqlite3
args=(--today 2023-01-05)
if [ $# -ge 1 ]; then args+=(--no-builtin --doc "$1"); fi
# A small ledger: the README's three records (on the seeds; elsewhere the ledger is only created).
"$bin" "${args[@]}" ledger init >/dev/null
"$bin" "${args[@]}" ledger set 'shandong-2022-yiyang-yanglao-xingdong-jihua#2/2.1' --unit 民政厅 \
  --status doing --note '特困人员供养标准已提高' >/dev/null 2>&1 || true
"$bin" "${args[@]}" ledger set 'shandong-2022-yiyang-yanglao-xingdong-jihua#2/2.3' --unit 民政厅 \
  --status done >/dev/null 2>&1 || true
cd "$work"
cases=(
  "export -o matrix.xlsx --force|matrix.xlsx"
  "export --timeline -o timeline.xlsx --force|timeline.xlsx"
  "ledger report -o report.xlsx --force|report.xlsx"
  "ledger report -o report.docx --force|report.docx"
  "ledger report -o report.svg --force|report.svg"
  "ledger report --format csv -o report.csv --force|report.csv"
  "ledger remind --within 30 --to-dir remind --force|remind"
)
for c in "${cases[@]}"; do
  cmd=${c%|*}
  file=${c#*|}
  read -r -a words <<<"$cmd"
  start=$(date +%s%N)
  for _ in $(seq "$runs"); do "$bin" "${args[@]}" "${words[@]}" >/dev/null 2>&1 || true; done
  end=$(date +%s%N)
  size=$(du -sb "$file" | cut -f1)
  printf '%-55s %9.1f ms per run  %10s bytes\n' "$cmd" \
    "$(echo "($end - $start) / 1000000 / $runs" | bc -l)" "$size"
done
