"""Burn-in care: the whole picture moves by a few pixels every few minutes.

The access bar and the headers sit on the same pixels all day; on many panels a static
layout leaves a ghost after months. :class:`PixelShift` moves everything the window
shows around a small circuit (at most :data:`SHIFT_PX` pixels), too little and too slow
for anyone to notice.
"""

from __future__ import annotations

from itertools import cycle

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

SHIFT_EVERY_MS = 3 * 60_000
SHIFT_PX = 6
# (left, top) offsets; right and bottom take the rest, so the picture keeps its size.
CIRCUIT = [(3, 3), (0, 0), (3, 0), (6, 0), (6, 3), (6, 6), (3, 6), (0, 6), (0, 3)]


class PixelShift(QObject):
    def __init__(self, window: QWidget, every_ms: int = SHIFT_EVERY_MS) -> None:
        super().__init__(window)
        self.window = window
        self._circuit = cycle(CIRCUIT)
        self.offset = (0, 0)
        self._timer = QTimer(self)
        self._timer.setInterval(every_ms)
        self._timer.timeout.connect(self.shift)
        self.shift()
        self._timer.start()

    def shift(self) -> None:
        """Move the picture to the next place on the circuit."""
        left, top = next(self._circuit)
        layout = self.window.layout()
        if layout is None:
            return
        layout.setContentsMargins(left, top, SHIFT_PX - left, SHIFT_PX - top)
        self.offset = (left, top)
