"""'This screen is resting': what patients see when the kiosk keeps failing.

When faults come faster than resets can help, the kiosk stops trying, covers the screen
with this calm message, and ends a little later so that its supervisor starts it afresh.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from kiosk.views.widgets.overlay import Overlay
from kiosk.views.widgets.text import label

DEFAULT_RESTING = "This screen is resting — please ask at the front desk."


class RestingOverlay(Overlay):
    """An opaque screen with one calm sentence; no buttons, nothing to tap."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, fill=(0.6, 0.4), opaque=True)
        self.setObjectName("RestingOverlay")
        self.message = label(DEFAULT_RESTING, "title")
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addStretch(1)
        self.card_layout.addWidget(self.message)
        self.card_layout.addStretch(1)

    def rest(self, text: str | None) -> None:
        self.message.setText(text or DEFAULT_RESTING)
        self.open()
