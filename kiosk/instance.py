"""One kiosk at a time for each user: a second full-screen kiosk would cover the first.

A lock file in the state folder (``QLockFile``: atomic, and a lock left by a process that
died is taken over, on Windows and Linux alike). It is held for the life of the process.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLockFile

from kiosk.paths import state_dir

LOCK_FILE = "kiosk.lock"


class AlreadyRunning(Exception):
    """Another kiosk of this user holds the lock; the message says which."""


def claim_the_screen(folder: Path | None = None) -> QLockFile:
    """Take the one-kiosk lock and return it (keep it for as long as the kiosk runs).

    Raises:
        AlreadyRunning: another kiosk of this user is running.
    """
    folder = folder or state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(folder / LOCK_FILE))
    # Never "stale" by age: a kiosk runs for months. A lock whose process is gone is
    # still taken over (QLockFile checks the process id).
    lock.setStaleLockTime(0)
    if lock.tryLock(0):
        return lock
    info = lock.getLockInfo()  # (pid, host, application), or False when unreadable
    owner = f" (process {info[0]})" if isinstance(info, tuple) and info and info[0] else ""
    raise AlreadyRunning(
        f"Another kiosk is already running for this user{owner}; not starting a second "
        "one. Stop it first (staff panel → Exit, or: systemctl --user stop ketamd-kiosk)."
    )
