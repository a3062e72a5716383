"""The attract loop on screen before the pack is checked (see :mod:`kiosk.first_frame`).

:func:`show_first_frame` builds the real window and the real attract screen from a
remembered :class:`~kiosk.first_frame.FirstFrame` and paints them; the kiosk then checks
the pack and :func:`kiosk.app.build_ui` builds the full kiosk into the same window, whose
attract screen, showing the same slide, takes the first one's place: the patient sees no
second window and no blink. :func:`frame_shown` writes down what the attract loop shows,
for next time.
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.first_frame import FirstFrame, FrameSlide
from kiosk.fonts import load_fonts
from kiosk.language_direction import is_right_to_left
from kiosk.theme import THEMES
from kiosk.views.attract import AttractScreen, Slide
from kiosk.views.window import KioskWindow
from kiosk.views.window_setup import show_window, stylesheet_template, use_one_style

log = logging.getLogger(__name__)

#: The longest the start waits for the window system to show the frame before going on.
PAINT_WAIT_S = 1.0


class _FirstPaint(QObject):
    """Notes when the watched widget has been painted first (``time.time()``), and calls
    ``then`` with that time, once."""

    def __init__(self, then: Callable[[float], None] | None = None) -> None:
        super().__init__()
        self.painted_at: float | None = None
        self._then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.time()
            if self._then is not None:
                self._then(self.painted_at)
        return False


def seconds_since_process_start(moment: float) -> float | None:
    """How long after the process started ``moment`` (a ``time.time()``) was."""
    import psutil

    try:
        return moment - psutil.Process().create_time()
    except psutil.Error:
        return None


def log_start_up(moment: float, how: str) -> None:
    seconds = seconds_since_process_start(moment)
    if seconds is not None:
        log.info("start-up: the first frame was on screen %.2f s after the process started "
                 "(%s)", seconds, how)  # fmt: skip


def watch_first_paint(widget: QWidget, how: str) -> None:
    """Log when ``widget`` is first painted: how long a start takes, on each machine."""
    spy = _FirstPaint(lambda moment: log_start_up(moment, how))
    spy.setParent(widget)
    widget.installEventFilter(spy)


@dataclass(frozen=True)
class ShownFrame:
    """The first frame on screen: the kiosk's window, its first attract screen (which the
    full kiosk replaces), and when it was painted (``time.time()``; None when the window
    system did not paint it within ``PAINT_WAIT_S``)."""

    window: KioskWindow
    attract: AttractScreen
    painted_at: float | None


def show_first_frame(frame: FirstFrame, windowed: bool) -> ShownFrame:
    """Put ``frame`` on screen and paint it now: the kiosk's window with an attract
    screen, which the full kiosk replaces with its own once the pack is checked."""
    app = QApplication.instance() or QApplication(sys.argv)
    use_one_style()
    load_fonts()
    window = KioskWindow(stylesheet_template(), THEMES[frame.theme])
    window.setWindowTitle(frame.window_title)
    if is_right_to_left(frame.language):
        window.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    window.access_bar.hide()  # the attract loop has none
    attract = AttractScreen(frame.slide_ms)
    window.stack.addWidget(attract)
    slides = [Slide(s.title, s.summary, Path(s.image), s.ms) for s in frame.slides]
    attract.set_content(frame.clinic, frame.touch_to_start, slides)
    spy = _FirstPaint()
    attract.installEventFilter(spy)
    show_window(window, windowed, touch_only=frame.touch_only)
    # Checking the pack takes a moment without the event loop: paint before it. A tap
    # meanwhile waits in the window system's queue and reaches the full kiosk.
    deadline = time.monotonic() + PAINT_WAIT_S
    while spy.painted_at is None and time.monotonic() < deadline:
        app.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents, 20)
    attract.removeEventFilter(spy)
    return ShownFrame(window, attract, spy.painted_at)


def frame_shown(
    window: KioskWindow,
    attract: AttractScreen,
    *,
    theme: str,
    language: str,
    touch_only: bool,
    slide_ms: int,
) -> FirstFrame:
    """What the attract loop shows now, as a frame to show first at the next start."""
    return FirstFrame(
        window_title=window.windowTitle(),
        theme=theme,
        language=language,
        touch_only=touch_only,
        clinic=attract.clinic.text(),
        touch_to_start=attract.start_label.text(),
        slide_ms=slide_ms,
        slides=tuple(FrameSlide(s.title, s.summary, str(s.image), s.ms) for s in attract.slides),
    )
