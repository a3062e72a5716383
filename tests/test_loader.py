"""Loading and validating content packs: every problem named with its file and line."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.errors import ContentErrors
from kiosk.loader import load_pack, validate_pack
from kiosk.model import ExplainerScreen
from kiosk.portable import MAX_PATH_CHARS

Edit = Callable[[str, str, str], Path]


def test_the_shipped_pack_is_valid(pack) -> None:  # type: ignore[no-untyped-def]
    assert pack.settings.clinic_name == "KetaMD"
    assert set(pack.languages) == set(pack.settings.languages)
    for code in pack.languages:
        assert [sid for sid, _ in pack.home_screens(code)] == pack.settings.home_menu
        assert pack.attract_screens(code), "the attract loop needs at least one slide"


def test_every_shipped_image_is_used_and_exists(pack) -> None:  # type: ignore[no-untyped-def]
    used: set[str] = set()
    for language in pack.languages.values():
        for screen in language.screens.values():
            used.add(screen.image)
            if isinstance(screen, ExplainerScreen):
                used.update(page.image for page in screen.pages if page.image)
    for image in used:
        assert pack.image_path(image).is_file(), image


def test_all_problems_are_reported_together(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "clinic_name: KetaMD", "clinic_nam: KetaMD")
    edit("en/screens/trd.yaml", "tile: What is TRD?", "tile: [What is TRD?")
    edit("en/ui.yaml", "next: Next", "next: 7")
    with pytest.raises(ContentErrors) as caught:
        load_pack(pack_copy)
    files = {error.file.name for error in caught.value.errors}
    assert files == {"settings.yaml", "trd.yaml", "ui.yaml"}


def test_a_missing_folder_is_one_clear_error(tmp_path: Path) -> None:
    errors = validate_pack(tmp_path / "nowhere")
    assert [e.message for e in errors] == ["this folder does not exist"]


def test_a_missing_settings_file_is_named(pack_copy: Path) -> None:
    (pack_copy / "settings.yaml").unlink()
    errors = validate_pack(pack_copy)
    assert [(e.file.name, e.message) for e in errors] == [("settings.yaml", "this file is missing")]


def test_a_language_without_its_folder_is_reported(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "languages: [en, es]", "languages: [en, es, fr]")
    errors = validate_pack(pack_copy)
    assert any("languages lists 'fr' but there is no folder" in e.message for e in errors)


def test_a_screen_file_name_must_be_a_plain_id(pack_copy: Path) -> None:
    screens = pack_copy / "en" / "screens"
    (screens / "trd.yaml").rename(screens / "Old TRD.yaml")
    errors = validate_pack(pack_copy)
    assert any(e.file.name == "Old TRD.yaml" and "file name" in e.message for e in errors)


def test_an_empty_file_is_explained(pack_copy: Path) -> None:
    (pack_copy / "en" / "ui.yaml").write_text("", encoding="utf-8")
    errors = validate_pack(pack_copy)
    assert [e.message for e in errors] == ["the file must be a block of 'key: value' lines"]


# --- the pack's own files: names a Windows kiosk and a Linux kiosk can both open -----------

needs_posix_names = pytest.mark.skipif(
    os.name == "nt", reason="Windows cannot even create these names: nothing to load"
)


def _copy_screen(pack_copy: Path, sid: str) -> Path:
    """A copy of the screen 'trd' as the screen ``sid``, in every language."""
    for language in ("en", "es"):
        screens = pack_copy / language / "screens"
        shutil.copyfile(screens / "trd.yaml", screens / f"{sid}.yaml")
    return pack_copy / "en" / "screens" / f"{sid}.yaml"


@needs_posix_names
@pytest.mark.parametrize(("sid", "device"), [("con", "CON"), ("nul", "NUL"), ("lpt1", "LPT1")])
def test_a_screen_file_named_like_a_windows_device_is_refused(
    pack_copy: Path, sid: str, device: str
) -> None:
    english = _copy_screen(pack_copy, sid)
    problems = [(e.file, e.line, e.message) for e in validate_pack(pack_copy)]
    expected = (
        f"Windows keeps the name '{sid}.yaml' for its {device} device (with or without an "
        "extension), so a Windows kiosk cannot open it; rename it"
    )
    spanish = pack_copy / "es" / "screens" / f"{sid}.yaml"
    assert problems == [(english, None, expected), (spanish, None, expected)]


@pytest.mark.parametrize(
    ("length", "refused"), [(MAX_PATH_CHARS, False), (MAX_PATH_CHARS + 1, True)]
)
def test_a_file_of_the_pack_may_have_a_path_as_long_as_a_windows_kiosk_can_open(
    pack_copy: Path, length: int, refused: bool
) -> None:
    sid = "t" * (length - len("en/screens/") - len(".yaml"))
    english = _copy_screen(pack_copy, sid)
    assert len(english.relative_to(pack_copy).as_posix()) == length
    problems = [(e.file, e.message) for e in validate_pack(pack_copy)]
    too_long = (
        f"this path is {length} characters long; at most {MAX_PATH_CHARS} are allowed: Windows "
        "cannot open a path over 260 characters, and the kiosk keeps the pack in a folder up "
        "to 100 characters deep; rename it or use fewer folders"
    )
    assert ((english, too_long) in problems) is refused, problems


def _case_sensitive(folder: Path) -> bool:
    probe = folder / "Case-Probe"
    probe.touch()
    try:
        return not (folder / "case-probe").exists()
    finally:
        probe.unlink()


def test_two_images_whose_names_differ_only_in_capitals_are_refused(
    edit: Edit, pack_copy: Path
) -> None:
    images = pack_copy / "images"
    if not _case_sensitive(images):
        pytest.skip("this file system keeps one file for both names: nothing to load")
    shutil.copyfile(images / "trd.svg", images / "TRD.svg")
    edit("es/screens/trd.yaml", "image: images/trd.svg", "image: images/TRD.svg")
    problems = [(e.file, e.line, e.message) for e in validate_pack(pack_copy)]
    assert problems == [
        (
            pack_copy,
            None,
            "'images/TRD.svg' and 'images/trd.svg' differ only in capital letters: Windows "
            "sees one file, so one would replace the other; rename one of them",
        )
    ]


def test_one_image_named_two_ways_is_one_file(edit: Edit, pack_copy: Path) -> None:
    edit("es/screens/trd.yaml", "image: images/trd.svg", "image: ./images/trd.svg")
    assert validate_pack(pack_copy) == []
