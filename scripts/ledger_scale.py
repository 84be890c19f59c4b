#!/usr/bin/env python3
"""The ledger at scale (issue 22): called by scripts/bench-ledger.sh when DOCS is set.

  ledger_scale.py make BIN LEDGER ROWS PAIRS DOC_ARGS...   a ledger of ROWS history rows over PAIRS
                                                           (task, unit) pairs of the documents
  ledger_scale.py time BIN LEDGER RUNS SETS DOC_ARGS...    show, report, set p50/p99, 8 writers

LEDGER of `time` may be a server's (postgresql://…, the same rows put there by `ledger import`);
EMPTY then names an empty ledger on the same server, and the runs with no ledger are left out.

`make` starts from `BIN ledger init` and writes the rows with python's sqlite3 in one
transaction, each sealed onto the hash chain as dutymatrix seals it (crates/ledger/src/sqlite/
chain.rs). Pairs are assignments of the generated documents, drawn with a fixed seed; every pair
gets a first row, then rows fall on pairs at random: a status (and a note half the time), and
one row in fifty an undo of the pair's newest row still in force. A schema-2 ledger keeps its
`pairs` index; from schema 3 on the history's trigger keeps `in_force`.
"""
import hashlib, json, os, random, sqlite3, statistics, struct, subprocess, sys, time
from concurrent.futures import ThreadPoolExecutor


def seal(prev, values):
    h = hashlib.sha256(prev + b"history\0")
    for v in values:
        if v is None:
            h.update(b"\0")
        elif isinstance(v, int):
            h.update(b"\1" + struct.pack(">q", v))
        else:
            b = v.encode()
            h.update(b"\3" + struct.pack(">Q", len(b)) + b)
    return h.digest()


def fingerprint(title):
    """crates/ledger/src/link.rs: FNV-1a of the letters and digits, lower-cased."""
    h = 0xCBF29CE484222325
    for c in title:
        if not c.isalnum():
            continue
        for b in c.lower().encode():
            h ^= b
            h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{h:016x}"


def model(bin_, docs):
    out = subprocess.run([bin_, *docs, "export", "--format", "json"], capture_output=True, check=True)
    return json.loads(out.stdout)["tasks"]


def pairs_of(tasks, n):
    pairs = [(t["id"], a["unit"]) for t in tasks for a in t["assignments"]]
    rng = random.Random(22)
    rng.shuffle(pairs)
    return pairs[:n], len(pairs)


