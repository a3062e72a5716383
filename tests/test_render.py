"""Every screen renders, at landscape 1080p and portrait tablet size, with nothing cut off."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication

from kiosk.gallery import _go as go_to
from kiosk.gallery import screen_states
from kiosk.views.widgets.buttons import KioskButton

from .conftest import SIZES
from .helpers import distinct_colours, tap, visible_labels


def _states():  # type: ignore[no-untyped-def]
    from kiosk.loader import load_pack
    from kiosk.paths import bundled_content_dir

    pack = load_pack(bundled_content_dir())
    return [(name, page) for _, name, page in screen_states(pack, pack.settings.default_language)]


STATES = _states()


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("larger_text", [False, True], ids=["normal-text", "larger-text"])
@pytest.mark.parametrize("size", list(SIZES.values()), ids=list(SIZES))
def test_every_screen_renders_and_fits(  # type: ignore[no-untyped-def]
    kiosk_ui, size: tuple[int, int], larger_text: bool, language: str
) -> None:
    window, router = kiosk_ui(size=size)
    router.set_language(language)
    screen_rect = QRect(0, 0, *size)
    for name, page in STATES:
        go_to(router, name, page)
        window.access_bar.larger_text.setChecked(larger_text)  # as the patient chose
        if router.language != language:
            router.set_language(language)
            router._refresh_current()
        QApplication.processEvents()
        where = f"{name} page {page + 1} at {size}"
        image = window.grab().toImage()
        assert (image.width(), image.height()) == size
        assert distinct_colours(image) > 20, f"{where} looks blank"
        current = window.stack.currentWidget()
        for label in visible_labels(current):
            rect = QRect(label.mapTo(window, label.rect().topLeft()), label.size())
            assert rect.width() <= size[0], (
                f"{where}: {label.text()[:40]!r} is wider than the screen"
            )
            assert label.width() >= label.minimumSizeHint().width() or label.wordWrap(), where
            if not _inside_scroll_area(label):
                assert screen_rect.contains(rect), f"{where}: {label.text()[:40]!r} is off screen"
        buttons = [*current.findChildren(KioskButton), *window.access_bar.findChildren(KioskButton)]
        for button in buttons:
            if button.isVisibleTo(window) and not _inside_scroll_area(button):
                rect = QRect(button.mapTo(window, button.rect().topLeft()), button.size())
                assert screen_rect.contains(rect), f"{where}: {button.text()!r} is off screen"
                assert button.height() >= 48, f"{where}: {button.text()!r} is too small to touch"
    assert (window.width(), window.height()) == size, "the window grew past the screen"


def _inside_scroll_area(widget) -> bool:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def test_primary_buttons_are_at_least_64px_at_1080p(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(size=(1920, 1080))
    router.open_screen("trd")
    QApplication.processEvents()
    assert router.explainer.next_button.height() >= 64
    assert router.explainer.home_button.height() >= 64


def test_text_grows_with_the_screen(kiosk_ui) -> None:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(size=(1920, 1080))
    router.open_screen("trd")
    QApplication.processEvents()
    small = router.explainer.next_button.fontInfo().pixelSize()
    window.resize(3840, 2160)
    QApplication.processEvents()
    large = router.explainer.next_button.fontInfo().pixelSize()
    assert large >= 1.8 * small


def test_the_window_covers_the_screen_it_is_on(qtbot, pack) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader
    from kiosk.views.window_setup import cover_screen

    window, _ = build_ui(
        pack, Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0), reader=Reader(engine="mock")
    )
    qtbot.addWidget(window)
    screen = QApplication.primaryScreen()
    cover_screen(window, screen)
    qtbot.waitExposed(window)
    assert window.geometry() == screen.geometry()
    assert window.isFullScreen()


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 800), (800, 1280)])
def test_the_idle_warning_is_never_squeezed_with_larger_text(kiosk_ui, size) -> None:  # type: ignore[no-untyped-def]
    """The countdown a patient who chose larger text reads must be whole: its card grows
    to what its wrapped text needs, never squeezing the big seconds."""
    from kiosk.views.still_there import StillThereOverlay

    window, router = kiosk_ui(size=size)
    router.show_home()
    tap(window.access_bar.larger_text)
    ui = router.content.ui
    warning = StillThereOverlay(window, 20_000)
    warning.set_texts(ui.still_there_title, ui.still_there_body, ui.still_there_button)
    window.apply_sizes(warning)
    warning.start()
    QApplication.processEvents()
    for part in (warning.title, warning.count, warning.body):
        needed = part.heightForWidth(part.width())
        assert part.height() >= needed, (part.text(), part.height(), needed)
    assert warning.button.geometry().bottom() <= warning.card.height()
    warning.cancel()
