"""Labels that only ever show plain text and always wrap."""

from __future__ import annotations

from PySide6.QtCore import Qt
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


def bullet_list(items: list[str], parent: QWidget | None = None) -> QWidget:
    """Return a widget showing ``items`` as a bulleted list with hanging indents."""
    box = QWidget(parent)
    grid = QGridLayout(box)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setColumnStretch(1, 1)
    for row, item in enumerate(items):
        mark = label("•", "bullet-mark")
        mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        grid.addWidget(mark, row, 0)
        grid.addWidget(label(item, "body"), row, 1)
    return box


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
