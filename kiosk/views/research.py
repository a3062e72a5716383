"""The research screen: every article the clinic cites, with a QR code where checked."""

from __future__ import annotations

import io
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, touch_scroll_area
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class Citation:
    """One article as shown: title, "source · year", and a checked link or none."""

    title: str
    source_line: str
    link: str | None


class ResearchScreen(ScreenBase):
    """A scrolling list of article cards.

    Signals:
        home_requested: the patient tapped Home.
    """

    home_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ResearchScreen")
        outer = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.home_button = KioskButton("", "secondary", icon="home")
        self.home_button.setObjectName("home")
        self.home_button.clicked.connect(self.home_requested)
        self.title = label("", "title")
        bar.addWidget(self.home_button, 0, Qt.AlignmentFlag.AlignTop)
        bar.addWidget(self.title, 1)
        outer.addLayout(bar)
        self.list_area = touch_scroll_area(QWidget())
        outer.addWidget(self.list_area, 1)
        self.cards: list[QWidget] = []
        self._intro = ""

    def set_content(
        self, title: str, intro: str, citations: list[Citation], home_text: str, scan_hint: str
    ) -> None:
        """Show ``citations`` under ``title`` and ``intro``."""
        self.title.setText(title)
        self._intro = intro
        self.home_button.set_text(home_text)
        listing = QWidget()
        column = QVBoxLayout(listing)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(label(intro, "body"))
        self.cards = [_card(citation, scan_hint) for citation in citations]
        for card in self.cards:
            column.addWidget(card)
        column.addStretch(1)
        self.list_area.setWidget(listing)  # the scroll area deletes the previous list
        self.list_area.scroll_to_top()
        self._size_qr_codes()

    def clear(self) -> None:
        """Drop the article cards (they are built again on the next visit)."""
        self.cards = []
        self.list_area.setWidget(QWidget())

    def spoken_text(self) -> str:
        return "\n".join(
            (self.title.text(), self._intro, *(card.accessibleName() for card in self.cards))
        )

    def orientation_changed(self, portrait: bool) -> None:
        self._size_qr_codes()

    def _size_qr_codes(self) -> None:
        side = max(96, min(self.width(), self.height()) // 6)
        for qr in self.findChildren(QrCode):
            qr.set_side(side)


def _card(citation: Citation, scan_hint: str) -> QWidget:
    card = QWidget()
    card.setProperty("role", "card")
    card.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    row = QHBoxLayout(card)
    text = QVBoxLayout()
    text.addWidget(label(citation.title, "subtitle"))
    text.addWidget(label(citation.source_line, "muted"))
    text.addStretch(1)
    row.addLayout(text, 1)
    if citation.link:
        qr_column = QVBoxLayout()
        qr = QrCode(citation.link)
        qr_column.addWidget(qr, 0, Qt.AlignmentFlag.AlignHCenter)
        hint = label(scan_hint, "muted")
        hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        qr_column.addWidget(hint)
        holder = QWidget()
        holder.setLayout(qr_column)
        holder.setObjectName("qr-holder")
        row.addWidget(holder, 0)
    card.setAccessibleName(f"{citation.title}. {citation.source_line}")
    return card


class QrCode(ImageView):
    """A QR code for ``link``, drawn as SVG so it stays sharp on any screen."""

    def __init__(self, link: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import segno  # only when the research screen is built: it costs start-up time

        self.link = link
        buffer = io.BytesIO()
        segno.make(link, error="m").save(
            buffer, kind="svg", border=2, dark="#000000", light="#FFFFFF", xmldecl=False, svgns=True
        )
        self.set_svg_data(buffer.getvalue())
        self.setAccessibleName(link)

    def set_side(self, pixels: int) -> None:
        """QR codes need a fixed, square size to scan well."""
        self.setFixedSize(pixels, pixels)
