"""Checks that catch design drift, from widget geometry, on every screen of the gallery.

At five screen sizes, in both themes and both languages:
* texts that share a column start on one left edge (within 2 px);
* the forward action's right edge sits on the screen margin, the secondary action's left
  edge on the other margin;
* no label and no button is too small for its text (nothing clipped);
* every touch target is at least 34 px (9 mm on a 24-inch 1080p screen), primary
  actions at least 48 px.
"""

from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.gallery import _go as go_to
from kiosk.gallery import screen_states
from kiosk.views.widgets.buttons import KioskButton
from kiosk.views.widgets.text import BulletList

from .helpers import visible_labels

GRID_SIZES = [(1280, 800), (800, 1280), (1024, 768), (1920, 1080), (3840, 2160)]
FORWARD = {"next", "continue", "start", "done"}
SECONDARY_BOTTOM = {"back"}
MIN_TARGET, MIN_PRIMARY = 34, 48
TOLERANCE = 2


def _states():  # type: ignore[no-untyped-def]
    from kiosk.loader import load_pack
    from kiosk.paths import bundled_content_dir

    pack = load_pack(bundled_content_dir())
    return [(name, page) for _, name, page in screen_states(pack, "en")]


STATES = _states()


def _left(widget: QWidget, window: QWidget) -> int:
    """Where a widget's text starts: its contents, plus the indent QLabel adds when it
    has a frame (as QLabel::paintEvent computes it), which the box does not show."""
    start = widget.contentsRect().left()
    if isinstance(widget, QLabel):
        indent = widget.indent()
        if indent < 0 and widget.frameWidth():
            indent = widget.fontMetrics().horizontalAdvance("x") // 2 - widget.margin()
        start += max(0, indent)
    return widget.mapTo(window, QPoint(start, 0)).x()


def _centred(label: QLabel) -> bool:
    return bool(label.alignment() & (Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignRight))


def _in_button(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractButton):
            return True
        parent = parent.parentWidget()
    return False


def _column_problems(screen: QWidget, window: QWidget, where: str) -> list[str]:
    """Texts with the same parent (a column) must start on one left edge."""
    edges: dict[QWidget, list[tuple[int, str]]] = defaultdict(list)
    for label in visible_labels(screen):
        parent = label.parentWidget()
        if parent is None or _centred(label) or _in_button(label):
            continue
        if isinstance(parent, BulletList) or label.property("role") == "status":
            continue  # bullet texts hang after their mark; a status sits beside its button
        edges[parent].append((_left(label, window), label.text()[:30]))
    for bullets in screen.findChildren(BulletList):
        if bullets.isVisibleTo(screen) and bullets.parentWidget() is not None:
            edges[bullets.parentWidget()].append((_left(bullets, window), "(a bullet list)"))
    problems = []
    for items in edges.values():
        lefts = {x for x, _ in items}
        if len(items) > 1 and max(lefts) - min(lefts) > TOLERANCE:
            problems.append(f"{where}: left edges {sorted(items)}")
    return problems


def _action_problems(screen: QWidget, window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    margin = window.sizes.margin
    problems = []
    for button in screen.findChildren(KioskButton):
        if not button.isVisibleTo(screen):
            continue
        rect = button.rect().translated(button.mapTo(window, QPoint(0, 0)))
        off_right = abs(rect.right() + 1 - (window.width() - margin)) > TOLERANCE
        if button.objectName() in FORWARD and off_right:
            problems.append(f"{where}: forward {button.caption()!r} ends at {rect.right()}")
        off_left = abs(rect.left() - margin) > TOLERANCE
        if button.objectName() in SECONDARY_BOTTOM and off_left:
            problems.append(f"{where}: {button.caption()!r} starts at {rect.left()}")
    return problems


def _clipping_problems(screen: QWidget, where: str) -> list[str]:
    problems = []
    for label in visible_labels(screen):
        if label.wordWrap() and label.height() + 1 < label.heightForWidth(label.width()):
            problems.append(f"{where}: {label.text()[:30]!r} is cut off")
    for button in screen.findChildren(KioskButton):
        shown = button.isVisibleTo(screen) and button.text().strip()
        if shown and button.width() + 1 < button.sizeHint().width():
            problems.append(f"{where}: the button {button.caption()!r} is too narrow")
    return problems


def _target_problems(window, where: str) -> list[str]:  # type: ignore[no-untyped-def]
    problems = []
    for button in window.findChildren(QAbstractButton):
        if not button.isVisibleTo(window) or not button.isEnabled():
            continue
        smallest = min(button.width(), button.height())
        needed = MIN_PRIMARY if button.property("kind") == "primary" else MIN_TARGET
        if smallest < needed:
            name = button.accessibleName() or button.objectName()
            problems.append(f"{where}: {name!r} is {smallest} px, below {needed}")
    return problems


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("theme", ["garden", "high-contrast"])
@pytest.mark.parametrize("size", GRID_SIZES, ids=[f"{w}x{h}" for w, h in GRID_SIZES])
def test_every_screen_keeps_to_the_grid(kiosk_ui, size, theme, language) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(size=size)
    problems: list[str] = []
    for name, page in STATES:
        go_to(router, name, page)
        if router.language != language:
            router.set_language(language)
            router._refresh_current()
        window.access_bar.high_contrast.setChecked(theme == "high-contrast")
        QApplication.processEvents()
        where = f"{name} {page + 1} {size[0]}x{size[1]} {theme} {language}"
        screen = window.stack.currentWidget()
        problems += _column_problems(screen, window, where)
        problems += _action_problems(screen, window, where)
        problems += _clipping_problems(screen, where)
        problems += _target_problems(window, where)
    assert problems == []
