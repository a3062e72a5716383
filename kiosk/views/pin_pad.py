"""The staff PIN pad: large digits, a clear message, a lock-out after wrong PINs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QWidget

from kiosk.model import StaffStrings
from kiosk.pin import MAX_DIGITS, PinGuard
from kiosk.views.widgets.buttons import KioskButton, centred_row
from kiosk.views.widgets.overlay import Overlay
from kiosk.views.widgets.text import label


class PinPadOverlay(Overlay):
    """Asks staff for the PIN.

    Signals:
        accepted: the right PIN was entered.
        cancelled: staff closed the pad.
    """

    accepted = Signal()
    cancelled = Signal()

    def __init__(self, parent: QWidget, guard: PinGuard, pin_is_set: Callable[[], bool]) -> None:
        super().__init__(parent, fill=(0.4, 0.7))
        self.setObjectName("PinPadOverlay")
        self._guard = guard
        self._pin_is_set = pin_is_set
        self._entry = ""
        self._texts = StaffStrings()
        self._locked_out = False  # the message says so, until the wait is over
        self.title = label("", "title")
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.dots = label("", "title")
        self.dots.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.message = label("", "body")
        self.message.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        for widget in (self.title, self.dots, self.message):
            self.card_layout.addWidget(widget)
        keys = QWidget()
        grid = QGridLayout(keys)
        self.digit_buttons: dict[str, KioskButton] = {}
        layout = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "⌫", "0", "OK"]
        for index, key in enumerate(layout):
            button = KioskButton(key, "primary" if key == "OK" else "secondary")
            button.setObjectName(f"pin-{key}")
            button.clicked.connect(lambda _=False, k=key: self._press(k))
            grid.addWidget(button, index // 3, index % 3)
            self.digit_buttons[key] = button
        self.card_layout.addWidget(keys)
        self.cancel_button = KioskButton("", "secondary", icon="close")
        self.cancel_button.setObjectName("pin-cancel")
        self.cancel_button.clicked.connect(self.close_pad)
        self.card_layout.addLayout(centred_row(self.cancel_button))
        self._lock_ticker = QTimer(self)
        self._lock_ticker.setInterval(1000)
        self._lock_ticker.timeout.connect(self._refresh)
        self.set_texts(self._texts)

    def set_texts(self, texts: StaffStrings) -> None:
        """The pad's words, in the clinic's language (the pack's ``staff:`` texts)."""
        self._texts = texts
        self.title.setText(texts.pin_title)
        self.cancel_button.set_text(texts.cancel)
        self.digit_buttons["⌫"].setAccessibleName(texts.pin_delete)
        self.digit_buttons["OK"].setAccessibleName(texts.pin_enter)

    def open_pad(self) -> None:
        """Show the pad, empty."""
        self._entry = ""
        self._refresh()
        self.open()

    def close_pad(self) -> None:
        self._entry = ""
        self._lock_ticker.stop()
        self.hide()
        self.cancelled.emit()

    def enter(self, pin: str) -> None:
        """Type ``pin`` and press OK (what a person does, in one call)."""
        for digit in pin:
            self._press(digit)
        self._press("OK")

    def _press(self, key: str) -> None:
        if not self._usable():
            return
        if key == "⌫":
            self._entry = self._entry[:-1]
        elif key == "OK":
            self._submit()
            return
        elif len(self._entry) < MAX_DIGITS:
            self._entry += key
        self.message.setText("")
        self._show_entry()

    def _submit(self) -> None:
        attempt = self._guard.attempt(self._entry)
        self._entry = ""
        self._show_entry()
        if attempt.accepted:
            self.hide()
            self.accepted.emit()
        elif attempt.locked_for > 0:
            self._refresh()
        else:
            self.message.setText(self._texts.pin_wrong.format(tries=attempt.tries_left))

    def _usable(self) -> bool:
        return self._pin_is_set() and self._guard.locked_for() <= 0

    def _refresh(self) -> None:
        if not self._pin_is_set():
            self.message.setText(self._texts.pin_not_set)
        elif (seconds := self._guard.locked_for()) > 0:
            self._locked_out = True
            self.message.setText(self._texts.pin_locked.format(seconds=int(seconds + 0.999)))
            self._lock_ticker.start()
        else:
            self._lock_ticker.stop()
            if self._locked_out:
                self._locked_out = False
                self.message.setText("")
        usable = self._usable()
        for button in self.digit_buttons.values():
            button.setEnabled(usable)
        self._show_entry()

    def _show_entry(self) -> None:
        self.dots.setText("● " * len(self._entry) or " ")
