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

GALLERY_SIZES = ((1280, 800), (800, 1280), (1024, 768), (1920, 1080), (3840, 2160))


def screen_states(pack: ContentPack, language: str) -> Iterator[tuple[str, str, int]]:
    """Yield (file stem, screen id or "attract"/"home", page) for everything to render."""
    yield "00-attract", "attract", 0
    yield "01-home", "home", 0
    for number, (sid, screen) in enumerate(pack.home_screens(language), start=2):
        if isinstance(screen, QuestionnaireScreen):
            for page, step in enumerate(CHECK_STEPS):
                if step == "follow-up" and screen.follow_up is None:
                    continue
                yield f"{number:02d}-{sid}-{page + 1}-{step}", sid, page
            continue
        pages = len(screen.pages) if isinstance(screen, ExplainerScreen) else 1
        for page in range(pages):
            yield f"{number:02d}-{sid}-{page + 1}", sid, page


# What a self-check is shown at, in order: the gallery answers with the highest score
# everywhere, so the longest question, the support screen (right after the safety item),
# the follow-up question and the result with its safety note all appear.
CHECK_STEPS = ("intro", "first-question", "longest-question", "support", "follow-up", "result")


def render_gallery(
    pack: ContentPack,
    out_dir: Path,
    sizes: tuple[tuple[int, int], ...] = GALLERY_SIZES,
    themes: tuple[str, ...] = ("garden", "high-contrast"),
) -> list[Path]:
    """Render every screen into ``out_dir``, with normal and larger text, and the
    "Are you still there?" warning and the night screen; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader
    from kiosk.views.night import NightOverlay
    from kiosk.views.still_there import StillThereOverlay

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
            still_there = StillThereOverlay(window, countdown_ms=20_000)
            night = NightOverlay(window)
            for language in pack.languages:
                router.set_language(language)
                folder = out_dir / f"{width}x{height}-{theme}-{language}"
                folder.mkdir(parents=True, exist_ok=True)
                for larger in (False, True):
                    for stem, name, page in screen_states(pack, language):
                        _go(router, name, page)
                        # As a patient would: a reset restores the clinic's theme and
                        # text size, so choose them again with the accessibility bar.
                        bar = router.window.access_bar
                        bar.high_contrast.setChecked(theme == "high-contrast")
                        bar.larger_text.setChecked(larger)
                        app.processEvents()
                        path = folder / f"{stem}{'-larger-text' if larger else ''}.png"
                        window.grab().save(str(path))
                        written.append(path)
                # The idle warning, over a question the patient walked away from.
                _go(router, _first_instrument(pack, language) or "home", 1)
                router.window.access_bar.high_contrast.setChecked(theme == "high-contrast")
                ui = router.content.ui
                still_there.set_texts(
                    ui.still_there_title, ui.still_there_body, ui.still_there_button
                )
                still_there.start()
                app.processEvents()
                path = folder / "99-still-there.png"
                window.grab().save(str(path))
                written.append(path)
                still_there.cancel()
                # Outside opening hours: the near-black night screen.
                night.show_night(pack.clinic_name(language))
                app.processEvents()
                path = folder / "98-night.png"
                window.grab().save(str(path))
                written.append(path)
                night.hide()
            window.close()
            window.deleteLater()
            app.processEvents()
    return written


def _first_instrument(pack: ContentPack, language: str) -> str | None:
    return next(
        (sid for sid, s in pack.home_screens(language) if isinstance(s, QuestionnaireScreen)),
        None,
    )


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
        return
    if step == "first-question":
        return
    # Highest answers until the support screen (right after the safety item), then on.
    while not run.is_finished() and router.window.stack.currentWidget() is not router.support:
        router.answer(top)
    if step == "support":
        router.show_staff_status("told")  # as when a staff destination confirmed delivery
        return
    if router.window.stack.currentWidget() is router.support:
        router.continue_after_support()
    while not run.is_finished() and not (step == "follow-up" and run.is_follow_up()):
        router.answer(top)
