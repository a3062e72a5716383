"""Loading and validating content packs: every problem named with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.errors import ContentErrors
from kiosk.loader import load_pack, validate_pack
from kiosk.model import ExplainerScreen

Edit = Callable[[str, str, str], Path]

# (file, text to replace, replacement, words the message must contain). The error must
# point at the line where the replacement starts, plus the offset after the "@" marker.
BROKEN = {
    "typo-in-key": (
        "settings.yaml",
        "clinic_name: KetaMD",
        "clinic_nam: KetaMD",
        "unknown key 'clinic_nam' (did you mean 'clinic_name'?)",
    ),
    "text-instead-of-number": (
        "settings.yaml",
        "seconds_per_slide: 10",
        "seconds_per_slide: ten",
        "'attract.seconds_per_slide' should be a number",
    ),
    "number-out-of-range": (
        "settings.yaml",
        "idle_seconds: 60",
        "idle_seconds: 1",
        "'timeouts.idle_seconds' should be greater than or equal to 10",
    ),
    "unknown-theme": (
        "settings.yaml",
        "theme: garden",
        "theme: jungle",
        "'theme' should be 'garden' or 'high-contrast'",
    ),
    "menu-names-a-missing-screen": (
        "settings.yaml",
        "  - other-conditions\n",
        "  - other-condition\n",
        "home_menu names the screen 'other-condition'",
    ),
    "default-language-not-listed": (
        "settings.yaml",
        "default_language: en",
        "default_language: fr",
        "default_language 'fr' is not in languages",
    ),
    "missing-image": (
        "en/screens/trd.yaml",
        "image: images/trd.svg",
        "image: images/trd-old.svg",
        "there is no image file",
    ),
    "html-in-paragraph": (
        "en/screens/trd.yaml",
        "- Treatment-resistant depression is often called TRD.",
        "- Treatment-resistant depression is often called <b>TRD</b>.",
        "must be plain text",
    ),
    "page-without-title": (
        "en/screens/trd.yaml",
        "- title: When depression does not lift\n    paragraphs:",
        "- paragraphs:",
        "'pages[1].title' is missing",
    ),
    "bullets-not-a-list": (
        "en/screens/trd.yaml",
        "  - title: You are not alone\n",
        "  - title: You are not alone\n    bullets: 12\n@1",
        "'pages[2].bullets' should be a list",
    ),
    "unknown-key-in-page": (
        "en/screens/trd.yaml",
        "  - title: You are not alone\n",
        "  - title: You are not alone\n    paragraph: [x]\n@1",
        "unknown key 'paragraph' (did you mean 'paragraphs'?)",
    ),
    "broken-yaml": (
        "en/screens/trd.yaml",
        "tile: What is TRD?",
        "tile: [What is TRD?",
        "not valid YAML",
    ),
    "unknown-screen-type": (
        "en/screens/trd.yaml",
        "type: explainer",
        "type: slideshow",
        "'type' must be 'explainer' or 'research'",
    ),
    "link-not-https": (
        "en/screens/research.yaml",
        'link: "https://doi.org/10.1038/s41398-021-01230-z"',
        'link: "http://example.org"',
        "must be a web address starting with https://",
    ),
    "year-as-text": (
        "en/screens/research.yaml",
        "year: 2021",
        "year: twenty-one",
        "'articles[3].year' should be a whole number",
    ),
    "page_of-without-placeholder": (
        "en/ui.yaml",
        'page_of: "Page {current} of {total}"',
        'page_of: "Page {current}"',
        "must contain {total}",
    ),
    "alias": ("en/ui.yaml", "next: Next", "next: &n Next", "anchors and aliases"),
    "number-in-quotes": (
        "settings.yaml",
        "idle_seconds: 60",
        'idle_seconds: "60"',
        "'timeouts.idle_seconds' should be a whole number: write it without quotes",
    ),
    "colon-in-a-sentence": (
        "en/screens/trd.yaml",
        "- Treatment-resistant depression is often called TRD.",
        "- Note: treatment-resistant depression is often called TRD.",
        "put the whole text in double quotes",
    ),
    "yes-no-unquoted": (
        "en/ui.yaml",
        "next: Next",
        "next: No",
        "'next' should be text, but YAML reads words like Yes, No",
    ),
    "text-too-long": (
        "en/screens/trd.yaml",
        "tile: What is TRD?",
        "tile: " + "x" * 50,
        "'tile' is 50 characters long; at most 40 fit on the screen",
    ),
    "screen-id-with-extension": (
        "settings.yaml",
        "  - trd\n  - how",
        "  - trd.yaml\n  - how",
        "(did you mean 'trd'?)",
    ),
    "menu-lists-a-screen-twice": (
        "settings.yaml",
        "  - research\n",
        "  - research\n  - trd\n@1",
        "home_menu lists 'trd' twice",
    ),
    "html-entity": (
        "en/screens/trd.yaml",
        "often called TRD.",
        "often&nbsp;called TRD.",
        "not &nbsp;",
    ),
    "markdown": (
        "en/screens/trd.yaml",
        "often called TRD.",
        "often called **TRD**.",
        "remove the Markdown",
    ),
    "image-case": (
        "en/screens/trd.yaml",
        "image: images/trd.svg",
        "image: images/TRD.svg",
        "(there is trd.svg: the case of the letters must match)",
    ),
    "placeholder-with-index": (
        "en/ui.yaml",
        'page_of: "Page {current} of {total}"',
        'page_of: "Page {current} of {total} {total[0]}"',
        "may only use {current} and {total} in curly brackets",
    ),
    "duplicate-key": (
        "en/ui.yaml",
        "back: Back",
        "back: Back\nback: Go back@1",
        "'back' appears twice",
    ),
}


def _expected_line(path: Path, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    replacement, _, offset = new.partition("@")
    return text[: text.index(replacement.replace("@", ""))].count("\n") + 1 + int(offset or 0)


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


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_file_names_file_and_line(edit: Edit, pack_copy: Path, case: str) -> None:
    relative, old, new, words = BROKEN[case]
    path = edit(relative, old, new.partition("@")[0])
    line = _expected_line(path, new)
    errors = validate_pack(pack_copy)
    matching = [e for e in errors if words in e.message]
    assert matching, f"no error mentions {words!r}: {[str(e) for e in errors]}"
    error = matching[0]
    assert error.file == pack_copy / relative
    assert error.line == line, str(error)
    assert str(error).startswith(f"{pack_copy / relative}:{line}: ")


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


def test_the_attract_loop_only_takes_explainers(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "    - treatment-visit\n  seconds", "    - research\n  seconds")
    errors = validate_pack(pack_copy)
    assert any("attract loop can only show explainer" in e.message for e in errors)


def test_an_empty_file_is_explained(pack_copy: Path) -> None:
    (pack_copy / "en" / "ui.yaml").write_text("", encoding="utf-8")
    errors = validate_pack(pack_copy)
    assert [e.message for e in errors] == ["the file must be a block of 'key: value' lines"]
