#!/usr/bin/env python3
"""Milliseconds from starting the dashboard to its first frame on an 80x24 terminal (the end
of the first synchronized update), median of RUNS runs. usage: first_frame.py PROGRAM ARGS..."""
import fcntl, os, pty, select, signal, statistics, struct, sys, termios, time

END = b"\x1b[?2026l"


def once(cmd):
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen = b""
    elapsed = None
    while elapsed is None:
        r, _, _ = select.select([fd], [], [], 30)
        if not r:
            break
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        seen += data
        if END in seen:
            elapsed = (time.perf_counter() - t0) * 1000
    os.kill(pid, signal.SIGTERM)
    os.waitpid(pid, 0)
    return elapsed


runs = int(os.environ.get("RUNS", "10"))
times = [t for t in (once(sys.argv[1:]) for _ in range(runs)) if t is not None]
print(f"first frame: median {statistics.median(times):.1f} ms, min {min(times):.1f}, max {max(times):.1f} ({len(times)} runs)")
