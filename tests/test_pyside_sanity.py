"""Guards against PySide6 releases that would crash a kiosk running for months."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    ping = Signal()
    number = Signal(int)


def test_emitting_signals_does_not_leak_references_to_true(qtbot) -> None:  # type: ignore[no-untyped-def]
    # PySide6 6.12.0's emit() returned True without a reference: every emit lowered
    # True's count, and after a few hundred the interpreter aborted.
    emitter = _Emitter()
    emitter.ping.connect(lambda: None)
    before = sys.getrefcount(True)
    for _ in range(200):
        emitter.ping.emit()
        emitter.number.emit(1)
    assert sys.getrefcount(True) >= before - 5
