"""Render every screen of a pack to PNG files, at several sizes and in both themes.

``kiosk gallery DIR`` is how the team (and a clinic's content editor, or a translator)
looks at everything a patient, and the staff, can see without walking through it by hand.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.loader import ContentPack
from kiosk.model import ExplainerScreen, QuestionnaireScreen, StaffStrings

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from kiosk.router import Router
    from kiosk.views.staff_panel import StaffPanel, StaffStatus
    from kiosk.views.still_there import StillThereOverlay

GALLERY_SIZES = ((1280, 800), (800, 1280), (1024, 768), (1920, 1080), (3840, 2160))

# Pictures over the screens, numbered down from 99 so that they sort after every screen
# of the home menu (which counts up from 00). The staff's two come in the order staff
# meet them: the PIN pad, then the panel behind it.
PIN_PAD = "96-pin-pad"
STAFF_PANEL = "97-staff-panel"
STAFF_PANEL_END = "97-staff-panel-end"  # its report scrolled to the last line
NIGHT = "98-night"
STILL_THERE = "99-still-there"
LARGER_TEXT_SUFFIX = "-larger-text"

# The staff panel's status in the pictures: plain example values, nothing read from this
# machine (its alerts, its version, its folders, how long it has run), so that every
# gallery of a pack draws the same panel, wherever it is made.
EXAMPLE_VERSION = "1.0.0"
EXAMPLE_CONTENT_DIR = "/var/lib/ketamd-kiosk/content"  # where deploy/install.sh keeps it
EXAMPLE_DESTINATION = "mailtos://…@mail.clinic.example"  # as the panel masks an address
EXAMPLE_UPTIME_S = 2 * 86_400 + 3 * 3600 + 5 * 60


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
    """Render every screen into ``out_dir``, with normal and larger text, then the
    "Are you still there?" warning, the night screen, the staff PIN pad and the staff
    panel; return the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    written: list[Path] = []
    for theme in themes:
        for width, height in sizes:
            written += _render_size(pack, out_dir, theme, (width, height))
            app.processEvents()
    return written


def _render_size(pack: ContentPack, out_dir: Path, theme: str, size: tuple[int, int]) -> list[Path]:
    """Every picture of one screen size and theme, in every language."""
    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader
    from kiosk.views.night import NightOverlay
    from kiosk.views.staff_panel import StaffPanel
    from kiosk.views.still_there import StillThereOverlay

    # The mock speech engine, so the pictures show the read-aloud button that machines
    # with a speech engine have.
    window, router = build_ui(
        pack,
        Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0),
        reader=Reader(engine="mock"),
    )
    window.resize(*size)
    window.show()
    still_there = StillThereOverlay(window, countdown_ms=20_000)
    night = NightOverlay(window)
    staff = StaffPanel(window, idle_close_ms=3_600_000)  # never closes while pictured
    written: list[Path] = []
    for language in pack.languages:
        router.set_language(language)
        folder = out_dir / f"{size[0]}x{size[1]}-{theme}-{language}"
        folder.mkdir(parents=True, exist_ok=True)
        written += _screens(router, language, theme, folder)
        written += _still_there(router, still_there, language, theme, folder)
        # Outside opening hours: the near-black night screen. It follows a reset, which
        # restores the clinic's text size, so it has no larger-text picture.
        _choose(router, theme, larger=False)
        night.show_night(pack.clinic_name(language))
        written.append(_save(window, folder / f"{NIGHT}.png"))
        night.hide()
        written += _staff_screens(router, staff, language, theme, folder)
    window.close()
    window.deleteLater()
    return written


def _screens(router: Router, language: str, theme: str, folder: Path) -> list[Path]:
    written = []
    for larger in (False, True):
        for stem, name, page in screen_states(router.pack, language):
            _go(router, name, page)
            _choose(router, theme, larger)
            written.append(_save(router.window, folder / _file_name(stem, larger)))
    return written


def _still_there(
    router: Router, overlay: StillThereOverlay, language: str, theme: str, folder: Path
) -> list[Path]:
    """The idle warning, over a question the patient walked away from, at the text size
    that patient chose."""
    written = []
    for larger in (False, True):
        _go(router, _first_instrument(router.pack, language) or "home", 1)
        _choose(router, theme, larger)
        ui = router.content.ui
        overlay.set_texts(ui.still_there_title, ui.still_there_body, ui.still_there_button)
        overlay.start()
        written.append(_save(router.window, folder / _file_name(STILL_THERE, larger)))
        overlay.cancel()
    return written


