"""Big, touch-friendly buttons with visible press feedback (nothing depends on hover)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QElapsedTimer, QSize, Qt, SignalInstance
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from kiosk.views.widgets.images import ImageView, icon_scales, themed_icon
from kiosk.views.widgets.text import label

#: Icons that point along the reading direction: mirrored in a right-to-left language.
DIRECTIONAL_ICONS = frozenset({"arrow-left", "arrow-right"})


class KioskButton(QPushButton):
    """A large button; ``kind`` is "primary" or "secondary" (styled by the stylesheet).

    An ``icon_after_text`` button (the forward buttons: "Next →") keeps its icon after the
    text in either reading direction."""

    def __init__(
        self,
        text: str,
        kind: str = "secondary",
        icon: str | None = None,
        parent: QWidget | None = None,
        icon_after_text: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setProperty("kind", kind)
        self._icon_name = icon
        self._icon_after_text = icon_after_text
        self.set_text(text)
        # A touch screen has no keyboard: focus rectangles would only be visual noise.
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def set_text(self, text: str) -> None:
        """Change the caption and the accessible name together."""
        # Qt puts an icon right against the text; a space each side gives it air.
        self.setText(f" {text} " if self._icon_name and text else text)
        self.setAccessibleName(text)

    def caption(self) -> str:
        """The caption without the spacing added for the icon."""
        return self.accessibleName()

    def apply_icon(self, colour: str, size: int, checked_colour: str | None = None) -> None:
        """Draw the icon in ``colour`` (``checked_colour`` when checked) at ``size`` px."""
        if not self._icon_name:
            return
        right_to_left = self.window().layoutDirection() == Qt.LayoutDirection.RightToLeft
        if self._icon_after_text:
            # Qt puts the icon at the start of the button's own direction: the reverse of
            # the window's puts it after the text.
            self.setLayoutDirection(
                Qt.LayoutDirection.LeftToRight if right_to_left else Qt.LayoutDirection.RightToLeft
            )
        mirrored = right_to_left and self._icon_name in DIRECTIONAL_ICONS
        icon = themed_icon(self._icon_name, colour, size, mirrored)
        if checked_colour is not None:
            icon = QIcon(icon)  # a copy: the cached icon must not gain these pixmaps
            checked = themed_icon(self._icon_name, checked_colour, size, mirrored)
            for mode in (QIcon.Mode.Normal, QIcon.Mode.Active):
                for ratio in icon_scales():  # crisp at 125 % and 150 % too
                    pixmap = checked.pixmap(QSize(size, size), ratio)
                    icon.addPixmap(pixmap, mode, QIcon.State.On)
        self.setIcon(icon)
        self.setIconSize(QSize(size, size))


class Tile(QPushButton):
    """A home-menu tile: an illustration above a short label; the whole tile is the target."""

    def __init__(self, text: str, image: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("kind", "tile")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout = QVBoxLayout(self)
        self.image = ImageView()
        self.image.set_image(image)
        self.caption = label(text, "subtitle")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.image, 3)
        layout.addWidget(self.caption, 0)


def forward_button(object_name: str) -> KioskButton:
    """The primary "go on" button of a screen, with its arrow after the text."""
    button = KioskButton("", "primary", icon="arrow-right", icon_after_text=True)
    button.setObjectName(object_name)
    # Until the window sizes its icons (apply_icon), put the arrow after the text.
    button.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    return button


def talk_button(text: str) -> KioskButton:
    """The "Talk to someone now" button: asks staff to come, through the silent alert."""
    button = KioskButton(text, "primary", icon="talk")
    button.setObjectName("talk")
    return button


def talk_row(button: KioskButton | None, status: QWidget) -> QWidget:
    """The talk button with, beside it, what became of the staff alert: one row, so the
    crisis lines below stay on screen."""
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    if button is not None:
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
    layout.addWidget(status, 1)
    layout.addStretch(0)  # keeps the button to its own width while there is no status
    return row


def action_bar(secondary: QWidget | None = None, primary: QWidget | None = None) -> QHBoxLayout:
    """The bottom row of a screen: the secondary action at the start (bottom left), the
    primary forward action at the end (bottom right, on the screen margin).

    Every screen builds its bottom row here, so the forward action is always in the same
    place. In a right-to-left language the row mirrors, as it should.
    """
    bar = QHBoxLayout()
    if secondary is not None:
        bar.addWidget(secondary)
    bar.addStretch(1)
    if primary is not None:
        bar.addWidget(primary)
    return bar


def centred_row(button: QWidget) -> QHBoxLayout:
    """A row with ``button`` alone in its middle: an overlay's Cancel or Back."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(button)
    row.addStretch(1)
    return row


class TapGuard:
    """Ignores taps for ``guard_ms`` after a screen appears.

    A bounce, or a double tap, on one screen's button must not press the button that is
    now in the same place: "Go on to my result" and "Done — erase my answers" are both
    the forward action, bottom right, and the second would erase the result (and its
    safety note) before the patient saw it.
    """

    def __init__(self, guard_ms: int) -> None:
        self._guard_ms = guard_ms
        self._shown_for = QElapsedTimer()

    def restart(self) -> None:
        """The screen has just appeared."""
        self._shown_for.start()

    def allows(self) -> bool:
        return not self._shown_for.isValid() or self._shown_for.elapsed() >= self._guard_ms

    def relay(self, signal: SignalInstance) -> Callable[..., None]:
        """A slot that passes a click on to ``signal`` unless it came too soon."""

        def _relay(*_: object) -> None:
            if self.allows():
                signal.emit()

        return _relay
