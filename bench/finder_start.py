#!/usr/bin/env python3
"""Start-up of the finder, next to `backissues --version`, both run in a pseudo-terminal (120x40)
the same way: for the finder, the time to its first frame (the prompt and the hint row drawn,
ready for typing) and to its first links (the result count shown), then Esc ends it; for
--version, the time until it has printed and exited. Prints the medians in ms and the ratios.

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


def run(argv, marks, answer_escape):
    """Runs argv in a pty; the ms at which each of `marks` (byte strings) first showed, or at the
    end of the output when `marks` is empty."""
    pid, fd = pty.fork()
    if pid == 0:
        # The size is set before the program starts, as a terminal's is (with a 0x0 terminal
        # crossterm falls back to running `tput`).
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        os.execv(argv[0], argv)
    started = time.perf_counter()
    seen = b""
    times = {}
    while True:
        ready, _, _ = select.select([fd], [], [], 10)
        if not ready:
            raise SystemExit(f"{argv}: no output for 10 s; screen so far: {seen[-400:]!r}")
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            break
        seen += chunk
        now = time.perf_counter() - started
        for mark in marks:
            if mark not in times and mark in seen:
                times[mark] = now * 1000
        if marks and len(times) == len(marks) and answer_escape:
            answer_escape = False
            os.write(fd, b"\x1b")
    end = (time.perf_counter() - started) * 1000
    os.waitpid(pid, 0)
    os.close(fd)
    return [times.get(mark, end) for mark in marks] or [end]


def main():
    binary, index = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    finder = [binary, "--index", index, "search", "kubernetes"]
    version = [binary, "--version"]
    marks = [b"Esc quit", b" links"]
    for _ in range(3):
        run(finder, marks, True)
        run(version, [], False)
    finder_runs = [run(finder, marks, True) for _ in range(runs)]
    version_ms = statistics.median(run(version, [], False)[0] for _ in range(runs))
    frame_ms = statistics.median(r[0] for r in finder_runs)
    links_ms = statistics.median(r[1] for r in finder_runs)
    print(
        f"first frame {frame_ms:.1f} ms, first links {links_ms:.1f} ms, --version {version_ms:.1f} ms, "
        f"ratio {frame_ms / version_ms:.2f}, links ratio {links_ms / version_ms:.2f}"
    )


main()
