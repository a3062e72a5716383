"""The measurements behind ``python -m bench``; each returns plain numbers."""

from __future__ import annotations

import contextlib
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCREEN = (1920, 1080)
SETTLED_S = 2.5  # bench.child.SETTLED_MS


@contextlib.contextmanager
def virtual_screen(size: tuple[int, int] = SCREEN) -> Iterator[str | None]:
    """An Xvfb display (":N") on which Qt and Chromium map real windows, one screen for
    every start-up row; None where Xvfb is missing (Qt's offscreen platform, no browser)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        yield None
        return
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [xvfb, "-displayfd", str(write_end), "-screen", "0", f"{size[0]}x{size[1]}x24",
         "-nolisten", "tcp"],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    try:
        with os.fdopen(read_end) as ready:  # Xvfb writes the display's number once it is up
            number = ready.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def _qt_environment(display: str | None) -> dict[str, str]:
    if display is None:
        return {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return {**os.environ, "QT_QPA_PLATFORM": "xcb", "DISPLAY": display}


def start_up(kinds: tuple[str, ...], runs: int, display: str | None = None) -> dict[str, list]:
    """Start ``runs`` fresh processes of each of ``kinds``, one at a time and in turn (a
    bare window, then a kiosk, then a bare window again...), so that a machine that slows
    down or speeds up during the run weighs on every kind alike; on ``display`` (Qt's
    offscreen platform when None). Each kind first runs once, not counted: the first start
    on a machine also compiles bytecode and fills font and image caches.

    A kind: "bare"; "kiosk", the real ``kiosk --content DIR`` as every start after the
    first one runs (the first frame remembered); "kiosk-cold", the same with no first frame
    remembered (the first start after the clinic changed its content while the kiosk was
    off).
    """
    from kiosk.paths import bundled_content_dir

    with contextlib.ExitStack() as stack:
        folders = {
            kind: Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-start-")))
            for kind in kinds
        }
        for folder in folders.values():
            shutil.copytree(bundled_content_dir(), folder / "content")
        results: dict[str, list] = {kind: [] for kind in kinds}
        for run in range(runs + 1):
            for kind in kinds:
                measured = _start_once(kind, folders[kind], display)
                if run:
                    results[kind].append(measured)
    return results


def _start_once(kind: str, work: Path, display: str | None) -> dict[str, float]:
    from kiosk.first_frame import FILE_NAME

    env = {
        **_qt_environment(display),
        "BENCH_CONTENT": str(work / "content"),
        "KIOSK_STATE_DIR": str(work / "state"),
        "KIOSK_LOG_DIR": str(work / "log"),
        "XDG_CONFIG_HOME": str(work / "config"),  # no kiosk.yaml: no staff alerts
    }
    env.pop("KIOSK_CONFIG", None)
    if kind == "kiosk-cold":
        (work / "state" / FILE_NAME).unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "bench.child", "bare" if kind == "bare" else "kiosk"],
        cwd=ROOT,
        env={**env, "BENCH_T0": repr(time.time())},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = [ln for ln in done.stdout.splitlines() if ln.startswith("{")][-1]
    return json.loads(line)  # type: ignore[no-any-return]


def chromium() -> str | None:
    """The Chromium a clinic would otherwise run as its kiosk (Debian's ``chromium``)."""
    names = ("chromium", "chromium-browser", "google-chrome")
    return next((path for name in names if (path := shutil.which(name))), None)


# What a browser kiosk would show: a heading and a line, in the system's sans-serif. The
# page reports its first frame itself: a requestAnimationFrame callback runs before a frame
# is drawn, so the second one runs once the first frame is out.
STATIC_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>KetaMD</title>
<style>body{margin:0;height:100vh;display:flex;flex-direction:column;justify-content:center;
align-items:center;font-family:sans-serif;background:#f4f1ea;color:#1d2b36}
h1{font-size:72px;margin:0}p{font-size:36px}</style></head>
<body><h1>KetaMD</h1><p>Touch the screen to start</p>
<script>requestAnimationFrame(() => requestAnimationFrame(() =>
  fetch("/painted", {method: "POST"})));</script></body></html>"""


class _PageServer(ThreadingHTTPServer):
    painted: queue.Queue[float]


class _PageHandler(BaseHTTPRequestHandler):
    server: _PageServer

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self._answer(STATIC_PAGE, "text/html")

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.server.painted.put(time.time())
        self._answer(b"", "text/plain")

    def _answer(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # quiet: the bench prints a table


def start_up_chromium(runs: int, display: str, browser: str) -> list[dict[str, float]]:
    """Chromium ``--kiosk`` on a static page from 127.0.0.1: seconds from the process's
    start to the page's first frame, and the whole process tree's PSS then and 2.5 s later
    (as the Qt rows measure theirs). One profile for all runs, after one run not counted, as a
    browser kiosk keeps its profile from one start to the next."""
    server = _PageServer(("127.0.0.1", 0), _PageHandler)
    server.painted = queue.Queue()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    profile = Path(tempfile.mkdtemp(prefix="bench-chromium-"))
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    command = [
        browser, "--kiosk", "--no-first-run", "--no-default-browser-check", "--noerrdialogs",
        f"--user-data-dir={profile}", f"--window-size={SCREEN[0]},{SCREEN[1]}",
        "--window-position=0,0", "--password-store=basic",
    ]  # fmt: skip
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root otherwise
    results = []
    try:
        for run in range(runs + 1):
            started = time.time()
            browser_process = subprocess.Popen(
                [*command, url],
                env={**os.environ, "DISPLAY": display},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                painted = server.painted.get(timeout=120)
                pss_first = tree_pss_kib(browser_process.pid)
                time.sleep(SETTLED_S)  # as the Qt rows, once more later
                pss = tree_pss_kib(browser_process.pid)
            finally:
                _end_tree(browser_process)
            if run:
                results.append(
                    {"first_frame_s": painted - started, "pss_first_kib": pss_first, "pss_kib": pss}
                )
    finally:
        server.shutdown()
        shutil.rmtree(profile, ignore_errors=True)
    return results


def tree_pss_kib(pid: int) -> int:
    """The proportional set size of ``pid`` and all its children, in KiB (Linux)."""
    import psutil

    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += process.memory_full_info().pss // 1024
    return total


def _end_tree(process: subprocess.Popen[bytes]) -> None:
    """Stop a browser and every process it started (its zygote, GPU and renderers)."""
    import psutil

    try:
        leader = psutil.Process(process.pid)
        family = [leader, *leader.children(recursive=True)]
    except psutil.Error:
        family = []
    for member in family:
        with contextlib.suppress(psutil.Error):
            member.terminate()
    _, alive = psutil.wait_procs(family, timeout=10)
    for member in alive:
        with contextlib.suppress(psutil.Error):
            member.kill()
    process.wait(timeout=30)


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