def _staff_screens(
    router: Router, panel: StaffPanel, language: str, theme: str, folder: Path
) -> list[Path]:
    """The PIN pad and the staff panel over the home menu, in this language's staff
    texts (on the kiosk staff read the default language's; here each translator sees
    their own), at both text sizes: a patient's larger text stays on under them."""
    texts = router.pack.language(language).ui.staff
    written = []
    for larger in (False, True):
        router.show_home()
        _choose(router, theme, larger)
        written.append(_pin_pad(router.window, texts, folder / _file_name(PIN_PAD, larger)))
        panel.set_texts(texts)
        panel.open_panel(example_status(router.pack))
        _scroll_report(panel, to_end=False)
        written.append(_save(router.window, folder / _file_name(STAFF_PANEL, larger)))
        _scroll_report(panel, to_end=True)
        written.append(_save(router.window, folder / _file_name(STAFF_PANEL_END, larger)))
        panel.close_panel()
    return written


def _scroll_report(panel: StaffPanel, to_end: bool) -> None:
    """Scroll the panel's report to its first or last line. It is longer than the panel on
    most screens, and its last lines (usage, version, content folder) have words to
    translate too."""
    from PySide6.QtWidgets import QApplication, QScrollArea

    QApplication.processEvents()  # the report's height is known once it is laid out
    area = panel.findChild(QScrollArea)
    if area is None:  # a report that no longer scrolls (tests/test_gallery.py notices)
        return
    bar = area.verticalScrollBar()
    bar.setValue(bar.maximum() if to_end else bar.minimum())


def _pin_pad(window: QWidget, texts: StaffStrings, path: Path) -> Path:
    """The PIN pad as staff see it after one wrong PIN."""
    from kiosk.pin import PinGuard
    from kiosk.views.pin_pad import PinPadOverlay

    # A guard of its own over an empty temporary folder: the machine's PIN and lock-out
    # files are never read or written, and each picture shows the first wrong try.
    with tempfile.TemporaryDirectory(prefix="kiosk-gallery-pin-") as folder:
        # As if a PIN were set (else the pad only says how to set one); none is stored
        # in that folder, so the PIN typed is wrong.
        pad = PinPadOverlay(window, PinGuard(Path(folder)), pin_is_set=lambda: True)
        pad.set_texts(texts)
        pad.open_pad()
        pad.enter("0000")
        saved = _save(window, path)
        pad.hide()
        pad.deleteLater()
    return saved


def example_status(pack: ContentPack) -> StaffStatus:
    """What the staff panel reports in the gallery: alerts set up, none sent, a week's
    usage, valid content."""
    from kiosk.guard import uptime_text
    from kiosk.usage import LARGER_TEXT, READ_ALOUD, SESSIONS, summary_lines
    from kiosk.views.staff_panel import StaffStatus

    return StaffStatus(
        kiosk_name=pack.settings.kiosk_name,
        version=EXAMPLE_VERSION,
        content_dir=EXAMPLE_CONTENT_DIR,
        uptime=uptime_text(EXAMPLE_UPTIME_S),
        content_problems=[],
        alert_destinations=[EXAMPLE_DESTINATION],
        alerts=[],
        unacknowledged_alerts=0,
        config_problems=[],
        health="up",
        usage=summary_lines({SESSIONS: 42, LARGER_TEXT: 6, READ_ALOUD: 3}),
    )


def _choose(router: Router, theme: str, larger: bool) -> None:
    # As a patient would: a reset restores the clinic's theme and text size, so choose
    # them again with the accessibility bar after every move.
    bar = router.window.access_bar
    bar.high_contrast.setChecked(theme == "high-contrast")
    bar.larger_text.setChecked(larger)


def _file_name(stem: str, larger: bool) -> str:
    return f"{stem}{LARGER_TEXT_SUFFIX if larger else ''}.png"


def _save(window: QWidget, path: Path) -> Path:
    """Draw what is pending, then save the window as it looks now."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    window.grab().save(str(path))
    return path


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
