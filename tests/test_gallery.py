"""``kiosk gallery`` pictures what patients and staff see, in every language of the pack:
the follow-up question, the idle warning, the staff PIN pad and the staff panel, with
larger text too, each in that language's own words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractButton, QScrollArea, QWidget

from kiosk import gallery
from kiosk.loader import ContentPack
from kiosk.model import StaffStrings
from kiosk.views.staff_panel import StaffPanel

from .helpers import visible_labels

# One size and theme: every size and theme is drawn by the same code, and the portrait
# tablet is where long words run out of room first.
SIZE = (800, 1280)
LANGUAGES = ("en", "es")


@dataclass
class Shown:
    """What was on screen when one picture was saved."""

    texts: list[str]
    larger_text: bool
    report: tuple[int, int] | None  # an open staff panel's report: scrolled to, of how far


@dataclass
class Gallery:
    folder: Path
    written: list[Path]
    shown: dict[Path, Shown]
    state: Path  # the kiosk's state folder while the gallery ran

    def picture(self, language: str, name: str) -> Path:
        return self.folder / f"{SIZE[0]}x{SIZE[1]}-garden-{language}" / name


def _shown(window: QWidget) -> Shown:
    texts = [label.text() for label in visible_labels(window)]
    # Buttons by what a screen reader says: a caption without the icon's spacing, and
    # the PIN pad's ⌫ and OK keys by their translated names.
    texts += [
        button.accessibleName()
        for button in window.findChildren(QAbstractButton)
        if button.isVisibleTo(window)
    ]
    larger = window.access_bar.larger_text.isChecked()  # type: ignore[attr-defined]
    panel = window.findChild(StaffPanel)
    report = None
    if panel is not None and panel.isVisible():
        area = panel.findChild(QScrollArea)
        assert area is not None
        bar = area.verticalScrollBar()
        report = (bar.value(), bar.maximum())
    return Shown(texts, larger, report)


@pytest.fixture(scope="module")
def pictured(qapp, pack: ContentPack, tmp_path_factory: pytest.TempPathFactory) -> Gallery:  # type: ignore[no-untyped-def]
    """The gallery of the shipped pack, rendered once, with what each picture showed."""
    out = tmp_path_factory.mktemp("gallery")
    state = tmp_path_factory.mktemp("state")
    shown: dict[Path, Shown] = {}
    save = gallery._save

    def recording_save(window: QWidget, path: Path) -> Path:
        shown[path] = _shown(window)
        return save(window, path)

    with pytest.MonkeyPatch.context() as patch:
        # The module's fixture runs outside the per-test private state folder: give it one.
        patch.setenv("KIOSK_STATE_DIR", str(state))
        patch.setattr(gallery, "_save", recording_save)
        written = gallery.render_gallery(pack, out, sizes=(SIZE,), themes=("garden",))
    return Gallery(out, written, shown, state)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "name",
    [
        "96-pin-pad.png",
        "96-pin-pad-larger-text.png",
        "97-staff-panel.png",
        "97-staff-panel-larger-text.png",
        "97-staff-panel-end.png",
        "97-staff-panel-end-larger-text.png",
        "98-night.png",
        "99-still-there.png",
        "99-still-there-larger-text.png",
    ],
)
def test_every_language_has_the_idle_warning_and_the_staff_screens(
    pictured: Gallery, language: str, name: str
) -> None:
    path = pictured.picture(language, name)
    assert path in pictured.written
    picture = QImage(str(path))
    assert (picture.width(), picture.height()) == SIZE, path.name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_the_follow_up_question(
    pictured: Gallery, pack: ContentPack, language: str
) -> None:
    follow_up = pack.language(language).screens["phq9"].follow_up
    assert follow_up is not None
    for suffix in ("", "-larger-text"):
        [path] = pictured.picture(language, "x").parent.glob(f"*-phq9-*-follow-up{suffix}.png")
        assert follow_up.text in pictured.shown[path].texts, path.name


def test_larger_text_pictures_are_drawn_with_larger_text(pictured: Gallery) -> None:
    assert pictured.shown, "nothing was recorded"
    for path, shown in pictured.shown.items():
        assert shown.larger_text == path.stem.endswith("-larger-text"), path.name


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("suffix", ["", "-larger-text"])
def test_the_staff_pictures_speak_their_own_language(
    pictured: Gallery, pack: ContentPack, language: str, suffix: str
) -> None:
    staff = pack.language(language).ui.staff
    pad = pictured.shown[pictured.picture(language, f"96-pin-pad{suffix}.png")].texts
    assert staff.pin_title in pad
    assert staff.pin_delete in pad  # the ⌫ key, for a screen reader
    assert staff.pin_wrong.format(tries=4) in pad  # as after the first wrong PIN
    panel = pictured.shown[pictured.picture(language, f"97-staff-panel{suffix}.png")].texts
    for text in (staff.panel_title, staff.reset_session, staff.exit_kiosk, staff.close):
        assert text in panel
    [status] = [text for text in panel if staff.content_valid in text]
    # Plain example values, not this machine's: every gallery draws the same panel.
    assert (
        staff.kiosk_line.format(
            name=pack.settings.kiosk_name,
            version=gallery.EXAMPLE_VERSION,
            uptime="2 d 3 h 5 min",
        )
        in status
    )
    assert gallery.EXAMPLE_CONTENT_DIR.replace("/", "/\u200b") in status
    assert staff.no_alerts in status


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("suffix", ["", "-larger-text"])
def test_the_staff_panel_is_pictured_at_the_top_and_the_end_of_its_report(
    pictured: Gallery, language: str, suffix: str
) -> None:
    top = pictured.shown[pictured.picture(language, f"97-staff-panel{suffix}.png")]
    end = pictured.shown[pictured.picture(language, f"97-staff-panel-end{suffix}.png")]
    assert top.report is not None
    assert end.report is not None
    assert top.report[0] == 0, top.report
    assert end.report[0] == end.report[1], end.report
    # Spanish words are longer: on the portrait tablet its report is longer than the
    # panel, and its last lines (the version, the content folder) are seen only in the
    # second picture.
    if language == "es":
        assert end.report[1] > 0, "the Spanish report fits: this test shows nothing"


def test_the_spanish_staff_pictures_have_no_english(pictured: Gallery) -> None:
    english = StaffStrings()
    for name in ("96-pin-pad.png", "97-staff-panel.png"):
        texts = pictured.shown[pictured.picture("es", name)].texts
        for text in (english.pin_title, english.panel_title, english.cancel, english.close):
            assert text not in texts, f"{text!r} on the Spanish {name}"


def test_the_pin_pad_pictures_leave_the_machines_pin_alone(pictured: Gallery) -> None:
    # Wrong PINs were typed: they must count in a folder of the gallery's own, never in
    # the kiosk's state folder, where they would lock the real pad.
    assert not list(pictured.state.rglob("staff-pin*")), list(pictured.state.rglob("*"))
