"""The measurements behind ``python -m bench``; each returns plain numbers."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_up(kind: str, runs: int) -> list[dict[str, float]]:
    """Start ``runs`` fresh processes of ``kind`` ("kiosk" or "bare"), one at a time."""
    results = []
    for _ in range(runs):
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BENCH_T0": repr(time.time())}
        done = subprocess.run(
            [sys.executable, "-m", "bench.child", kind],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
        results.append(json.loads(line))
    return results


def tap_to_frame(size: tuple[int, int], taps: int) -> list[float]:
    """Milliseconds from a touch on Next to the first painted frame of the next page."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtGui import QPointingDevice
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_ui
    from kiosk.loader import load_pack
    from kiosk.paths import bundled_content_dir
    from kiosk.router import Timing
    from kiosk.speech import Reader

    app = QApplication.instance() or QApplication([])
    # No deliberate animation: the fade is a choice, not a delay to measure.
    window, router = build_ui(
        load_pack(bundled_content_dir()),
        Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0),
        reader=Reader(engine="mock"),
    )
    window.resize(*size)
    window.show()
    device = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    painted: list[float] = []

    class PaintSpy(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                painted.append(time.perf_counter())
            return False

    spy = PaintSpy()
    app.installEventFilter(spy)  # any widget painting means the next frame is drawn
    router.open_screen("how-ketamine-works")
    app.processEvents()
    times = []
    for _ in range(taps):
        if router.window.stack.currentWidget() is not router.explainer:
            router.open_screen("how-ketamine-works")
            app.processEvents()
        button = router.explainer.next_button
        where = button.mapTo(window, button.rect().center())
        painted.clear()
        start = time.perf_counter()
        QTest.touchEvent(window, device).press(0, where, window).commit()
        QTest.touchEvent(window, device).release(0, where, window).commit()
        # One turn of the event loop lays out and paints everything the tap changed;
        # the frame is done when it returns.
        while not painted:
            app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    app.removeEventFilter(spy)
    window.close()
    window.deleteLater()
    app.processEvents()
    return times


def load_shipped(runs: int) -> list[float]:
    """Milliseconds to load and validate the shipped pack."""
    from kiosk.loader import load_pack
    from kiosk.paths import bundled_content_dir

    return _timed(lambda: load_pack(bundled_content_dir()), runs)


def load_generated(screens: int, runs: int) -> list[float]:
    """Milliseconds to load a generated pack of ``screens`` screens in each language."""
    from kiosk.loader import load_pack

    folder = Path(tempfile.mkdtemp(prefix="bench-pack-"))
    try:
        pack_dir = generate_pack(folder / "pack", screens)
        return _timed(lambda: load_pack(pack_dir), runs)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def generate_pack(target: Path, screens: int) -> Path:
    """The shipped pack plus ``screens`` explainers of three pages, per language."""
    from kiosk.paths import bundled_content_dir

    shutil.copytree(bundled_content_dir(), target)
    for language in ("en", "es"):
        folder = target / language / "screens"
        for number in range(screens):
            pages = "".join(
                f"  - title: Page {p} of screen {number}\n"
                "    paragraphs:\n"
                "      - A short paragraph in plain language, one idea at a time.\n"
                "      - Another paragraph, so that the page has some weight.\n"
                "    bullets:\n      - One point\n      - Another point\n"
                for p in range(1, 4)
            )
            (folder / f"generated-{number:03d}.yaml").write_text(
                "type: explainer\n"
                f"title: Generated screen {number}\n"
                f"tile: Screen {number}\n"
                "summary: A generated screen for the benchmark.\n"
                "image: images/trd.svg\n"
                f"pages:\n{pages}",
                encoding="utf-8",
            )
    return target


def _timed(work, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
