"""One measured start-up, in a fresh process: ``python -m bench.child kiosk|bare``.

Prints one JSON line: seconds from the process's start to the first painted frame, and
the proportional set size (PSS) then and 2.5 s later. "bare" is the floor: a PySide6
full-screen window holding one QLabel, measured the same way. "kiosk" is the real
``kiosk --content DIR`` start (the parent gives it a content folder, a state folder and
a log folder of its own).
"""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path

STARTED = time.time()  # before anything heavy is imported

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


#: When the second memory figure is taken, after the first frame.
SETTLED_MS = 2500


def pss_kib() -> int | None:
    try:
        for line in Path("/proc/self/smaps_rollup").read_text(encoding="utf-8").splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def main(kind: str) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication(sys.argv[:1])
    result: dict[str, float | int | None] = {}

    def first_frame(obj: QObject) -> bool:
        if kind == "bare":
            return obj is window
        return obj.objectName() == "AttractScreen"  # the first frame's, or the kiosk's

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint and not result and first_frame(obj):
                result["first_frame_s"] = time.time() - float(os.environ["BENCH_T0"])
                result["pss_first_kib"] = pss_kib()  # with the first frame up
                # Then once the kiosk is wholly up (before it opens the speech engine, 3 s).
                QTimer.singleShot(SETTLED_MS, finish)
            return False

    def finish() -> None:
        result["pss_kib"] = pss_kib()
        result["child_import_to_frame_s"] = result["first_frame_s"] - (
            STARTED - float(os.environ["BENCH_T0"])
        )
        print(json.dumps(result), flush=True)
        if kind == "bare":
            app.quit()
        else:
            # As systemd stops it: the kiosk ends its event loop cleanly on SIGTERM.
            signal.raise_signal(signal.SIGTERM)

    spy = FirstPaint()
    app.installEventFilter(spy)
    if kind == "bare":
        window = QLabel("KetaMD")
        window.resize(1920, 1080)
        window.showFullScreen()
        app.exec()
        return
    # The kiosk as a clinic starts it (``kiosk --content DIR``): full screen, its content
    # checked and snapshotted, its state and logs in the folders the bench gave it.
    from kiosk.cli import main as kiosk_main

    kiosk_main(["--content", os.environ["BENCH_CONTENT"]])


if __name__ == "__main__":
    main(sys.argv[1])
