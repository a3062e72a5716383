"""Hot reload: notice edits to the content folder, validate them off the GUI thread, and
hand over a new pack only when it is valid.

Editors and sync tools (git, Syncthing, a network share) write a pack in several steps,
so the watcher waits until the folder has been still for ``settle_ms`` before it reads.
It polls a cheap fingerprint (names, sizes and modification times) instead of relying on
file-system notifications, which miss atomic renames and do not work on every network
share.

Nothing here touches the folder on the GUI thread. The folder is often a network share or
a OneDrive folder, where one ``stat`` can block for minutes while the share is offline,
and the screen must keep answering patients meanwhile. Each look (a fingerprint) runs on
its own thread, validation on a worker thread; both answer through queued Qt signals. At
most one look runs at a time: while one hangs, the polls skip, and the watcher says once
that the folder does not answer (``folder_unresponsive``) and once that it answers again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from kiosk.errors import ContentErrors
from kiosk.loader import ContentPack
from kiosk.validation import load_for_showing

log = logging.getLogger(__name__)

Fingerprint = tuple[tuple[str, int, int], ...]
MAX_FILES = 2000
# A look that has not answered after this long is reported (once); a slow share can
# take a few seconds on a good day.
UNRESPONSIVE_AFTER_MS = 10_000
# File-system clocks are coarse (FAT keeps 2 s, Linux a clock tick): a file written just
# after the watcher was made may carry a time slightly before it.
MTIME_ALLOWANCE_NS = 2_000_000_000


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


def _look_in_background(
    scan: Callable[[Path], Fingerprint], folder: Path, answer: Callable[[object], object]
) -> None:
    """Runs on a look's own thread: it reads the folder and answers, nothing else."""
    try:
        result: Fingerprint | None = scan(folder)
    except Exception as exc:  # noqa: BLE001 - a failed look is reported, never fatal
        log.warning(
            "could not look at the content folder %s (%s: %s)", folder, type(exc).__name__, exc
        )
        result = None
    # RuntimeError: the watcher was deleted while the folder kept us waiting.
    with contextlib.suppress(RuntimeError):
        answer(result)


