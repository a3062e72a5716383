"""Labels that only ever show plain text and always wrap."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget


def label(text: str, role: str = "body", parent: QWidget | None = None) -> QLabel:
    """Return a wrapping, plain-text label styled by ``role`` (title, body, muted ...).

    Plain text is forced: QLabel would otherwise guess "rich text" and render any tag that
    slipped into a content file as HTML.
    """
    widget = QLabel(parent)
    widget.setTextFormat(Qt.TextFormat.PlainText)
    widget.setWordWrap(True)
    # A label whose style sheet gives it a margin counts as framed, and Qt then indents
    # its text by half an "x" (QLabel.indent): large bold headings started a few pixels
    # right of the paragraphs under them. One left edge for every text.
    widget.setIndent(0)
    widget.setProperty("role", role)
    widget.setText(text)
    widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return widget


#: A list this long, of items this short, flows into two columns when both fit.
TWO_COLUMNS_FROM = 6


class BulletList(QWidget):
    """A bulleted list with hanging indents that flows into two columns, down the first
    and then the second, on a landscape screen when it is long and no item takes more
    than two lines in half the width: a list of ten symptoms need not scroll when half
    the width is free. In portrait, where height is plenty, it stays one column."""

    def __init__(self, items: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._rows: list[tuple[QLabel, QLabel]] = []
        for item in items:
            mark = label("•", "bullet-mark")
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            text = label(item, "body")
            # Top, so that a one-line item beside a two-line one starts at its bullet.
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeading)
            self._rows.append((mark, text))
        self.columns = 0
        self._place(1)

    def texts(self) -> list[QLabel]:
        return [text for _, text in self._rows]

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for mark, text in self._rows:
            self._grid.removeWidget(mark)
            self._grid.removeWidget(text)
        per_column = -(-len(self._rows) // columns)
        for index, (mark, text) in enumerate(self._rows):
            column, row = divmod(index, per_column)
            self._grid.addWidget(mark, row, 3 * column)
            self._grid.addWidget(text, row, 3 * column + 1)
        for column in range(6):
            is_text = column % 3 == 1 and column // 3 < columns
            self._grid.setColumnStretch(column, 1 if is_text else 0)
        # A gutter between the two columns, as wide as a bullet's indent twice over.
        self._grid.setColumnMinimumWidth(2, 2 * self._indent() if columns == 2 else 0)

    def _indent(self) -> int:
        mark = self._rows[0][0] if self._rows else None
        return mark.sizeHint().width() + self._grid.horizontalSpacing() if mark else 0

    def _wanted_columns(self, width: int) -> int:
        window = self.window()
        if len(self._rows) < TWO_COLUMNS_FROM or window.height() > window.width():
            return 1
        room = (width - 4 * self._indent()) // 2
        widest = max(text.fontMetrics().horizontalAdvance(text.text()) for _, text in self._rows)
        return 2 if widest <= room * 1.8 else 1

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place(self._wanted_columns(event.size().width()))


def bullet_list(items: list[str], parent: QWidget | None = None) -> QWidget:
    """Return a widget showing ``items`` as a bulleted list with hanging indents."""
    return BulletList(items, parent)


def text_column(
    title: str,
    paragraphs: list[str],
    bullets: list[str] | None = None,
    lead: str | None = None,
    footnote: str | None = None,
) -> QWidget:
    """A page of text: a title, an optional larger lead line, paragraphs, bullets and a
    small footnote, top-aligned. Every screen with running text builds it the same way."""
    page = QWidget()
    column = QVBoxLayout(page)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(label(title, "title"))
    if lead:
        column.addWidget(label(lead, "subtitle"))
    for paragraph in paragraphs:
        column.addWidget(label(paragraph, "body"))
    if bullets:
        column.addWidget(bullet_list(bullets))
    if footnote:
        column.addWidget(label(footnote, "muted"))
    column.addStretch(1)
    return page
