"""Render every screen of a pack to PNG files, at several sizes and in both themes.

``kiosk gallery DIR`` is how the team (and a clinic's content editor) looks at everything
a patient can see without walking through it by hand.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.loader import ContentPack
from kiosk.model import ExplainerScreen, QuestionnaireScreen

if TYPE_CHECKING:
    from kiosk.router import Router

GALLERY_SIZES = ((1280, 800), (800, 1280), (1920, 1080), (3840, 2160))


def screen_states(pack: ContentPack, language: str) -> Iterator[tuple[str, str, int]]:
    """Yield (file stem, screen id or "attract"/"home", page) for everything to render."""
    yield "00-attract", "attract", 0
    yield "01-home", "home", 0
    for number, (sid, screen) in enumerate(pack.home_screens(language), start=2):
        if isinstance(screen, QuestionnaireScreen):
            for page, step in enumerate(CHECK_STEPS):
                yield f"{number:02d}-{sid}-{page + 1}-{step}", sid, page
            continue
        pages = len(screen.pages) if isinstance(screen, ExplainerScreen) else 1
        for page in range(pages):
            yield f"{number:02d}-{sid}-{page + 1}", sid, page


# What a self-check is shown at, in order: the gallery answers with the highest score
# everywhere, so the longest question, the follow-up and the support screen all appear.
CHECK_STEPS = ("intro", "first-question", "longest-question", "support", "result")


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
    from kiosk.speech import Reader

    app = QApplication.instance() or QApplication([])
    written: list[Path] = []
    for theme in themes:
        for width, height in sizes:
            # The mock speech engine, so the pictures show the read-aloud button that
            # machines with a speech engine have.
            window, router = build_ui(
                pack,
                Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0),
                reader=Reader(engine="mock"),
            )
            window.resize(width, height)
            window.show()
            for language in pack.languages:
                router.set_language(language)
                for stem, name, page in screen_states(pack, language):
                    _go(router, name, page)
                    # As a patient would: a reset restores the clinic's theme, so
                    # choose the theme again with the accessibility bar's toggle.
                    router.window.access_bar.high_contrast.setChecked(theme == "high-contrast")
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


def _go(router: Router, name: str, page: int) -> None:
    if name == "attract":
        router.show_attract()
    elif name == "home":
        router.show_home()
    elif isinstance(router.content.screens.get(name), QuestionnaireScreen):
        _go_in_check(router, name, CHECK_STEPS[page])
    else:
        router.open_screen(name, page)


def _go_in_check(router: Router, name: str, step: str) -> None:
    language = router.language
    router.end_session()  # a fresh check; the reset also returns to the default language
    router.set_language(language)
    router.open_screen(name)
    if step == "intro":
        return
    router.start_check()
    run = router.session.check
    assert run is not None
    top = len(run.instrument.options) - 1
    if step == "longest-question":
        texts = [item.text for item in run.instrument.items]
        for _ in range(texts.index(max(texts, key=len))):
            router.answer(top)
    elif step in ("support", "result"):
        while not run.is_finished():
            router.answer(top)
        if step == "result":
            router.show_result()
