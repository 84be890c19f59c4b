#!/usr/bin/env python3
"""Milliseconds from starting the dashboard to its first frame on an 80x24 terminal (the end
of the first synchronized update), median of RUNS runs. With READY=1, also to the frame of a
key typed as soon as the first frame is seen: when the dashboard answers keys (a first frame
drawn from the front of the load is followed by the whole load before any key is handled).
usage: first_frame.py PROGRAM ARGS..."""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

END = b"\x1b[?2026l"
READY = os.environ.get("READY") == "1"


def once(cmd):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    first = ready = None
    typed_at = 0
    while (ready if READY else first) is None:
        r, _, _ = select.select([fd], [], [], 30)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        seen += data
        if first is None and END in seen:
            first = (time.perf_counter() - t0) * 1000
            if READY:
                os.write(fd, b"z")
                typed_at = len(seen)
        elif first is not None and READY:
            after = seen[typed_at:]
            # The key's frame: the typed letter drawn, and its update ended.
            if b"z" in after and after.rstrip().endswith(END):
                ready = (time.perf_counter() - t0) * 1000
    os.kill(pid, signal.SIGTERM)
    _, _, usage = os.wait4(pid, 0)
    return first, ready, (usage.ru_utime + usage.ru_stime) * 1000


def line(name, times):
    times = [t for t in times if t is not None]
    if times:
        print(f"{name}: median {statistics.median(times):.1f} ms, min {min(times):.1f}, max {max(times):.1f} ({len(times)} runs)")


runs = int(os.environ.get("RUNS", "10"))
results = [once(sys.argv[1:]) for _ in range(runs)]
line("first frame", [f for f, _, _ in results])
if READY:
    line("a key's frame (typed at the first frame)", [r for _, r, _ in results])
    line("CPU (user + system) until then", [c for _, _, c in results])