class ContentWatcher(QObject):
    """Watches one content folder.

    Signals:
        pack_ready(object): a changed pack was read and is valid (a ContentPack).
        pack_rejected(list): a changed pack has problems (a list of "FILE:LINE: ..." lines).
        folder_unresponsive(bool): True once a look at the folder has not answered for
            ``unresponsive_ms``; False when it answers again.
    """

    pack_ready = Signal(object)
    pack_rejected = Signal(list)
    folder_unresponsive = Signal(bool)
    _finished = Signal(object)
    _looked = Signal(object)  # a Fingerprint, or None when the look failed

    def __init__(
        self,
        folder: Path,
        poll_ms: int = 2000,
        settle_ms: int = 1500,
        loader: Callable[[Path], ContentPack] = load_for_showing,
        scan: Callable[[Path], Fingerprint] = fingerprint,
        unresponsive_ms: int = UNRESPONSIVE_AFTER_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.folder = Path(folder)
        self._loader = loader
        self._scan = scan
        self._unresponsive_after_s = unresponsive_ms / 1000
        # The kiosk read its content just before: files written from now on are changes,
        # even when the first look, answering late, already sees them.
        self._watching_since_ns = time.time_ns()
        self._seen: Fingerprint | None = None  # no baseline until the first look answers
        self._changed_to: Fingerprint | None = None
        self._look_began: float | None = None  # time.monotonic(); None: no look running
        self._look_confirms = False  # the running look began after the folder was still
        self._settle_due = False  # the folder looked still for settle_ms: confirm it
        self._look_again = False  # asked for while a look was running
        self._unresponsive = False
        self._stopped = False
        self._poll = QTimer(self)
        self._poll.setInterval(poll_ms)
        self._poll.timeout.connect(self.check_now)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(settle_ms)
        self._settle.timeout.connect(self._settled)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="content-check")
        self._running: Future[object] | None = None
        # Signals emitted from the worker threads arrive on the GUI thread (queued).
        self._finished.connect(self._deliver)
        self._looked.connect(self._on_looked, Qt.ConnectionType.QueuedConnection)
        self._start_look()  # the baseline

    @property
    def responding(self) -> bool:
        """False while a look at the folder has not answered for ``unresponsive_ms``."""
        return not self._unresponsive

    def start(self) -> None:
        self._poll.start()

    def stop(self) -> None:
        """Stop watching; returns at once even while a look hangs (its answer is ignored)."""
        self._stopped = True
        self._poll.stop()
        self._settle.stop()
        self._executor.shutdown(wait=True, cancel_futures=True)

    def check_now(self) -> None:
        """Look at the folder once (the poll timer calls this); never waits for it.

        A look never starts beside one still running (a hung share would pile them up):
        the folder is looked at again as soon as the running look answers.
        """
        if self._stopped:
            return
        if self._look_began is not None:
            self._look_again = True
            self._report_if_unresponsive()
            return
        self._start_look()

    def _start_look(self) -> None:
        self._look_began = time.monotonic()
        self._look_confirms, self._settle_due = self._settle_due, False
        self._look_again = False
        # A plain daemon thread per look, not an executor: a look at an offline share can
        # block for minutes or for ever, and concurrent.futures joins its threads when the
        # interpreter exits, so one stuck look would keep the kiosk from ever exiting. A
        # stuck daemon thread is simply left behind. Looks run one at a time, at most one
        # per poll, so a thread each costs nothing that matters.
        threading.Thread(
            target=_look_in_background,
            args=(self._scan, self.folder, self._looked.emit),
            name="content-scan",
            daemon=True,
        ).start()

    def _on_looked(self, current: Fingerprint | None) -> None:
        confirms = self._look_confirms
        self._look_finished()
        if self._stopped:
            return
        if current is not None:
            if self._seen is None:
                self._seen = self._baseline(current)
            self._compare(current, confirms)
        elif confirms:
            self._restart_settle()  # stillness not confirmed: try again later
        if self._look_again:
            self._start_look()

    def _look_finished(self) -> None:
        began = self._look_began
        self._look_began = None
        if self._unresponsive and began is not None:
            self._unresponsive = False
            log.info(
                "the content folder %s answers again (after %.0f s)",
                self.folder,
                time.monotonic() - began,
            )
            self.folder_unresponsive.emit(False)

    def _report_if_unresponsive(self) -> None:
        """Said once per hang, not at every poll it makes us skip."""
        assert self._look_began is not None
        waited = time.monotonic() - self._look_began
        if self._unresponsive or waited < self._unresponsive_after_s:
            return
        self._unresponsive = True
        log.warning(
            "the content folder %s has not answered for %.0f s (an offline share?); "
            "the kiosk keeps its content and looks again when the folder answers",
            self.folder,
            waited,
        )
        self.folder_unresponsive.emit(True)

    def _baseline(self, first_look: Fingerprint) -> Fingerprint:
        """What the folder held when watching began, as far as the first look can tell.

        The first look may answer long after the kiosk read its content (a slow share); a
        file written meanwhile is a change, not part of the baseline. Left out of it, the
        first look counts as a change and is settled and validated like any other.
        (A file deleted meanwhile leaves no trace, and is noticed with the next edit.)
        """
        written_before = self._watching_since_ns - MTIME_ALLOWANCE_NS
        return tuple(entry for entry in first_look if entry[2] < written_before)

    def _compare(self, current: Fingerprint, confirms: bool) -> None:
        if current == self._changed_to:
            if confirms:
                self._validate_change()
        elif current == self._seen:
            self._changed_to = None  # the change was undone before it settled
            self._settle.stop()
            self._settle_due = False
        else:
            self._changed_to = current
            self._restart_settle()  # wait for the writer to finish

    def _settled(self) -> None:
        """Still for settle_ms, as far as the last look knew: one more look confirms it."""
        self._settle_due = True
        self.check_now()

    def _restart_settle(self) -> None:
        self._settle_due = False
        self._settle.start()

    def _validate_change(self) -> None:
        if self._running is not None and not self._running.done():
            self._restart_settle()  # the previous check is still running
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
