#!/usr/bin/env bash
# The PostgreSQL ledger's figures (issue 18), on a throwaway cluster started as the tests start
# theirs (initdb into a temporary folder as the postgres user, trust, socket there, TCP on a free
# port of 127.0.0.1, fsync on, TLS on with a CA and a server certificate made here): `ledger set`
# p50/p99 through the socket, over TCP without TLS, over TCP with TLS (sslmode=verify-full) and on
# an SQLite file beside them; 8 writer processes' throughput; `ledger show`, `ledger report` and
# the dashboard's first frame (scripts/first_frame.py) on an empty ledger and on one of ROWS
# history rows (ONLY_ROWS=1: those alone; SKIP_ROWS=1: the write figures alone). Whole
# processes, release build.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin=$PWD/target/release/dutymatrix
runs=${RUNS:-200}
rows=${ROWS:-1000000}
writes=${WRITES:-100}
pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
dir=$(mktemp -d /tmp/dm-bench-pg.XXXXXX)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
cleanup() { as_pg "$pgbin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"; }
trap cleanup EXIT
as_pg "$pgbin/initdb" -A trust -U postgres -E UTF8 --locale=C.UTF-8 -D "$dir/data" >/dev/null
# A CA and the server's certificate for 127.0.0.1, as an administrator would make them.
tls=$dir/tls
mkdir "$tls"
ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
openssl req -x509 "${ec[@]}" -keyout "$tls/ca.key" -out "$tls/ca.crt" -days 2 -subj /CN=bench-ca 2>/dev/null
openssl req -new "${ec[@]}" -keyout "$tls/server.key" -out "$tls/server.csr" -subj /CN=127.0.0.1 2>/dev/null
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 2 \
  -extfile <(echo "subjectAltName=IP:127.0.0.1") -out "$tls/server.crt" 2>/dev/null
chmod 600 "$tls/server.key"
if [ "$(id -u)" = 0 ]; then chown -R postgres: "$tls"; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_pg "$pgbin/pg_ctl" -w -D "$dir/data" -l "$dir/log" \
  -o "-k $dir -p $port -c listen_addresses=127.0.0.1 -c log_min_duration_statement=${SLOW_MS:--1} -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key" start >/dev/null
sql() { "$pgbin/psql" -X -q -A -t -v ON_ERROR_STOP=1 -h "$dir" -p "$port" "$@"; }
sql -U postgres -d postgres -c "CREATE ROLE province LOGIN" \
  -c "CREATE DATABASE bench OWNER province" -c "CREATE DATABASE empty OWNER province"
sock="postgresql:///bench?host=$dir&port=$port&user=province"
tcp="postgresql://province@127.0.0.1:$port/bench?sslmode=disable"
tls_url="postgresql://province@127.0.0.1:$port/bench?sslmode=verify-full&sslrootcert=$tls/ca.crt"
empty="postgresql:///empty?host=$dir&port=$port&user=province"
export HOME=$dir/home XDG_CACHE_HOME=$dir/home/.cache XDG_CONFIG_HOME=$dir/home/.config
mkdir -p "$HOME"
"$bin" --ledger "$sock" ledger init >/dev/null
"$bin" --ledger "$empty" ledger init >/dev/null
task=taian-2021-kangyang-fudi-shishi-yijian/3.3
unit=市民政局

