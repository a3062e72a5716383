"""Every touch, click, wheel and key of the whole app, seen in one place.

One app-wide event filter (as in qutebrowser's ``keyinput/eventfilter.py``) drives:

* the idle timer: any input restarts it; when it runs out, ``idle`` is emitted. Kiosks
  fail most often because their idle timer misses touch events, so touch is included;
* the staff gestures, in the top-right corner of the screen, where no screen puts a
  button:
  - press and hold for 3 seconds: ``corner_held`` (front-desk reset, no PIN);
  - five taps within 3 seconds: ``corner_tapped`` (the staff PIN pad);
* the lock-down: in kiosk mode the keys that close windows (Escape, Alt+F4, Ctrl+Q,
  Ctrl+W) never reach the app.

The filter only *looks* at events (it returns False) except the keys it locks and the
release that ends a 3-second hold, which would otherwise "tap" whatever is under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QInputDevice, QKeyEvent, QMouseEvent, QTouchEvent, QWindow
from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

INPUT_EVENTS = {
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseMove,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.Wheel,
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.TouchBegin,
    QEvent.Type.TouchUpdate,
    QEvent.Type.TouchEnd,
    QEvent.Type.TabletPress,
}

CORNER_TAPS = 5
SWIPE_SHARE = 0.08  # a swipe crosses at least 8 % of the window's width
HOLD_SLOP_PX = 40  # a finger wobbles; more than this is a drag, not a hold


@dataclass(frozen=True)
class GestureTiming:
    """Times in milliseconds, injectable so tests can shorten them."""

    idle_ms: int
    hold_ms: int = 3000
    taps_window_ms: int = 3000


class InputWatcher(QObject):
    """The app-wide input filter.

    Signals:
        activity: any input at all (touch, mouse, wheel, key).
        idle: no input for ``idle_ms`` while the idle timer is armed.
        corner_held: the top-right corner was held for ``hold_ms``.
        corner_tapped: the top-right corner was tapped five times in ``taps_window_ms``.
        swiped(int): a horizontal swipe (finger or mouse drag) that did not start on a
            button: +1 when the finger moved left (next page), -1 when it moved right.
    """

    activity = Signal()
    idle = Signal()
    corner_held = Signal()
    corner_tapped = Signal()
    swiped = Signal(int)

    def __init__(self, window: QWidget, timing: GestureTiming, lock_keys: bool = False) -> None:
        super().__init__(window)
        self._window = window
        self._timing = timing
        self.lock_keys = lock_keys
        self._idle_timer = QTimer(self)
        self._idle_timer.setSingleShot(True)
        self._idle_timer.setInterval(timing.idle_ms)
        self._idle_timer.timeout.connect(self.idle)
        self._hold_timer = QTimer(self)
        self._hold_timer.setSingleShot(True)
        self._hold_timer.setInterval(timing.hold_ms)
        self._hold_timer.timeout.connect(self._held)
        self._hold_start: QPointF | None = None
        self._swipe_start: QPointF | None = None
        self._swallow_release = False
        self._taps: list[int] = []
        #: Milliseconds on a monotonic clock (tests put a clock of their own here).
        self.now_ms: Callable[[], int] = QTimerClock(self).now_ms
        self._handlers: dict[QEvent.Type, Callable[[QEvent], bool]] = {
            QEvent.Type.TouchBegin: self._on_touch_begin,
            QEvent.Type.TouchUpdate: self._on_touch_update,
            QEvent.Type.TouchEnd: self._on_touch_end,
            QEvent.Type.MouseButtonPress: self._on_mouse_press,
            QEvent.Type.MouseMove: self._on_mouse_move,
            QEvent.Type.MouseButtonRelease: self._on_mouse_release,
            QEvent.Type.KeyPress: self._on_key,
            QEvent.Type.ShortcutOverride: self._on_key,
        }
        self._installed = False

    # --- lifecycle ----------------------------------------------------------------------

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def shutdown(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._idle_timer.stop()
        self._hold_timer.stop()

    def set_timing(self, timing: GestureTiming) -> None:
        """Use ``timing`` from now on for the hold and the five-tap window (a hold under
        way starts counting again). The idle wait is the one each :meth:`arm_idle` gives."""
        self._timing = timing
        self._hold_timer.setInterval(timing.hold_ms)

    # --- the idle timer -----------------------------------------------------------------

    def arm_idle(self, interval_ms: int | None = None) -> None:
        """Start counting idle time (outside the attract loop), for ``interval_ms`` when
        given, else for the interval used last."""
        if interval_ms is not None:
            self._idle_timer.setInterval(interval_ms)
        self._idle_timer.start()

    def idle_interval_ms(self) -> int:
        return self._idle_timer.interval()

    def idle_remaining_ms(self) -> int:
        """How long until ``idle`` (-1 when the timer is not armed)."""
        return self._idle_timer.remainingTime()

    def disarm_idle(self) -> None:
        """Stop counting (on the attract loop, or while the warning is up)."""
        self._idle_timer.stop()

    def idle_armed(self) -> bool:
        return self._idle_timer.isActive()

    # --- the filter ---------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        # Each input event reaches the window first, then the widget and each parent in
        # turn: look at it once, at the window. Keys are looked at where they land, so
        # that a closing key can be stopped before any widget acts on it.
        is_key = kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
        if not (is_key or isinstance(watched, QWindow)):
            return False
        if kind in INPUT_EVENTS:
            if self._idle_timer.isActive():
                self._idle_timer.start()  # restart
            self.activity.emit()
        handler = self._handlers.get(kind)
        return handler(event) if handler is not None else False

    def _in_corner(self, global_pos: QPointF) -> bool:
        frame = self._window.geometry()
        side = max(48, round(min(frame.width(), frame.height()) * 0.08))
        corner = QRectF(frame.right() - side + 1, frame.top(), side, side)
        return corner.contains(global_pos)

    def _press(self, global_pos: QPointF) -> None:
        self._swipe_start = None if _on_a_button(self._window, global_pos) else global_pos
        if self._in_corner(global_pos):
            self._hold_start = global_pos
            self._hold_timer.start()
        else:
            self._hold_start = None

    def _move(self, global_pos: QPointF) -> None:
        if self._hold_start is not None:
            delta = global_pos - self._hold_start
            if abs(delta.x()) + abs(delta.y()) > HOLD_SLOP_PX:
                self._cancel_hold()

    def _release(self, global_pos: QPointF) -> bool:
        self._check_swipe(global_pos)
        if self._swallow_release:
            self._swallow_release = False
            return True
        was_corner_press = self._hold_start is not None and self._hold_timer.isActive()
        self._cancel_hold()
        if was_corner_press and self._in_corner(global_pos):
            self._count_tap()
        return False

    def _check_swipe(self, global_pos: QPointF) -> None:
        start, self._swipe_start = self._swipe_start, None
        if start is None:
            return
        dx, dy = global_pos.x() - start.x(), global_pos.y() - start.y()
        threshold = max(60.0, self._window.width() * SWIPE_SHARE)
        if abs(dx) >= threshold and abs(dx) > 1.5 * abs(dy):
            self.swiped.emit(1 if dx < 0 else -1)

    def _cancel_hold(self) -> None:
        self._hold_timer.stop()
        self._hold_start = None

    def _held(self) -> None:
        self._hold_start = None
        self._swipe_start = None  # the rest of this finger's way belongs to the hold
        self._swallow_release = True
        self._taps.clear()
        self.corner_held.emit()

    def _count_tap(self) -> None:
        now = self.now_ms()
        self._taps = [t for t in self._taps if now - t <= self._timing.taps_window_ms]
        self._taps.append(now)
        if len(self._taps) >= CORNER_TAPS:
            self._taps.clear()
            self.corner_tapped.emit()

    # --- touch and mouse ----------------------------------------------------------------

    def _on_touch_begin(self, event: QEvent) -> bool:
        assert isinstance(event, QTouchEvent)
        if len(event.points()) == 1:
            self._press(event.points()[0].globalPosition())
        return False

    def _on_touch_update(self, event: QEvent) -> bool:
        assert isinstance(event, QTouchEvent)
        if len(event.points()) == 1:
            self._move(event.points()[0].globalPosition())
        else:
            self._cancel_hold()  # two fingers: a pinch, not a hold
        return False

    def _on_touch_end(self, event: QEvent) -> bool:
        assert isinstance(event, QTouchEvent)
        point = event.points()[0].globalPosition() if event.points() else QPointF(-1, -1)
        return self._release(point)

    @staticmethod
    def _from_mouse(event: QMouseEvent) -> bool:
        # Qt turns unhandled touches into mouse events too; count each gesture once.
        return event.pointingDevice().type() == QInputDevice.DeviceType.Mouse

    def _on_mouse_press(self, event: QEvent) -> bool:
        assert isinstance(event, QMouseEvent)
        if self._from_mouse(event) and event.button() == Qt.MouseButton.LeftButton:
            self._press(event.globalPosition())
        return False

    def _on_mouse_move(self, event: QEvent) -> bool:
        assert isinstance(event, QMouseEvent)
        if self._from_mouse(event):
            self._move(event.globalPosition())
        return False

    def _on_mouse_release(self, event: QEvent) -> bool:
        assert isinstance(event, QMouseEvent)
        if not self._from_mouse(event):
            # The release Qt makes from a touch end, whose finger was seen already. It
            # must pass: it is what turns every tap into a click. After a hold there is
            # none to stop: Qt makes one only from a touch end nobody accepted, and the
            # one swallowed by _release stays accepted.
            return False
        return self._release(event.globalPosition())

    # --- keys ---------------------------------------------------------------------------

    def _on_key(self, event: QEvent) -> bool:
        assert isinstance(event, QKeyEvent)
        return self.lock_keys and is_closing_key(event)


def _on_a_button(window: QWidget, global_pos: QPointF) -> bool:
    """A drag that starts on a button is that button's press, not a page swipe.

    Asked of the kiosk's own window, not of QApplication.widgetAt(): the platform's
    "which window is here" is not there on every platform (the offscreen one has none)."""
    widget = window.childAt(window.mapFromGlobal(global_pos.toPoint()))
    while widget is not None:
        if isinstance(widget, QAbstractButton):
            return True
        widget = widget.parentWidget()
    return False


def is_closing_key(event: QKeyEvent) -> bool:
    """Escape, Alt+F4, Ctrl+Q, Ctrl+W: the keys people try to close a kiosk with."""
    key, mods = event.key(), event.modifiers()
    if key == Qt.Key.Key_Escape:
        return True
    if key == Qt.Key.Key_F4 and mods & Qt.KeyboardModifier.AltModifier:
        return True
    return key in (Qt.Key.Key_Q, Qt.Key.Key_W) and bool(mods & Qt.KeyboardModifier.ControlModifier)


class QTimerClock(QObject):
    """Milliseconds since start, from Qt's monotonic clock."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        from PySide6.QtCore import QElapsedTimer

        self._timer = QElapsedTimer()
        self._timer.start()

    def now_ms(self) -> int:
        return int(self._timer.elapsed())
