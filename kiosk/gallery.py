"""Render every screen of a pack to PNG files, at several sizes and in both themes.

``kiosk gallery DIR`` is how the team (and a clinic's content editor) looks at everything
a patient can see without walking through it by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from kiosk.loader import ContentPack
from kiosk.model import ExplainerScreen

GALLERY_SIZES = ((1280, 800), (800, 1280), (1920, 1080), (3840, 2160))


def screen_states(pack: ContentPack, language: str) -> Iterator[tuple[str, str, int]]:
    """Yield (file stem, screen id or "attract"/"home", page) for everything to render."""
    yield "00-attract", "attract", 0
    yield "01-home", "home", 0
    for number, (sid, screen) in enumerate(pack.home_screens(language), start=2):
        pages = len(screen.pages) if isinstance(screen, ExplainerScreen) else 1
        for page in range(pages):
            yield f"{number:02d}-{sid}-{page + 1}", sid, page


def render_gallery(
    pack: ContentPack,
    out_dir: Path,
    sizes: tuple[tuple[int, int], ...] = GALLERY_SIZES,
    themes: tuple[str, ...] = ("garden", "high-contrast"),
) -> list[Path]:
    """Render every screen into ``out_dir``; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.theme import THEMES

    app = QApplication.instance() or QApplication([])
    written: list[Path] = []
    for theme in themes:
        for width, height in sizes:
            window, router = build_ui(pack, Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0))
            window.set_palette(THEMES[theme])
            window.resize(width, height)
            window.show()
            for language in pack.languages:
                router.set_language(language)
                for stem, name, page in screen_states(pack, language):
                    _go(router, name, page)
                    app.processEvents()
                    folder = out_dir / f"{width}x{height}-{theme}-{language}"
                    folder.mkdir(parents=True, exist_ok=True)
                    path = folder / f"{stem}.png"
                    window.grab().save(str(path))
                    written.append(path)
            window.close()
            window.deleteLater()
            app.processEvents()
    return written


def _go(router: object, name: str, page: int) -> None:
    from kiosk.router import Router

    assert isinstance(router, Router)
    if name == "attract":
        router.show_attract()
    elif name == "home":
        router.show_home()
    else:
        router.open_screen(name, page)
