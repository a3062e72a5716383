"""The kiosk's log: a rotating file in the platform's log folder, never patient data.

Only events go to the log (started, content reloaded, a staff alert sent, a fault with
its traceback). Answers and scores are never logged: they exist only in
:class:`kiosk.session.Session`.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from kiosk.errors import printable
from kiosk.paths import log_dir

LOG_FILE = "kiosk.log"
MAX_BYTES = 1_000_000
BACKUPS = 5

log = logging.getLogger("kiosk")


class EscapingFormatter(logging.Formatter):
    """One log line per event: a newline or a direction override in a message (a file
    name, a value from a content file) is written as an escape, so that it cannot forge a
    line of its own. Tracebacks keep their lines."""

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        safe = logging.makeLogRecord(record.__dict__)
        safe.message = printable(record.message)
        return super().formatMessage(safe)


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log file that only the kiosk's own user can read (0600).

    The log names staff-alert destinations and delivery outcomes; on a shared PC it must
    not be readable by every account.
    """

    def _open(self):  # type: ignore[no-untyped-def]  # logging's own signature
        descriptor = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        _make_private(Path(self.baseFilename), 0o600)  # one made before this version
        return open(descriptor, "a", encoding=self.encoding, errors=self.errors)  # noqa: SIM115


def _make_private(path: Path, mode: int) -> None:
    try:
        os.chmod(path, mode)  # on Windows this only sets read-only; the profile is private
    except OSError:
        log.warning("could not make %s private", path)


def configure_logging(folder: Path | None = None) -> Path:
    """Log to a rotating file (about 6 MB at most on disk) in a folder only the kiosk's
    user can read; return its path."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    _make_private(folder, 0o700)
    path = folder / LOG_FILE
    handler = PrivateFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    handler.setFormatter(EscapingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "_kiosk", False)]:
        root.removeHandler(old)
        old.close()
    handler._kiosk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return path


#: More faults than this within the window is a storm: resets do not help any more.
STORM_FAULTS = 5
STORM_WINDOW_S = 60.0


class FaultHandler:
    """Turns an exception in any slot or event handler into a log entry and a reset.

    PySide reports exceptions raised in slots and virtual methods through
    ``sys.excepthook`` and carries on; this hook logs them and calls ``recover`` (the
    router's reset), so a bug shows the patient the attract loop, never a traceback.

    A fault that comes back at once (a paint that fails on every frame) would reset the
    kiosk hundreds of times a second and fill the log: after ``STORM_FAULTS`` faults
    within ``STORM_WINDOW_S`` the handler calls ``on_storm`` once (the kiosk rests, then
    exits for its supervisor to start it afresh), logs that once, and stays quiet after.
    """

    def __init__(
        self,
        recover: Callable[[], None],
        on_storm: Callable[[], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
        storm_faults: int = STORM_FAULTS,
        storm_window_s: float = STORM_WINDOW_S,
    ) -> None:
        self._recover = recover
        self._on_storm = on_storm
        self._clock = clock
        self._storm_faults = storm_faults
        self._storm_window_s = storm_window_s
        self._recent: deque[float] = deque()
        self._previous = sys.excepthook
        self._busy = threading.Lock()
        self.faults = 0
        self.resting = False

    def install(self) -> None:
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        sys.excepthook = self._previous

    def handle(
        self,
        kind: type[BaseException],
        value: BaseException,
        traceback: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            self._previous(kind, value, traceback)
            return
        self.faults += 1
        if self.resting:
            return  # already said once; the kiosk is on its way out
        now = self._clock()
        self._recent.append(now)
        while self._recent and now - self._recent[0] > self._storm_window_s:
            self._recent.popleft()
        if self._on_storm is not None and len(self._recent) > self._storm_faults:
            self.resting = True
            log.error(
                "%d faults in %.0f s: the kiosk rests and will restart; the last one:",
                len(self._recent), now - self._recent[0], exc_info=(kind, value, traceback),
            )  # fmt: skip
            self._on_storm()
            return
        log.error("fault; resetting the kiosk", exc_info=(kind, value, traceback))
        if not self._busy.acquire(blocking=False):
            return  # the reset itself failed: do not loop
        try:
            self._recover()
        except Exception:
            log.exception("the reset after a fault failed too")
        finally:
            self._busy.release()
