#!/usr/bin/env python3
"""Start-up of the finder to its first full frame, next to `backissues --version`, both run in a
pseudo-terminal (120x40) the same way: the clock stops when the finder's screen shows its hint row
and its result count (then Esc ends it), or when --version has printed and exited. Prints the
medians in ms and their ratio.

    bench/finder_start.py BIN INDEX [RUNS]
"""
import os
import pty
import select
import statistics
import struct
import sys
import termios
import fcntl
import time


def run(argv, done, answer_escape):
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    started = time.perf_counter()
    seen = b""
    elapsed = None
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            raise SystemExit(f"{argv}: no output for 10 s; screen so far: {seen[-400:]!r}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            elapsed = elapsed or time.perf_counter() - started
            break
        seen += chunk
        if elapsed is None and done(seen):
            elapsed = time.perf_counter() - started
            if answer_escape:
                os.write(fd, b"\x1b")
    os.waitpid(pid, 0)
    os.close(fd)
    return elapsed * 1000


def main():
    binary, index = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    finder = [binary, "--index", index, "search", "kubernetes"]
    version = [binary, "--version"]
    shown = lambda out: b"Esc quit" in out and b" links" in out
    printed = lambda out: False
    for _ in range(3):
        run(finder, shown, True)
        run(version, printed, False)
    finder_ms = statistics.median(run(finder, shown, True) for _ in range(runs))
    version_ms = statistics.median(run(version, printed, False) for _ in range(runs))
    print(f"first frame {finder_ms:.1f} ms, --version {version_ms:.1f} ms, ratio {finder_ms / version_ms:.2f}")


main()
