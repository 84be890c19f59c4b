#!/usr/bin/env bash
# Bytes written to an 80x24 terminal for 卫 健 委 ⌫ ⌫ ⌫ 发 改 委 ↓ ↓: dutymatrix against fzf on
# the same unit names (the built-in documents'), in the same run. Target: dutymatrix ≤ 1.0× fzf.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin dutymatrix
bin=$PWD/target/release/dutymatrix
if ! command -v fzf >/dev/null; then
  echo "fzf is not installed: no comparison possible (apt-get install fzf). dutymatrix alone:" >&2
  python3 scripts/ssh_bytes.py -- "$bin"
  exit 1
fi
names=$(mktemp)
trap 'rm -f "$names"' EXIT
"$bin" units --all --json | python3 -c 'import json,sys; print("\n".join(u["name"] for u in json.load(sys.stdin)))' >"$names"
echo "fzf $(fzf --version | cut -d' ' -f1), $(wc -l <"$names") unit names, 80x24, TERM=xterm-256color"
dm=$(python3 scripts/ssh_bytes.py --json -- "$bin")
fz=$(python3 scripts/ssh_bytes.py --json --stdin "$names" -- fzf)
python3 - "$dm" "$fz" <<'PY'
import json, sys
dm, fz = json.loads(sys.argv[1]), json.loads(sys.argv[2])
for name, r in (("dutymatrix", dm), ("fzf", fz)):
    keys = " ".join(f"{l}:{n}" for l, n in r["keys"])
    print(f"{name:<11} total {r['total']:>6} B  mean {r['total'] / len(r['keys']):>6.0f} B/key  idle {r['idle']} B  [{keys}]")
print(f"ratio dutymatrix/fzf: {dm['total'] / fz['total']:.2f}x")
PY
