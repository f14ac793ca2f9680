#!/usr/bin/env python3
"""Times writing a file of MB megabytes in 1 MB writes, as a run writes its
tables: wall, system and user time. With `drop`, every 64 MB the pages
more than 256 MB behind the end are dropped from the page cache
(posix_fadvise DONTNEED), as sourcefacts' writeback does past its budget.

    scripts/write-cost.py plain 12000 /tmp/w1    # into whatever pages the kernel hands out
    rm /tmp/w1; scripts/write-cost.py plain 12000 /tmp/w2   # into pages just freed
    scripts/write-cost.py drop 12000 /tmp/w3

On a virtual machine whose host backs guest pages at first touch, the
first form costs several times the others (docs/PERFORMANCE.md, session
31). Run `drop` before `plain` when comparing: a file deleted before the
next run hands its pages to it.
"""
import os
import resource
import sys
import time

mode, mb, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if mode not in ("plain", "drop"):
    sys.exit("mode: plain or drop")
buf = b"x" * (1 << 20)
fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
t0, r0 = time.time(), resource.getrusage(resource.RUSAGE_SELF)
for i in range(mb):
    os.write(fd, buf)
    if mode == "drop" and i % 64 == 63 and i > 256:
        os.posix_fadvise(fd, 0, (i - 256) << 20, os.POSIX_FADV_DONTNEED)
os.close(fd)
r1 = resource.getrusage(resource.RUSAGE_SELF)
print(f"{mode} {mb} MB: wall {time.time() - t0:.2f} s, "
      f"sys {r1.ru_stime - r0.ru_stime:.2f} s, user {r1.ru_utime - r0.ru_utime:.2f} s")
