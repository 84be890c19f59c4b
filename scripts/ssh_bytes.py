#!/usr/bin/env python3
"""Bytes a program writes to an 80x24 terminal for the fixed key sequence
卫 健 委 ⌫ ⌫ ⌫ 发 改 委 ↓ ↓, key by key: what each keystroke costs over SSH.

usage: ssh_bytes.py [--json] -- PROGRAM ARGS...   (stdin of the program: --stdin FILE)
Each key is sent once the previous one's output has gone quiet (QUIET seconds).
"""
import fcntl, json, os, pty, select, signal, struct, sys, termios, time

KEYS = [("卫", "卫"), ("健", "健"), ("委", "委"), ("⌫", "\x7f"), ("⌫", "\x7f"), ("⌫", "\x7f"),
        ("发", "发"), ("改", "改"), ("委", "委"), ("↓", "\x1b[B"), ("↓", "\x1b[B")]
QUIET = float(os.environ.get("QUIET", "0.4"))


def drain(fd, quiet):
    """Bytes read until nothing more comes for `quiet` seconds."""
    got = 0
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return got
        try:
            data = os.read(fd, 65536)
        except OSError:
            return got
        if not data:
            return got
        got += len(data)


def main():
    args = sys.argv[1:]
    as_json = "--json" in args
    stdin_file = None
    if "--stdin" in args:
        stdin_file = args[args.index("--stdin") + 1]
    cmd = args[args.index("--") + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        if stdin_file:
            # fzf reads its list from stdin and its keys from /dev/tty.
            f = os.open(stdin_file, os.O_RDONLY)
            os.dup2(f, 0)
        os.environ["TERM"] = "xterm-256color"
        os.environ.pop("NO_COLOR", None)
        os.execvp(cmd[0], cmd)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    start = drain(fd, 1.0)
    per_key = []
    for label, seq in KEYS:
        os.write(fd, seq.encode())
        per_key.append((label, drain(fd, QUIET)))
    idle = drain(fd, 1.0)
    os.kill(pid, signal.SIGTERM)
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    total = sum(n for _, n in per_key)
    if as_json:
        print(json.dumps({"startup": start, "keys": per_key, "total": total, "idle": idle}))
    else:
        print(f"startup {start} B; keys " + " ".join(f"{l}:{n}" for l, n in per_key)
              + f"; total {total} B, mean {total / len(per_key):.0f} B/key; idle {idle} B")


main()
