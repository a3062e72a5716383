"""Helpers that act on the UI as a person would: real touch events and real clicks."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage, QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QWidget

_touchscreen: QPointingDevice | None = None


def touchscreen() -> QPointingDevice:
    """A registered touch-screen device (created once: Qt keeps devices for the process)."""
    global _touchscreen
    if _touchscreen is None:
        _touchscreen = QTest.createTouchDevice(QPointingDevice.DeviceType.TouchScreen)
    return _touchscreen


def tap(widget: QWidget, at: QPoint | None = None) -> None:
    """Touch ``widget`` with one finger and lift it, as on the kiosk's screen."""
    # Let pending layout settle first: a person taps what they see, after it has moved.
    QApplication.processEvents()
    point = at if at is not None else widget.rect().center()
    window = widget.window()
    where = widget.mapTo(window, point)
    QTest.touchEvent(window, touchscreen()).press(0, where, window).commit()
    QTest.touchEvent(window, touchscreen()).release(0, where, window).commit()


def click(widget: QWidget) -> None:
    """A real mouse click in the middle of ``widget``."""
    QApplication.processEvents()
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton, pos=widget.rect().center())


def visible_labels(root: QWidget) -> list[QLabel]:
    return [
        label for label in root.findChildren(QLabel) if label.isVisibleTo(root) and label.text()
    ]


def distinct_colours(image: QImage, step: int = 16) -> int:
    """How many different colours a grid of sample points shows (a blank screen has 1)."""
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    }
    return len(colours)


def require_tools(*names: str, why: str) -> None:
    """Skip a test whose programs are missing on a developer's machine; under CI
    (``CI=true``, set by .ci/run) fail it instead, so a test that needs Xvfb or a speech
    engine cannot silently drop out of the run."""
    missing = [name for name in names if shutil.which(name) is None]
    if not missing:
        return
    message = f"needs {', '.join(missing)} ({why}; see .ci/run)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: CI must have them", pytrace=False)
    pytest.skip(message)


def flick_up(qtbot, area: QAbstractScrollArea) -> None:  # type: ignore[no-untyped-def]
    """A finger stroke upwards over ``area``, as to read on: the text follows the finger,
    then the finger speeds up and lifts, and the text glides on for a moment by itself
    (Qt's kinetic scrolling)."""
    QApplication.processEvents()
    window, bar = area.window(), area.verticalScrollBar()
    viewport = area.viewport()
    at = viewport.mapTo(window, QPoint(viewport.width() // 2, viewport.height() * 3 // 4))
    device = touchscreen()
    QTest.touchEvent(window, device).press(0, at, window).commit()
    for _ in range(2):
        at -= QPoint(0, 30)
        QTest.touchEvent(window, device).move(0, at, window).commit()
    # The text follows the finger on the scroller's next frame.
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=2000)
    for _ in range(4):
        at -= QPoint(0, 60)
        QTest.touchEvent(window, device).move(0, at, window).commit()
    QTest.touchEvent(window, device).release(0, at, window).commit()


def git(cwd: Path, *args: str) -> str:
    """Run git in ``cwd`` as a named editor (a test machine may have no git identity);
    what it printed, stripped."""
    done = subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout.strip()


@contextmanager
def xvfb(width: int, height: int, *options: str) -> Iterator[str]:
    """A fresh Xvfb server of ``width`` x ``height``; yields its DISPLAY value. Callers
    check for the programs they need first (``require_tools``)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_end),
            *options,
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
        ],
        pass_fds=(write_end,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_end)
    with os.fdopen(read_end, encoding="ascii") as pipe:
        number = pipe.readline().strip()  # Xvfb writes its display number once it is ready
    try:
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
