"""One measured start-up, in a fresh process: ``python -m bench.child kiosk|bare``.

Prints one JSON line: seconds from the process's start to the first painted frame, and
the proportional set size (PSS) once the first frame is up. "bare" is the floor: a
PySide6 full-screen window holding one QLabel, measured the same way.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

STARTED = time.time()  # before anything heavy is imported

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
    from PySide6.QtWidgets import QApplication, QLabel, QWidget

    app = QApplication(sys.argv[:1])
    if kind == "bare":
        window: QWidget = QLabel("KetaMD")
        watched: QWidget = window
    else:
        from kiosk.app import build_ui
        from kiosk.loader import load_pack
        from kiosk.paths import bundled_content_dir

        window, router = build_ui(load_pack(bundled_content_dir()))
        watched = router.attract
    result: dict[str, float | int | None] = {}

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if obj is watched and event.type() == QEvent.Type.Paint and not result:
                result["first_frame_s"] = time.time() - float(os.environ["BENCH_T0"])
                QTimer.singleShot(300, finish)  # let the first frame settle, then measure
            return False

    def finish() -> None:
        result["pss_kib"] = pss_kib()
        result["child_import_to_frame_s"] = result["first_frame_s"] - (
            STARTED - float(os.environ["BENCH_T0"])
        )
        print(json.dumps(result), flush=True)
        app.quit()

    spy = FirstPaint()
    watched.installEventFilter(spy)
    window.resize(1920, 1080)
    window.showFullScreen()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
