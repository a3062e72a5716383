"""The research screen: every article the clinic cites, with a QR code where checked."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.images import ImageView
from kiosk.views.widgets.layout import ScreenBase, touch_scroll_area
from kiosk.views.widgets.text import label


@dataclass(frozen=True)
class Citation:
    """One article as shown: title, "source · year", a checked link or none, and the
    authors where the pack names them."""

    title: str
    source_line: str
    link: str | None
    authors: str | None = None

    @property
    def article_line(self) -> str:
        """The line under the title: "authors · source · year"."""
        return " · ".join(part for part in (self.authors, self.source_line) if part)


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
        self.cards: list[ArticleCard] = []
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
        portrait = self.is_portrait()
        self.cards = [ArticleCard(citation, scan_hint, portrait) for citation in citations]
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
        for card in self.cards:
            card.set_portrait(portrait)
        self._size_qr_codes()

    def _size_qr_codes(self) -> None:
        side = max(96, min(self.width(), self.height()) // 6)
        for qr in self.findChildren(QrCode):
            qr.set_side(side)


class ArticleCard(QWidget):
    """One article: its title and "authors · source · year", and where a link was
    checked, its QR code beside them and the link printed for a patient without a phone
    camera to copy by hand.

    In portrait the printed link spans the card under the QR code: a column as narrow as
    the QR code would cut a DOI into pieces of a few characters. In landscape it ends the
    wide text column instead, level with the foot of the QR code's hint, so that the
    card grows no taller and the link does not sit alone under an empty gap.
    """

    def __init__(self, citation: Citation, scan_hint: str, portrait: bool) -> None:
        super().__init__()
        self.setProperty("role", "card")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setAccessibleName(f"{citation.title}. {citation.article_line}")
        self._grid = QGridLayout(self)
        self._grid.addWidget(label(citation.title, "subtitle"), 0, 0)
        # A no-break space before each "·": a line that wraps there ends with the dot
        # ("... Mental Health ·"), never starts with one.
        line = citation.article_line.replace(" · ", "\u00a0· ")
        self._grid.addWidget(label(line, "muted"), 1, 0)
        self._grid.setRowStretch(2, 1)  # row 3: the printed link, at the card's foot
        self._grid.setColumnStretch(0, 1)
        self._qr: QWidget | None = None
        self.printed_link: QLabel | None = None
        if citation.link:
            self._qr = _qr_holder(citation.link, scan_hint)
            self.printed_link = printed_link(citation.link)
            self.setAccessibleDescription(self.printed_link.accessibleName())
        self._portrait: bool | None = None
        self.set_portrait(portrait)

    def set_portrait(self, portrait: bool) -> None:
        """Put the printed link under the QR code (portrait) or beside it (landscape)."""
        if portrait == self._portrait:
            return
        self._portrait = portrait
        if self._qr is None or self.printed_link is None:
            return
        for widget in (self._qr, self.printed_link):
            self._grid.removeWidget(widget)
        top = Qt.AlignmentFlag.AlignTop
        self._grid.addWidget(self._qr, 0, 1, 3 if portrait else 4, 1, top)
        self._grid.addWidget(self.printed_link, 3, 0, 1, 2 if portrait else 1)


def _qr_holder(link: str, scan_hint: str) -> QWidget:
    qr_column = QVBoxLayout()
    qr_column.addWidget(QrCode(link), 0, Qt.AlignmentFlag.AlignHCenter)
    hint = label(scan_hint, "muted")
    hint.setAlignment(Qt.AlignmentFlag.AlignHCenter)
    qr_column.addWidget(hint)
    holder = QWidget()
    holder.setLayout(qr_column)
    holder.setObjectName("qr-holder")
    return holder


def printed_link(link: str) -> QLabel:
    """``link`` as a patient would type it: without "https://", and with places to
    break a long one that Qt would not find by itself."""
    short = link.removeprefix("https://")
    printed = label(_breakable(short), "body")
    printed.setObjectName("printed-link")
    printed.setAccessibleName(short)  # without the invisible break hints
    return printed


_ZERO_WIDTH_SPACE = "\u200b"
# Qt breaks a link after "/" and "-" by itself; a longer run of other characters
# ("cleveland_clinic_unveils_its_t.html") would push the card wider than a portrait
# screen. Such a run may break before ". _ ? & = #", as printed references do, and
# every 20 characters where it has none of them.
_UNBROKEN = re.compile(r"[^/\-\s]{21,}")
_BREAK_BEFORE = re.compile(r"(?=[._?&=#])")


def _breakable(link: str) -> str:
    return _UNBROKEN.sub(lambda run: _hint_breaks(run.group()), link)


def _hint_breaks(run: str) -> str:
    pieces = [piece for piece in _BREAK_BEFORE.split(run) if piece]
    chunks = [piece[i : i + 20] for piece in pieces for i in range(0, len(piece), 20)]
    return _ZERO_WIDTH_SPACE.join(chunks)


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