percentiles() {
  python3 -c 'import sys
v = sorted(float(x) for x in sys.stdin)
n = len(v)
print("p50 %.1f ms, p99 %.1f ms (%d runs)" % (v[n // 2], v[min(n - 1, int(n * 0.99))], n))'
}
time_sets() {
  local ledger=$1 s e
  for i in $(seq "$runs"); do
    s=$(date +%s%N)
    "$bin" --ledger "$ledger" ledger set "$task" --unit "$unit" --status doing --note "n$i" >/dev/null
    e=$(date +%s%N)
    echo "($e - $s) / 1000000" | bc -l
  done | percentiles
}
# Two ledgers' `ledger set` taken in turn, so that a load that comes and goes (other builds on
# the machine) weighs on both alike.
time_pair() {
  local a=$1 b=$2 s e i
  : >"$dir/a" ; : >"$dir/b"
  for i in $(seq "$runs"); do
    for side in a b; do
      local ledger=$a; [ $side = b ] && ledger=$b
      s=$(date +%s%N)
      "$bin" --ledger "$ledger" ledger set "$task" --unit "$unit" --status doing --note "p$i" >/dev/null
      e=$(date +%s%N)
      echo "($e - $s) / 1000000" | bc -l >>"$dir/$side"
    done
  done
  echo "first:  $(percentiles <"$dir/a")"
  echo "second: $(percentiles <"$dir/b")"
}
median() {
  local runs=$1 s e; shift
  "$@" >/dev/null 2>&1
  for _ in $(seq "$runs"); do
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    echo "($e - $s) / 1000000" | bc -l
  done | percentiles
}
writers() {
  local ledger=$1 s e
  s=$(date +%s%N)
  for w in $(seq 8); do
    (for i in $(seq "$writes"); do
      "$bin" --ledger "$ledger" ledger set "$task" --unit "$unit" --status doing --note "w$w-$i" >/dev/null
    done) &
  done
  wait
  e=$(date +%s%N)
  printf '8 processes x %d: %.0f writes/s\n' "$writes" "$(echo "8 * $writes * 1000000000 / ($e - $s)" | bc -l)"
}

if [ -z "${ONLY_ROWS:-}" ]; then
  echo "ledger set, socket: $(time_sets "$sock")"
  echo "ledger set, TCP:    $(time_sets "$tcp")"
  echo "ledger set, TLS:    $(time_sets "$tls_url")"
  echo "ledger set, TCP then TLS in turn:"
  time_pair "$tcp" "$tls_url"
  sqlite=$dir/ledger.sqlite3
  "$bin" --ledger "$sqlite" ledger init >/dev/null
  echo "ledger set, SQLite: $(time_sets "$sqlite")"
  echo "8 writers, socket:  $(writers "$sock")"
  echo "8 writers, SQLite:  $(writers "$sqlite")"
fi

# SKIP_ROWS=1: the write figures only.
if [ -n "${SKIP_ROWS:-}" ]; then exit 0; fi

# One record per assignment of the built-in documents, then copies of them up to $rows.
"$bin" export --format json | python3 -c '
import json, sys
for t in json.load(sys.stdin)["tasks"]:
    for a in t["assignments"]:
        print(t["id"] + "\t" + a["unit"])' | while IFS=$'\t' read -r t u; do
  "$bin" --ledger "$sock" ledger set "$t" --unit "$u" --status doing --note "按计划推进" >/dev/null
done
# In batches of $batch, vacuumed between, as autovacuum would over a ledger's months: in one
# statement, each row's trigger walked past every earlier version of its pair kept by the same
# transaction (~7,000 per pair at a million; the run did not finish in 40 minutes).
read -r base last < <(sql -F ' ' -U province -d bench -c "SELECT count(*), max(id) FROM dutymatrix.history")
batch=${BATCH:-50000}
for ((from = 1; from <= rows - base; from += batch)); do
  to=$((from + batch - 1)); [ $to -gt $((rows - base)) ] && to=$((rows - base))
  sql -U province -d bench -c "
    INSERT INTO dutymatrix.history (task_key, unit, status, note)
    SELECT b.task_key, b.unit, b.status, b.note || g.g
    FROM generate_series($from, $to) AS g(g)
    JOIN (SELECT (row_number() OVER (ORDER BY id) - 1)::int AS i, task_key, unit, status, note
          FROM dutymatrix.history WHERE id <= $last) b ON b.i = g.g % $base"
  sql -U province -d bench -c "VACUUM dutymatrix.current_state"
done
sql -U province -d bench -c "VACUUM ANALYZE dutymatrix.history" -c "VACUUM ANALYZE dutymatrix.current_state"
echo "history rows: $(sql -U province -d bench -c 'SELECT count(*) FROM dutymatrix.history')"
echo "ledger show $unit, empty:      $(median 20 "$bin" --ledger "$empty" ledger show "$unit")"
echo "ledger show $unit, $rows rows: $(median 20 "$bin" --ledger "$sock" ledger show "$unit")"
echo "ledger report, empty:          $(median 20 "$bin" --ledger "$empty" ledger report)"
echo "ledger report, $rows rows:     $(median 20 "$bin" --ledger "$sock" ledger report)"
# The dashboard's first frame: it opens the ledger and reads the state in force before drawing.
frame() { RUNS=20 python3 scripts/first_frame.py "$bin" --ledger "$1"; }
echo "dashboard, empty:               $(frame "$empty")"
echo "dashboard, $rows rows:          $(frame "$sock")"
echo "dashboard, $rows rows, TLS:     $(frame "$tls_url")"
if [ -n "${SLOW_MS:-}" ]; then
  echo "statements of ${SLOW_MS} ms or more in the last runs:"
  grep -o 'duration: .*' "$dir/log" | tail -20
fi
