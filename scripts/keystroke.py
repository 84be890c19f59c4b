#!/usr/bin/env python3
"""Milliseconds from a key written to the dashboard's pty until the frame that answers it ends
(the end of its synchronized update), per key, at 80x24: what a user feels when typing.

usage: keystroke.py [--tasks] [--plain] PROGRAM ARGS...
Types 卫 健 委 ⌫ ⌫ ⌫ 发 改 委 ⌫ ⌫ ⌫ (unit search) ROUNDS times (default 5), or with --tasks
switches to task search (Ctrl-t, timed on its own) and types 人 才 ⌫ ⌫ 发 展 ⌫ ⌫. A key's time
ends with the last frame drawn before the output goes quiet for QUIET seconds (the search's
result, when it came after the key's own frame). Prints median, p90, p99 and max, and the
dashboard's peak RSS by then.

With --plain, for a program that does not mark its frames (fzf, in the same run, as the peer:
`keystroke.py --plain sh -c 'exec fzf <NAMES'`), a key's time ends with the last byte written
before the quiet, and --tasks types the task keys without Ctrl-t.
"""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

END = b"\x1b[?2026l"
QUIET = float(os.environ.get("QUIET", "0.5"))
# Before the first key: a first frame drawn from the front of the load is followed by the whole
# load's frame (over a second later at 30,000 documents); keys are timed once that is in.
START_QUIET = float(os.environ.get("START_QUIET", "2.0"))
ROUNDS = int(os.environ.get("ROUNDS", "5"))
UNIT_KEYS = ["卫", "健", "委", "\x7f", "\x7f", "\x7f", "发", "改", "委", "\x7f", "\x7f", "\x7f"]
TASK_KEYS = ["人", "才", "\x7f", "\x7f", "发", "展", "\x7f", "\x7f"]


def answer(fd, quiet, first=False, plain=False):
    """Milliseconds until the last frame end seen before `quiet` seconds of silence (with
    `first`, silence counts only after a first frame: the start may take seconds; with `plain`,
    every write ends a frame)."""
    t0 = time.perf_counter()
    last = None
    tail = b""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r and not (first and last is None):
            return last
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            return last
        if not data:
            return last
        tail = (tail + data)[-64:]
        if plain or END in tail:
            last = (time.perf_counter() - t0) * 1000
            tail = b""


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    args = sys.argv[1:]
    tasks = "--tasks" in args
    plain = "--plain" in args
    cmd = [a for a in args if a not in ("--tasks", "--plain")]
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    answer(fd, START_QUIET, first=True, plain=plain)  # the first frames, whatever they take
    switch = []
    times = []
    switching = tasks and not plain
    for _ in range(ROUNDS):
        if switching:
            os.write(fd, b"\x14")  # Ctrl-t: to task search
            switch.append(answer(fd, QUIET, first=True))
        for k in TASK_KEYS if tasks else UNIT_KEYS:
            os.write(fd, k.encode())
            t = answer(fd, QUIET, first=True, plain=plain)
            if t is not None:
                times.append(t)
        if switching:
            os.write(fd, b"\x14")  # back to unit search
            answer(fd, QUIET)
    peak = "?"
    try:
        with open(f"/proc/{pid}/status") as f:
            peak = next(l.split()[1] for l in f if l.startswith("VmHWM")) + " KB"
    except (OSError, StopIteration):
        pass
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    if os.environ.get("VERBOSE"):
        print("keys:", " ".join(f"{t:.1f}" for t in times), "switch:", switch)
    what = "task" if tasks else "unit"
    print(f"{what} keystroke: median {statistics.median(times):.1f} ms, p90 {pct(times, 90):.1f}, "
          f"p99 {pct(times, 99):.1f}, max {max(times):.1f} ({len(times)} keys); peak RSS {peak}")
    if switching:
        s = [t for t in switch if t is not None]
        print(f"Ctrl-t: first {s[0]:.1f} ms, then median {statistics.median(s[1:] or s):.1f} ms")


main()
