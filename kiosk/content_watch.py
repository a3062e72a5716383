"""Hot reload: notice edits to the content folder, validate them off the GUI thread, and
hand over a new pack only when it is valid.

Editors and sync tools (git, Syncthing, a network share) write a pack in several steps,
so the watcher waits until the folder has been still for ``settle_ms`` before it reads.
It polls a cheap fingerprint (names, sizes and modification times) instead of relying on
file-system notifications, which miss atomic renames and do not work on every network
share. Validation runs on a worker thread; the result comes back as a Qt signal.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.errors import ContentErrors
from kiosk.loader import ContentPack
from kiosk.validation import load_for_showing

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
MAX_FILES = 2000


def fingerprint(folder: Path) -> Fingerprint:
    """(relative path, size, mtime) of every file under ``folder``; cheap to compare."""
    entries: list[tuple[str, int, int]] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue  # removed while we looked: the next poll sees it
            entries.append((os.path.relpath(path, folder), stat.st_size, stat.st_mtime_ns))
            if len(entries) >= MAX_FILES:
                return tuple(entries)
    return tuple(entries)


class ContentWatcher(QObject):
    """Watches one content folder.

    Signals:
        pack_ready(object): a changed pack was read and is valid (a ContentPack).
        pack_rejected(list): a changed pack has problems (a list of "FILE:LINE: ..." lines).
    """

    pack_ready = Signal(object)
    pack_rejected = Signal(list)
    _finished = Signal(object)

    def __init__(
        self,
        folder: Path,
        poll_ms: int = 2000,
        settle_ms: int = 1500,
        loader: Callable[[Path], ContentPack] = load_for_showing,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._loader = loader
        self._seen = fingerprint(self.folder)
        self._changed_to: Fingerprint | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.check_now)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._settled)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-check")
        self._running: Future[object] | None = None
        # Signals emitted from the worker thread arrive on the GUI thread (queued).
        self._finished.connect(self._deliver)

    def start(self) -> None:
        self._poll.start()

    def stop(self) -> None:
        self._poll.stop()
        self._settle.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def check_now(self) -> None:
        """Look at the folder once (the poll timer calls this)."""
        current = fingerprint(self.folder)
        if current != self._seen and current != self._changed_to:
            self._changed_to = current
            self._settle.start()  # wait for the writer to finish

    def _settled(self) -> None:
        if fingerprint(self.folder) != self._changed_to:
            self._settle.start()  # still being written
            return
        if self._running is not None and not self._running.done():
            self._settle.start()  # the previous check is still running
            return
        assert self._changed_to is not None
        self._seen, self._changed_to = self._changed_to, None
        self._running = self._executor.submit(self._validate)

    def _validate(self) -> object:
        try:
            # Checked, drawn and snapshotted now, from the files just read, before anyone
            # edits again: the pack that comes back shows its snapshot.
            result: object = self._loader(self.folder)
        except ContentErrors as exc:
            result = [str(error) for error in exc.errors]
        except Exception as exc:  # noqa: BLE001 - a broken pack must never crash the kiosk
            result = [f"{self.folder}: could not be read ({type(exc).__name__}: {exc})"]
        self._finished.emit(result)
        return result

    def _deliver(self, result: object) -> None:
        if isinstance(result, ContentPack):
            log.info("content in %s changed and is valid", self.folder)
            self.pack_ready.emit(result)
        else:
            problems = list(result) if isinstance(result, list) else [str(result)]
            log.warning(
                "content in %s changed but has %d problems; keeping the last good content:\n%s",
                self.folder,
                len(problems),
                "\n".join(problems[:20]),
            )
            self.pack_rejected.emit(problems)
