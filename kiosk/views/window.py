"""The kiosk's one window: a stack of screens, restyled whenever its size changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QResizeEvent
from PySide6.QtWidgets import QLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.theme import Palette, Sizes, render_stylesheet, scale_for
from kiosk.views.widgets.access_bar import AccessBar
from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.dots import ProgressDots
from kiosk.views.widgets.fade import Crossfade
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, TouchScrollArea


class KioskWindow(QWidget):
    """Holds the screens; sizes every font and control from its own size."""

    def __init__(self, stylesheet_template: str, palette: Palette) -> None:
        super().__init__()
        self.setObjectName("KioskWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self._template = stylesheet_template
        self._palette = palette
        self._scale: float | None = None
        self._text_scale = 1.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The window is the screen: its content adapts to it, never the other way round.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack, 1)
        self.access_bar = AccessBar()
        layout.addWidget(self.access_bar)
        self.fade = Crossfade(self.stack)

    @property
    def sizes(self) -> Sizes:
        return Sizes(self._scale or scale_for(self.width(), self.height()), self._text_scale)

    @property
    def palette_in_use(self) -> Palette:
        return self._palette

    @property
    def text_scale(self) -> float:
        return self._text_scale

    def set_palette(self, palette: Palette) -> None:
        """Switch colours (e.g. the high-contrast theme)."""
        if palette != self._palette:
            self._palette = palette
            self._restyle(force=True)

    def set_text_scale(self, text_scale: float) -> None:
        """Grow or shrink every font (the patient's "Larger text" choice)."""
        if text_scale != self._text_scale:
            self._text_scale = text_scale
            self._restyle(force=True)

    #: In kiosk mode only the staff panel's Exit may close the window.
    locked = False
    _may_close = False

    def allow_close(self) -> None:
        """Let the next close request through (staff Exit)."""
        self._may_close = True

    def closing_allowed(self) -> bool:
        return self._may_close

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        # Alt+F4 and a window manager's close button both arrive here.
        if self.locked and not self._may_close:
            event.ignore()
            return
        super().closeEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._restyle()

    def _restyle(self, force: bool = False) -> None:
        scale = round(scale_for(self.width(), self.height()), 2)
        if scale == self._scale and not force:
            return
        self._scale = scale
        sizes = Sizes(scale, self._text_scale)
        self.setStyleSheet(render_stylesheet(self._template, self._palette, sizes))
        self.apply_sizes()

    def apply_sizes(self, root: QWidget | None = None) -> None:
        """Size what a stylesheet cannot: icons, dots, paddings and layout margins.

        ``root`` limits the work to one screen whose content just changed; without it,
        everything is sized (after a resize or a theme change).
        """
        sizes, palette = self.sizes, self._palette
        scope = root or self
        for button in scope.findChildren(KioskButton):
            colour = palette.on_primary if button.property("kind") == "primary" else palette.text
            size = sizes.px(32) if button.property("kind") == "access" else sizes.px(40)
            button.apply_icon(colour, size, checked_colour=palette.on_primary)
        for area in scope.findChildren(TouchScrollArea):
            area.set_hint_style(palette.background, palette.primary, sizes.px(72))
        for dots in scope.findChildren(ProgressDots):
            dots.set_colours(palette.primary, palette.dot_off, sizes.px(16))
        for image in scope.findChildren(ImageView):
            image.set_line_art(palette if palette.line_art else None)
        for widget in scope.findChildren(QWidget):
            role = widget.property("role")
            layout = widget.layout()
            if layout is None or role not in ("card", "note", "start-pill"):
                continue
            if role in ("card", "note"):
                pad = sizes.px(28)
                layout.setContentsMargins(pad, pad, pad, pad)
            else:
                layout.setContentsMargins(sizes.px(48), sizes.px(20), sizes.px(48), sizes.px(20))
        if root is None:
            self._size_frame(sizes)
        screens = scope.findChildren(ScreenBase)
        if isinstance(scope, ScreenBase):
            screens.append(scope)
        for screen in screens:
            screen.sizes_changed(sizes)

    def _size_frame(self, sizes: Sizes) -> None:
        margin = sizes.px(40)
        bar_layout = self.access_bar.layout()
        if bar_layout is not None:
            bar_layout.setContentsMargins(margin, 0, margin, sizes.px(20))
            bar_layout.setSpacing(sizes.px(16))
        self.access_bar.refit()
        for screen in self.stack.findChildren(
            QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
        ):
            layout = screen.layout()
            if layout is not None:
                layout.setContentsMargins(sizes.margin, sizes.margin, sizes.margin, sizes.margin)
                layout.setSpacing(sizes.px(24))
