"""Loading and validating content packs: every problem named with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.errors import ContentErrors
from kiosk.loader import load_pack, validate_pack
from kiosk.model import ExplainerScreen

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
