"""The home menu: a grid of large topic tiles."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import Tile
from kiosk.views.widgets.layout import ScreenBase
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class MenuItem:
    """One tile: the screen it opens, its label and its picture."""

    screen_id: str
    label: str
    image: Path


class HomeScreen(ScreenBase):
    """Large tiles, one per topic; four across in landscape, two in portrait.

    Signals:
        screen_chosen(str): the id of the screen whose tile was tapped.
    """

    screen_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("HomeScreen")
        layout = QVBoxLayout(self)
        self.clinic = label("", "kicker")
        self.title = label("", "title")
        self.subtitle = label("", "muted")
        for widget in (self.clinic, self.title, self.subtitle):
            widget.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            layout.addWidget(widget)
        self._grid_host = QWidget()
        self._grid = QGridLayout(self._grid_host)
        layout.addWidget(self._grid_host, 1)
        self.tiles: list[Tile] = []
        self._columns = 0

    def set_content(self, clinic: str, title: str, subtitle: str, items: list[MenuItem]) -> None:
        """Show the menu ``items`` under a heading."""
        self.clinic.setText(clinic)
        self.title.setText(title)
        self.subtitle.setText(subtitle)
        for tile in self.tiles:
            self._grid.removeWidget(tile)
            tile.hide()  # deleteLater waits for the event loop; hide it at once
            tile.deleteLater()
        self.tiles = []
        for item in items:
            tile = Tile(item.label, item.image, self._grid_host)
            tile.clicked.connect(lambda _=False, sid=item.screen_id: self.screen_chosen.emit(sid))
            tile.setObjectName(f"tile-{item.screen_id}")
            self.tiles.append(tile)
        self._columns = 0
        self._place_tiles()

    def spoken_text(self) -> str:
        tiles = [tile.accessibleName() for tile in self.tiles]
        return "\n".join((self.title.text(), self.subtitle.text(), *tiles))

    def orientation_changed(self, portrait: bool) -> None:
        self._place_tiles()

    def _place_tiles(self) -> None:
        count = len(self.tiles)
        columns = 2 if self.is_portrait() else min(5, max(1, (count + 1) // 2))
        if columns == self._columns:
            return
        self._columns = columns
        for tile in self.tiles:
            self._grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, index // columns, index % columns)
        for column in range(5):
            self._grid.setColumnStretch(column, 1 if column < columns else 0)
        rows = (count + columns - 1) // columns
        for row in range(max(rows, 6)):
            self._grid.setRowStretch(row, 1 if row < rows else 0)
