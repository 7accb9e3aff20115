#!/usr/bin/env python3
"""median-ms.py REPS CMD [ARG...]: runs CMD REPS times (output discarded) and prints the median
wall time in milliseconds. Each run is one posix_spawn + waitpid timed with a monotonic clock, so
the timer adds well under a millisecond (a shell calling `date` around each run adds several)."""
import os
import statistics
import sys
import time

reps = int(sys.argv[1])
argv = sys.argv[2:]
devnull = os.open(os.devnull, os.O_WRONLY)
actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
times = []
for _ in range(reps):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
    os.waitpid(pid, 0)
    times.append((time.perf_counter_ns() - start) / 1e6)
print(f"{statistics.median(times):.3f}")