def make(bin_, ledger, rows, npairs, docs):
    subprocess.run([bin_, "--ledger", ledger, "ledger", "init"], capture_output=True, check=True)
    tasks = model(bin_, docs)
    by_id = {t["id"]: t for t in tasks}
    pairs, total = pairs_of(tasks, npairs)
    c = sqlite3.connect(ledger)
    who = c.execute("SELECT login FROM member_events WHERE supervisor = 1 ORDER BY id LIMIT 1").fetchone()[0]
    uid = os.getuid()
    keys = {}
    for task_id, _ in pairs:
        if task_id in keys:
            continue
        t = by_id[task_id]
        title = t["title_simplified"]
        cur = c.execute(
            "INSERT INTO task_keys (document, task_id, number, fingerprint, title) VALUES (?, ?, ?, ?, ?)",
            (t["document"], task_id, t["number"], fingerprint(title), title),
        )
        keys[task_id] = (cur.lastrowid, t["document"], task_id, t["number"], fingerprint(title), title)
    has_pairs = c.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'pairs'").fetchone()[0]
    if has_pairs:
        c.executemany("INSERT OR IGNORE INTO pairs (task_key, unit) VALUES (?, ?)",
                      [(keys[t][0], u) for t, u in pairs])
    last = c.execute("SELECT coalesce(max(id), 0) FROM history").fetchone()[0]
    prev = bytes(32)
    rng = random.Random(1)
    live = {}
    statuses = ["todo", "doing", "done", "paused"]
    batch = []
    t0 = 1735689600  # 2025-01-01
    for n in range(rows):
        pair = pairs[n] if n < len(pairs) else pairs[rng.randrange(len(pairs))]
        k = keys[pair[0]]
        stack = live.setdefault(pair, [])
        undoes = status = note = note_date = None
        if stack and rng.random() < 0.02:
            undoes = stack.pop()
        else:
            status = rng.choice(statuses)
            if rng.random() < 0.5:
                note, note_date = f"按计划推进，第{n}次报送", "2025-06-30"
        last += 1
        if undoes is None:
            stack.append(last)
        at = time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime(t0 + n))
        values = [last, k[0], k[1], k[2], k[3], k[4], k[5], pair[1], status, note, note_date, who, uid, at, undoes]
        prev = seal(prev, values)
        batch.append((last, k[0], pair[1], status, note, note_date, who, uid, at, undoes, prev))
    c.executemany(
        """INSERT INTO history (id, task_key, unit, status, note, note_date, who, uid, at, undoes, chain)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", batch)
    c.commit()
    c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    got = c.execute("SELECT count(*), count(DISTINCT task_key || '/' || unit) FROM history").fetchone()
    print(f"ledger: {got[0]} history rows over {got[1]} pairs ({len(keys)} task keys) of {total} assignments; "
          f"{os.path.getsize(ledger) / 1e6:.0f} MB")


def timed(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True)
    ms = (time.perf_counter() - t) * 1000
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr.decode(errors='replace')}")
    return ms


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def measure(bin_, ledger, runs, sets, docs):
    tasks = model(bin_, docs)
    pairs, _ = pairs_of(tasks, 100_000)
    counts = {}
    for _, u in pairs:
        counts[u] = counts.get(u, 0) + 1
    unit = max(counts, key=counts.get)
    # A task with history: one of the pairs the ledger was made with.
    task = sorted(pairs)[len(pairs) // 2][0]
    base = [bin_, *docs]
    server = "://" in ledger
    if server:
        # A server ledger: no file beside it; EMPTY names an empty ledger on the same server.
        none, empty = None, os.environ.get("EMPTY")
    else:
        none = ledger + ".none"
        # The floor: a ledger made and never written to.
        empty = ledger + ".empty"
        for stale in (empty, empty + "-wal", empty + "-shm"):
            if os.path.exists(stale):
                os.remove(stale)
        subprocess.run(base + ["--ledger", empty, "ledger", "init"], check=True, capture_output=True)
    runs_of = [
        (f"ledger show {unit}, no ledger", none, ["ledger", "show", unit]),
        (f"ledger show {unit}, empty ledger", empty, ["ledger", "show", unit]),
        (f"ledger show {unit}", ledger, ["ledger", "show", unit]),
        ("ledger show TASK, no ledger", none, ["ledger", "show", task]),
        ("ledger show TASK", ledger, ["ledger", "show", task]),
        ("ledger history TASK", ledger, ["ledger", "history", task]),
        ("ledger report, no ledger", none, ["ledger", "report"]),
        ("ledger report, empty ledger", empty, ["ledger", "report"]),
        ("ledger report", ledger, ["ledger", "report"]),
    ]
    for label, cmd in [(l, base + ["--ledger", at] + c) for l, at, c in runs_of if at]:
        timed(cmd)
        xs = [timed(cmd) for _ in range(runs)]
        print(f"{label:48} median {statistics.median(xs):8.1f} ms  min {min(xs):8.1f}  ({runs} runs)")
    rng = random.Random(7)

    def one_set(_):
        task, u = pairs[rng.randrange(len(pairs))]
        return timed(base + ["--ledger", ledger, "ledger", "set", task, "--unit", u,
                             "--status", "doing", "--note", "按计划推进"])

    xs = [one_set(i) for i in range(sets)]
    print(f"{'ledger set, one writer':48} p50 {pct(xs, 50):8.1f} ms  p99 {pct(xs, 99):8.1f}  max {max(xs):.1f} ({sets} writes)")
    t = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        ys = list(pool.map(one_set, range(sets)))
    wall = time.perf_counter() - t
    print(f"{'ledger set, 8 writers at once':48} {sets / wall:8.1f} writes/s  p50 {pct(ys, 50):.1f} ms  p99 {pct(ys, 99):.1f} ({sets} writes)")


if __name__ == "__main__":
    what, bin_, ledger = sys.argv[1:4]
    if what == "make":
        make(bin_, ledger, int(sys.argv[4]), int(sys.argv[5]), sys.argv[6:])
    else:
        measure(bin_, ledger, int(sys.argv[4]), int(sys.argv[5]), sys.argv[6:])
