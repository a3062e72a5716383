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

from .helpers import tap
from .test_selfcheck import open_check

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


# --- another clinic: keys in the wrong place, and packs without a support screen ---


def _messages(pack_dir: Path, file_name: str) -> list[str]:
    return [e.message for e in validate_pack(pack_dir) if e.file.name == file_name]


def test_a_key_in_the_wrong_file_says_where_it_belongs(edit: Edit, pack_copy: Path) -> None:
    edit("es/support.yaml", "title:", "clinic_name: Clínica KetaMD\ntitle:")
    assert _messages(pack_copy, "support.yaml") == [
        "unknown key 'clinic_name' here: it belongs in settings.yaml or each language's ui.yaml"
    ]


def test_a_key_at_the_wrong_level_says_under_what(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "default_language: en", "default_language: en\nseconds_per_slide: 8")
    assert _messages(pack_copy, "settings.yaml") == [
        "unknown key 'seconds_per_slide' here: it belongs in settings.yaml under 'attract'"
    ]


def test_a_typo_is_still_guessed_and_never_as_itself(edit: Edit, pack_copy: Path) -> None:
    edit("es/ui.yaml", "home_title:", "home_titel:")
    messages = _messages(pack_copy, "ui.yaml")
    assert "unknown key 'home_titel' (did you mean 'home_title'?)" in messages


def test_a_name_per_language_in_settings_says_where_each_goes(edit: Edit, pack_copy: Path) -> None:
    edit(
        "settings.yaml",
        "clinic_name: KetaMD",
        "clinic_name:\n  en: KetaMD\n  fr: Centre KetaMD",
    )
    assert _messages(pack_copy, "settings.yaml") == [
        "'clinic_name' should be text, not a text per language: this is the name for every "
        "language; to write it in a language's own words, add clinic_name to that "
        "language's ui.yaml"
    ]


def test_a_colon_and_a_block_get_different_advice(edit: Edit, pack_copy: Path) -> None:
    # In a list, "- Note: this" is read as a key and its value.
    edit("en/support.yaml", "paragraphs:\n  - ", "paragraphs:\n  - Note: this\n  - ")
    edit("en/ui.yaml", "next: Next", "next:\n  label: Next\n  size: large")
    assert _messages(pack_copy, "support.yaml") == [
        "'paragraphs[1]' should be text, but YAML read it as 'key: value' because of a "
        "colon; put the whole text in double quotes"
    ]
    assert _messages(pack_copy, "ui.yaml") == [
        "'next' should be text, not a block of keys; write the text on the same line, "
        "after the colon"
    ]


def _pack_without_safety_items(pack_copy: Path) -> Path:
    """The shipped pack with its one self-check turned into a check that asks nothing about
    safety, as a GAD-7-only clinic's would be, and no page with a talk button."""
    for language in ("en", "es"):
        screens = pack_copy / language / "screens"
        for sid in ("phq9", "suicidal-thoughts"):
            (screens / f"{sid}.yaml").unlink()
        quick = screens / "quick-check.yaml"
        text = quick.read_text(encoding="utf-8")
        quick.write_text(
            text.replace("    safety: true\n", "").replace("safety_min_score: 1\n", ""),
            encoding="utf-8",
        )
    settings = pack_copy / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(
        text.replace("  - phq9\n", "").replace("  - suicidal-thoughts\n", ""), encoding="utf-8"
    )
    return pack_copy


def test_a_pack_without_safety_items_needs_no_support_screen(  # type: ignore[no-untyped-def]
    kiosk_ui, pack_copy: Path
) -> None:
    pack_dir = _pack_without_safety_items(pack_copy)
    for language in ("en", "es"):
        (pack_dir / language / "support.yaml").unlink()
    assert validate_pack(pack_dir) == []
    pack = load_pack(pack_dir)
    assert pack.language("es").support is None
    window, router = kiosk_ui(content=pack)
    open_check(router, "quick-check")
    for _ in range(10):
        tap(router.question.answer_buttons[1])  # "Yes" to every question
    assert router.shown == "quick-check:result", "every answer given, the result shows"


def test_a_safety_item_without_a_support_screen_names_the_self_check(pack_copy: Path) -> None:
    (pack_copy / "es" / "support.yaml").unlink()
    assert [(e.file.parent.name, e.message) for e in validate_pack(pack_copy)] == [
        (
            "es",
            "this file is missing: the self-check 'phq9' has a safety item, and a safety "
            "answer shows the support screen written here",
        )
    ]


def test_a_talk_button_without_a_support_screen_says_where_its_words_are(
    pack_copy: Path,
) -> None:
    help_page = (pack_copy / "en" / "screens" / "suicidal-thoughts.yaml").read_text(
        encoding="utf-8"
    )
    pack_dir = _pack_without_safety_items(pack_copy)
    (pack_dir / "en" / "support.yaml").unlink()
    (pack_dir / "en" / "screens" / "help.yaml").write_text(help_page, encoding="utf-8")
    messages = [e.message for e in validate_pack(pack_dir) if e.file.name == "support.yaml"]
    assert messages == [
        "this file is missing: a page of 'help' has talk_button, whose words ('talk_label') "
        "are written here"
    ]
