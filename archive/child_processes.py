"""Forked worker processes that never outlive the process that forked them
(an import's extraction workers, a rebuild's index writers).

A process killed with SIGKILL runs no clean-up of any kind, and nothing tells
its workers: each holds open the pipes the others read from, so they wait on
for minutes, with their memory and whatever lock they inherited.
"""

import ctypes
import os
import signal
import threading
import time

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def die_with_parent(parent: int) -> None:
    """Run first thing in a forked worker: be killed when ``parent`` dies.

    On Linux the kernel does it (``PR_SET_PDEATHSIG``); elsewhere a thread
    looks for the parent every second. A parent that died between the fork
    and this call never triggers either, so that case exits at once."""
    try:
        linked = ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        linked = False
    if os.getppid() != parent:
        os._exit(1)
    if not linked:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)
