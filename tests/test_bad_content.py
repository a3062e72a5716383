"""The bad-content suite: every way an editor (or an attacker) can break a content pack.

Each case breaks one thing in a copy of the shipped pack and expects a precise message:
the right file, the right line where a line exists, and words that say what is wrong.
Nothing in a content file is ever executed, and no file can make the loader hang.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.loader import load_pack, validate_pack
from kiosk.portable import MAX_PATH_CHARS

Edit = Callable[[str, str, str], Path]

# (file, text to replace, replacement, words the message must contain). The error must
# point at the line where the replacement starts, plus the offset after an "@" marker, or
# at the line of the text after "@=".
EDITS = {
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
        "home_menu names the screen 'other-condition', but en/screens/other-condition.yaml "
        "does not exist (did you mean 'other-conditions'?)",
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
        'link: "https://www.psychiatrist.com/jcp/oral-ketamine-for-depression/"',
        'link: "http://example.org"',
        "must be a web address starting with https://",
    ),
    "link-left-out-without-a-doi": (  # "link: null" says that nobody checked a link
        "en/screens/research.yaml",
        "    year: null\n    link: null\n",
        '    year: null\n@=  - title: "Ketamine Therapy',
        "'articles[1].link' is missing",
    ),
    "doi-written-as-an-address": (
        "en/screens/research.yaml",
        'doi: "10.1038/s41398-021-01230-z"',
        'doi: "https://doi.org/10.1038/s41398-021-01230-z"',
        "'articles[3].doi': write only the part after doi.org/, like "
        'doi: "10.1038/s41398-021-01230-z"',
    ),
    "doi-that-is-not-one": (
        "en/screens/research.yaml",
        'doi: "10.5498/wjp.v11.i7.297"',
        'doi: "PMC8311508"',
        "'articles[8].doi': must be a DOI like 10.1038/s41398-021-01230-z",
    ),
    "doi-and-link": (
        "en/screens/research.yaml",
        'doi: "10.1176/appi.ajp.2020.20081251"\n',
        'doi: "10.1176/appi.ajp.2020.20081251"\n    link: "https://psychiatryonline.org"\n@1',
        "'articles[5].link': an article has a doi or a link, not both: keep doi",
    ),
    "doi-with-its-prefix": (
        "en/screens/research.yaml",
        'doi: "10.1016/j.jpsychires.2022.04.037"',
        'doi: "doi:10.1016/j.jpsychires.2022.04.037"',
        "'articles[9].doi': write it without \"doi:\", like "
        'doi: "10.1016/j.jpsychires.2022.04.037"',
    ),
    "link-beside-its-own-doi": (
        "en/screens/research.yaml",
        'doi: "10.1016/j.jpsychires.2022.04.037"\n',
        'doi: "10.1016/j.jpsychires.2022.04.037"\n'
        '    link: "https://doi.org/10.1016/j.jpsychires.2022.04.037"\n@1',
        "'articles[9].link': remove link: the kiosk makes "
        "https://doi.org/10.1016/j.jpsychires.2022.04.037 from the doi itself",
    ),
    "authors-too-long": (
        "en/screens/research.yaml",
        'authors: "Can et al."',
        f'authors: "{"Can, " * 50}et al."',
        "'articles[3].authors' is 256 characters long; at most 200",
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
    "tab-in-text": ("en/ui.yaml", "next: Next", "next: Go\tnext", "contains a tab character"),
    "empty-paragraph": (
        "en/screens/trd.yaml",
        "- Treatment-resistant depression is often called TRD.",
        "- ''",
        "must not be empty",
    ),
    "boolean-for-a-number": (
        "settings.yaml",
        "idle_seconds: 60",
        "idle_seconds: true",
        "'timeouts.idle_seconds' should be a whole number",
    ),
    "text-for-a-boolean": (
        "settings.yaml",
        "touch_only: true",
        "touch_only: maybe",
        "'touch_only' should be true or false",
    ),
    "alert-address-in-the-pack": (
        "settings.yaml",
        "touch_only: true",
        "touch_only: true\nstaff_alerts:\n  webhook_url: http://desk/alert@2",
        "staff alerts are no longer set in the content pack",
    ),
    "language-code-wrong": (
        "settings.yaml",
        "languages: [en, es]",
        "languages: [en, Spanish]",
        "must be a two-letter language code",
    ),
    "unknown-key-in-ui": (
        "en/ui.yaml",
        "next: Next",
        "next: Next\nnxt: Next@1",
        "unknown key 'nxt'",
    ),
    "attract-lists-research": (
        "settings.yaml",
        "    - treatment-visit\n  seconds",
        "    - research\n  seconds",
        "the attract loop can only show explainer screens",
    ),
    "band-gap": (
        "en/screens/phq9.yaml",
        "    max: 4\n",
        "    max: 3\n@=  - min: 0",
        "without gaps",
    ),
    "band-overlap": (  # 2 would be in two bands: "A few" and "Several"
        "en/screens/quick-check.yaml",
        "  - min: 3\n",
        "  - min: 2\n@=  - min: 0",
        "without gaps or overlaps; the band 'Several of these apply' starts at 2, expected 3",
    ),
    "band-past-the-top": (
        "en/screens/phq9.yaml",
        "    max: 27\n",
        "    max: 30\n@=  - min: 0",
        "highest possible total, 27",
    ),
    "safety-can-never-trigger": (
        "en/screens/phq9.yaml",
        "safety_min_score: 1",
        "safety_min_score: 9",
        "above every answer's score: the support screen could never appear",
    ),
    "option-without-score": (
        "en/screens/phq9.yaml",
        "  - label: Several days\n    score: 1\n",
        "  - label: Several days\n",
        "'options[2].score' is missing",
    ),
    "repeated-item-id": (
        "en/screens/phq9.yaml",
        "  - id: phq2\n",
        "  - id: phq1\n",
        "repeated: phq1",
    ),
    "unknown-follow-up-condition": (
        "en/screens/phq9.yaml",
        "ask_when: any_item_above_zero",
        "ask_when: sometimes",
        "'follow_up.ask_when' should be",
    ),
    "seconds-per-slide-too-short": (
        "settings.yaml",
        "seconds_per_slide: 10",
        "seconds_per_slide: 1",
        "greater than or equal to 3",
    ),
    "support-without-title": (
        "en/support.yaml",
        "title: You are not alone\n",
        "",
        "'title' is missing",
    ),
}


def _expected_line(path: Path, new: str) -> int:
    text = path.read_text(encoding="utf-8")
    replacement, _, offset = new.partition("@")
    if offset.startswith("="):  # "@=TEXT": the line where TEXT first appears
        return text[: text.index(offset[1:])].count("\n") + 1
    return text[: text.index(replacement)].count("\n") + 1 + int(offset or 0)


@pytest.mark.parametrize("case", sorted(EDITS))
def test_an_edit_mistake_names_file_and_line(edit: Edit, pack_copy: Path, case: str) -> None:
    relative, old, new, words = EDITS[case]
    path = edit(relative, old, new.partition("@")[0])
    errors = validate_pack(pack_copy)
    matching = [e for e in errors if words in e.message]
    assert matching, f"no error mentions {words!r}: {[str(e) for e in errors]}"
    error = matching[0]
    assert error.file == pack_copy / relative
    if new.partition("@")[0]:
        line = _expected_line(path, new)
        assert error.line == line, str(error)
        assert str(error).startswith(f"{pack_copy / relative}:{line}: ")
    else:
        assert error.line is not None


# Whole files replaced by something broken: (file, new content, line or None, words).
DEEP = "items:\n" + "".join("  " * i + "- \n" for i in range(1, 30))
FILES: dict[str, tuple[str, bytes, int | None, str]] = {
    "tab-indentation": ("en/ui.yaml", b"language_name: English\n\tnext: Next\n", 2, "tab"),
    "screen-file-empty": ("en/screens/trd.yaml", b"", None, "this file is empty"),
    "screen-file-only-comments": (
        "en/screens/trd.yaml",
        b"# nothing yet\n",
        None,
        "this file is empty",
    ),
    "settings-is-a-list": (
        "settings.yaml",
        b"- clinic_name: KetaMD\n",
        1,
        "must be a block of 'key: value' lines",
    ),
    "not-utf8": ("en/ui.yaml", "language_name: Espa\xf1ol\n".encode("latin-1"), 1, "not UTF-8"),
    "two-documents": ("en/ui.yaml", b"next: Next\n---\nback: Back\n", 2, "one document"),
    "python-object-tag": (
        "en/ui.yaml",
        b"next: !!python/object/apply:os.system [ls]\n",
        1,
        "is not allowed",
    ),
    "python-name-tag": (
        "en/ui.yaml",
        b"next: !!python/name:os.system\n",
        1,
        "cannot read this value",
    ),
    "deep-nesting": ("en/screens/trd.yaml", DEEP.encode(), None, "nested more than"),
    "unclosed-quote": ("en/ui.yaml", b'next: "Next\nback: Back\n', 1, "not valid YAML"),
    "bad-indentation": ("en/ui.yaml", b"next: Next\n  back: Back\n", 2, "not valid YAML"),
    "huge-file": ("en/ui.yaml", b"next: " + b"x" * (600 * 1024) + b"\n", None, "at most 512 KiB"),
    "keys-are-lists": ("en/ui.yaml", b"? [a, b]\n: 1\n", 1, "plain words"),
    "corrupt-svg": ("images/trd.svg", b"<svg><g></svg", None, "not valid XML"),
    "svg-with-entity": (
        "images/trd.svg",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        None,
        "DOCTYPE or ENTITY",
    ),
    "xml-not-svg": ("images/trd.svg", b"<html></html>", None, "not an SVG image"),
}


@pytest.mark.parametrize("case", sorted(FILES))
def test_a_broken_file_is_refused_precisely(pack_copy: Path, case: str) -> None:
    relative, content, line, words = FILES[case]
    (pack_copy / relative).write_bytes(content)
    errors = validate_pack(pack_copy)
    matching = [e for e in errors if words in e.message]
    assert matching, f"no error mentions {words!r}: {[str(e) for e in errors]}"
    if line is not None:
        assert matching[0].line == line, str(matching[0])
    # An image problem is reported where the image is used; anything else in its file.
    if not relative.startswith("images/"):
        assert matching[0].file == pack_copy / relative


def test_a_png_that_is_not_a_png(pack_copy: Path, edit: Edit) -> None:
    (pack_copy / "images" / "fake.png").write_text("just text", encoding="utf-8")
    path = edit("en/screens/trd.yaml", "image: images/trd.svg", "image: images/fake.png")
    errors = [e for e in validate_pack(pack_copy) if "not a PNG image" in e.message]
    assert errors
    assert (errors[0].file, errors[0].line) == (path, 5)


@pytest.mark.skipif(os.name != "posix", reason="symbolic links need POSIX here")
def test_an_image_link_leading_out_of_the_pack(pack_copy: Path, edit: Edit, tmp_path: Path) -> None:
    outside = tmp_path / "secret.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    (pack_copy / "images" / "linked.svg").symlink_to(outside)
    edit("en/screens/trd.yaml", "image: images/trd.svg", "image: images/linked.svg")
    errors = [e for e in validate_pack(pack_copy) if "outside the content folder" in e.message]
    assert errors


@pytest.mark.parametrize(
    ("new", "words"),
    [
        ("image: ../../etc/hostname.svg", "must be a path inside the content folder"),
        ("image: /etc/hostname.svg", "must be a path inside the content folder"),
        ("image: images/trd.gif", "must be an .svg, .png or .jpg file"),
        ("image: images/" + "x" * 240 + ".svg", f"at most {MAX_PATH_CHARS} characters"),
    ],
)
def test_image_paths_stay_inside_the_pack(
    edit: Edit, pack_copy: Path, new: str, words: str
) -> None:
    path = edit("en/screens/trd.yaml", "image: images/trd.svg", new)
    errors = [e for e in validate_pack(pack_copy) if words in e.message]
    assert errors, [str(e) for e in validate_pack(pack_copy)]
    assert (errors[0].file, errors[0].line) == (path, 5)


def test_nothing_in_a_content_file_is_ever_executed(pack_copy: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    (pack_copy / "en" / "ui.yaml").write_text(
        f'next: !!python/object/apply:os.system ["touch {marker}"]\n'
        f"back: !!python/object/apply:builtins.exec [\"open('{marker}', 'w')\"]\n",
        encoding="utf-8",
    )
    assert validate_pack(pack_copy)
    assert not marker.exists()


HOSTILE = {
    "billion-laughs": "\n".join(
        ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    ),
    "deep-brackets": "[" * 200_000 + "]" * 200_000,
    "many-values": "items:\n" + "  - 1\n" * 25_000,
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_file_cannot_hang_the_validator(pack_copy: Path, case: str) -> None:
    (pack_copy / "en" / "ui.yaml").write_text(HOSTILE[case], encoding="utf-8")
    # A real process with a deadline: a hang would show as a timeout, not a slow test.
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(pack_copy)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert f"{pack_copy / 'en' / 'ui.yaml'}:" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("line", "old", "new", "message"),
    [
        (11, "Page {current} of {total}", "Page of {total}",
         "'page_of': must contain {current}, e.g. 'Page {current} of {total}'"),
        (20, "Score: {score} out of {max}", "Score out of {max}",
         "'score_of': must contain {score}, e.g. '{score} out of {max}'"),
        (25, "will start over in {seconds} seconds", "will start over soon",
         "'still_there_body': must contain {seconds}, e.g. 'Starting over in {seconds} seconds'"),
        (44, "Answer {number}: {text}", "Answer: {text}",
         "'speech_answer': must contain {number}, e.g. 'Answer {number}: {text}'"),
    ],
)  # fmt: skip
def test_a_missing_placeholder_is_named_with_an_example(
    edit: Callable[[str, str, str], Path],
    pack_copy: Path,
    line: int,
    old: str,
    new: str,
    message: str,
) -> None:
    edit("en/ui.yaml", old, new)
    problems = [str(error) for error in validate_pack(pack_copy)]
    assert problems == [f"{pack_copy / 'en' / 'ui.yaml'}:{line}: {message}"]


SUMMARY = "summary: When depression does not lift after several treatments, it is not your fault. Other options exist."  # noqa: E501


@pytest.mark.parametrize(
    ("summary", "message"),
    [
        ('summary: ""', "must not be empty"),
        ('summary: "<b>When</b> depression lifts"', "must be plain text; remove the HTML tag"),
        (
            'summary: "**When** depression lifts"',
            "must be plain text; remove the Markdown (**, __, # or [link](...))",
        ),
        ('summary: "When\\tdepression lifts"', "contains a tab character; use a space"),
    ],
)
def test_text_that_is_not_plain_is_refused_with_what_to_do(
    edit: Callable[[str, str, str], Path], pack_copy: Path, summary: str, message: str
) -> None:
    edit("en/screens/trd.yaml", SUMMARY, summary)
    problems = [str(error) for error in validate_pack(pack_copy)]
    assert problems == [f"{pack_copy / 'en' / 'screens' / 'trd.yaml'}:4: 'summary': {message}"]


@pytest.mark.parametrize(
    ("length", "refused"), [(MAX_PATH_CHARS, False), (MAX_PATH_CHARS + 1, True)]
)
def test_an_image_path_may_be_as_long_as_a_windows_kiosk_can_open(
    edit: Callable[[str, str, str], Path], pack_copy: Path, length: int, refused: bool
) -> None:
    name = "images/" + "t" * (length - len("images/") - len(".svg")) + ".svg"
    (pack_copy / "images" / "trd.svg").rename(pack_copy / name)
    edit("en/screens/trd.yaml", "image: images/trd.svg", f"image: {name}")
    edit("es/screens/trd.yaml", "image: images/trd.svg", f"image: {name}")
    problems = [str(error) for error in validate_pack(pack_copy)]
    too_long = (
        f"an image path may be at most {MAX_PATH_CHARS} characters long: Windows cannot open "
        "a path over 260 characters, and the kiosk keeps the pack in a folder up to 100 "
        "characters deep"
    )
    assert any(too_long in p for p in problems) is refused, problems


# --- image paths a Windows kiosk and a Linux kiosk can both open ---------------------------

# (the path as the editor writes it after "image: ", the path as YAML reads it, the message).
# Each file is put on disk where this machine allows it: on Linux every one of them would
# open, so it is the rule that refuses them, on every machine alike, not a missing file.
NOT_PORTABLE = {
    "backslash": (
        "images\\trd.svg",
        "images\\trd.svg",
        "use / between folders: images/trd.svg (a Linux kiosk reads \\ as part of the name)",
    ),
    "device-name": (
        "images/con.svg",
        "images/con.svg",
        "Windows keeps the name 'con.svg' for its CON device (with or without an extension), "
        "so a Windows kiosk cannot open it; rename it",
    ),
    "device-name-any-case": (
        "images/Nul.svg",
        "images/Nul.svg",
        "Windows keeps the name 'Nul.svg' for its NUL device (with or without an extension), "
        "so a Windows kiosk cannot open it; rename it",
    ),
    "device-name-as-folder": (
        "aux/trd.svg",
        "aux/trd.svg",
        "Windows keeps the name 'aux' for its AUX device (with or without an extension), "
        "so a Windows kiosk cannot open it; rename it",
    ),
    "serial-port": (
        "images/COM1.svg",
        "images/COM1.svg",
        "Windows keeps the name 'COM1.svg' for its COM1 device (with or without an extension), "
        "so a Windows kiosk cannot open it; rename it",
    ),
    "printer-port-without-extension": (
        "lpt9/trd.svg",
        "lpt9/trd.svg",
        "Windows keeps the name 'lpt9' for its LPT9 device (with or without an extension), "
        "so a Windows kiosk cannot open it; rename it",
    ),
    "colon": (
        "images/10:30.svg",
        "images/10:30.svg",
        "Windows does not allow the character ':' in a name, so a Windows kiosk cannot open "
        "'10:30.svg'; rename it",
    ),
    "question-mark": (
        "images/why?.svg",
        "images/why?.svg",
        "Windows does not allow the character '?' in a name, so a Windows kiosk cannot open "
        "'why?.svg'; rename it",
    ),
    "star": (
        "images/a*b.svg",
        "images/a*b.svg",
        "Windows does not allow the character '*' in a name, so a Windows kiosk cannot open "
        "'a*b.svg'; rename it",
    ),
    "angle-bracket": (
        "images/a<b.svg",
        "images/a<b.svg",
        "Windows does not allow the character '<' in a name, so a Windows kiosk cannot open "
        "'a<b.svg'; rename it",
    ),
    "pipe": (
        "images/a|b.svg",
        "images/a|b.svg",
        "Windows does not allow the character '|' in a name, so a Windows kiosk cannot open "
        "'a|b.svg'; rename it",
    ),
    "double-quote": (
        'images/a"b.svg',
        'images/a"b.svg',
        "Windows does not allow the character '\"' in a name, so a Windows kiosk cannot open "
        "'a\"b.svg'; rename it",
    ),
    "control-character": (
        '"images/t\\trd.svg"',
        "images/t\trd.svg",
        "Windows does not allow a control character ('\\t') in a name, so a Windows kiosk "
        "cannot open 't\trd.svg'; rename it",
    ),
    "trailing-dot": (
        "images/trd.svg.",
        "images/trd.svg.",
        "'trd.svg.' ends in a dot, which Windows silently drops, so a Windows kiosk would "
        "look for a different file; rename it without the dot",
    ),
    "folder-with-trailing-space": (
        "images /trd.svg",
        "images /trd.svg",
        "'images ' ends in a space, which Windows silently drops, so a Windows kiosk would "
        "look for a different file; rename it without the space",
    ),
}


def _put_image_if_this_machine_allows(pack_copy: Path, relative: str) -> None:
    target = pack_copy / relative
    with contextlib.suppress(OSError):  # Windows itself refuses most of these names
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((pack_copy / "images" / "trd.svg").read_bytes())


@pytest.mark.parametrize("case", sorted(NOT_PORTABLE))
def test_an_image_path_one_kind_of_kiosk_cannot_open_is_refused_on_every_kind(
    edit: Edit, pack_copy: Path, case: str
) -> None:
    written, value, message = NOT_PORTABLE[case]
    _put_image_if_this_machine_allows(pack_copy, value)
    path = edit("en/screens/trd.yaml", "image: images/trd.svg", f"image: {written}")
    problems = [(e.file, e.line, e.message) for e in validate_pack(pack_copy)]
    assert problems == [(path, 5, f"'image': '{value}': {message}")]


@pytest.mark.parametrize(
    "name",
    [
        "images/photo .svg",  # a space inside a name is fine; only a space at the end is not
        "images/Dolor de cabeza (2).svg",
        "imágenes/café.svg",
        "images/con-ketamina.svg",  # a device name only counts before the first dot
        "images/console.svg",
        "images/com10.svg",
        "./images/trd-copy.svg",
    ],
)
def test_an_image_name_both_kinds_of_kiosk_open_is_accepted(
    edit: Edit, pack_copy: Path, name: str
) -> None:
    _put_image_if_this_machine_allows(pack_copy, name)
    edit("en/screens/trd.yaml", "image: images/trd.svg", f'image: "{name}"')
    assert validate_pack(pack_copy) == []


# --- what the whole pack must hold, named where the editor has to act ----------------------


def _messages(pack_copy: Path) -> list[str]:
    return [str(error) for error in validate_pack(pack_copy)]


def _notes(pack_copy: Path) -> list[str]:
    """What the editor is told about a pack that still runs."""
    return [str(note) for note in load_pack(pack_copy).notes]


def test_a_missing_folder_of_screens_is_named(pack_copy: Path) -> None:
    import shutil

    shutil.rmtree(pack_copy / "es" / "screens")
    assert f"{pack_copy / 'es' / 'screens'}: this folder of screens does not exist" in (
        _messages(pack_copy)
    )


def test_a_language_folder_settings_do_not_list_is_named_in_settings(pack_copy: Path) -> None:
    import shutil

    shutil.copytree(pack_copy / "es", pack_copy / "fr")
    assert (
        f"{pack_copy / 'settings.yaml'}: the folder 'fr' holds a language that 'languages' "
        "does not list"
    ) in _messages(pack_copy)


def test_every_screen_one_language_lacks_is_named_even_past_a_broken_one(pack_copy: Path) -> None:
    """A broken English file must not hide the next problem of the Spanish side."""
    (pack_copy / "en" / "screens" / "trd.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    extra = pack_copy / "es" / "screens" / "zz-extra.yaml"
    extra.write_text(
        (pack_copy / "es" / "screens" / "trd.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    assert f"{extra}: the screen 'zz-extra' exists in es but not in en" in _messages(pack_copy)


def test_a_translation_that_drops_the_standard_says_what_each_side_has(
    edit: Edit, pack_copy: Path
) -> None:
    standard = next(
        line
        for line in (pack_copy / "es" / "screens" / "phq9.yaml")
        .read_text(encoding="utf-8")
        .splitlines()
        if line.startswith("standard:")
    )
    name = standard.split(":", 1)[1].strip()
    edit("es/screens/phq9.yaml", standard + "\n", "")
    messages = _messages(pack_copy)
    assert any(f"{name} in one, none here" in message for message in messages), messages
    # And the other way round: the original without it, the translation with it.
    edit("es/screens/phq9.yaml", "items:", standard + "\nitems:")
    edit("en/screens/phq9.yaml", standard + "\n", "")
    messages = _messages(pack_copy)
    assert any(f"none in one, {name} here" in message for message in messages), messages


def test_an_unquoted_value_and_a_block_are_named_as_an_editor_sees_them(
    edit: Edit, pack_copy: Path
) -> None:
    edit("settings.yaml", "seconds_per_slide: 10", "seconds_per_slide: '1.2.3'")
    edit("settings.yaml", "idle_seconds: 60", "idle_seconds:\n    after: 60")
    edit("en/ui.yaml", "next: Next", "next:\n  text: Next")
    messages = _messages(pack_copy)
    assert any("'attract.seconds_per_slide' should be a number, not '1.2.3'" in m for m in messages)
    assert any(
        "'timeouts.idle_seconds' should be a whole number, not a block of keys" in m
        for m in messages
    )
    assert any("'next' should be text, but YAML read it as 'key: value'" in m for m in messages)


def test_a_screen_name_nothing_like_an_id_gets_no_guess(edit: Edit, pack_copy: Path) -> None:
    edit("settings.yaml", "  - other-conditions\n", "  - Other Conditions!\n")
    messages = [m for m in _messages(pack_copy) if "Other Conditions!" in m]
    assert messages
    assert messages[0].endswith("like 'brain-garden', not 'Other Conditions!'"), messages


def test_safety_texts_left_out_are_noted_with_what_the_patient_then_misses(
    edit: Edit, pack_copy: Path
) -> None:
    """Optional, so the pack still runs; but the editor is told what goes missing, in
    the file to add it to."""
    edit("es/support.yaml", "talk_label: Hablar con alguien ahora\n", "")
    edit("es/support.yaml", "sending: Avisando a nuestro equipo…\n", "")
    edit("es/support.yaml", "continue_check_label: Seguir con las preguntas\n", "")
    edit("es/ui.yaml", "follow_up_progress: Una última pregunta\n", "")
    notes = _notes(pack_copy)
    support, ui = pack_copy / "es" / "support.yaml", pack_copy / "es" / "ui.yaml"
    assert (
        f"{support}: no 'talk_label', 'sending' for the staff alert (no 'Talk to someone now' "
        "button; nothing is said while staff are being told); see docs/alerts.md"
    ) in notes
    assert any(
        n.startswith(f"{support}: no 'continue_check_label': when questions remain") for n in notes
    ), notes
    assert (
        f"{ui}: no 'follow_up_progress' (e.g. 'One last question'): the follow-up question "
        "shows no progress line"
    ) in notes


@pytest.mark.parametrize(
    ("field", "written", "message"),
    [
        ("pin_wrong", "That PIN is not right.",
         "must contain {tries}, e.g. 'That PIN is not right. {tries} tries left.'"),
        ("health_line", "Status", "must contain {health}, e.g. 'Status: {health}'"),
        ("usage_line", "Last 7 days", "must contain {counts}, e.g. 'Last 7 days: {counts}'"),
        ("kiosk_line", "Kiosk",
         "must contain {name}, e.g. 'Kiosk: {name} · version {version} · up {uptime}'"),
        ("folder_line", "Content folder",
         "must contain {folder}, e.g. 'Content folder: {folder}'"),
        ("alerts_go_to", "Staff alerts go to the desk.",
         "must contain {destinations}, e.g. 'Staff alerts go to: {destinations}.'"),
        ("alerts_waiting", "Some alerts are waiting.",
         "must contain {count}, e.g. 'Alerts not yet marked as seen: {count}.'"),
    ],
)  # fmt: skip
def test_a_staff_text_without_its_placeholder_shows_an_example(
    field: str, written: str, message: str
) -> None:
    from pydantic import ValidationError

    from kiosk.model import StaffStrings

    with pytest.raises(ValidationError) as refused:
        StaffStrings.model_validate({field: written})
    [error] = refused.value.errors()
    assert error["loc"] == (field,)
    assert error["msg"] == f"Value error, {message}"


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("That PIN is not right. {tries} tries left {",
         "has a stray curly bracket; use only {tries}"),
        ("That PIN is not right. {tries} tries left ({tries:>3}).",
         "may only use {tries} in curly brackets, not {tries}"),
        ("That PIN is not right. {tries} tries left ({tries!r}).",
         "may only use {tries} in curly brackets, not {tries}"),
    ],
)  # fmt: skip
def test_a_placeholder_is_written_plainly_or_refused(written: str, message: str) -> None:
    from pydantic import ValidationError

    from kiosk.model import StaffStrings

    with pytest.raises(ValidationError) as refused:
        StaffStrings.model_validate({"pin_wrong": written})
    [error] = refused.value.errors()
    assert error["msg"] == f"Value error, {message}"


_SCREEN_ID = (
    "must be a screen id (its file name without .yaml): lower-case letters, digits and '-', "
    "like 'brain-garden', not "
)


@pytest.mark.parametrize(
    ("relative", "old", "new", "line", "message"),
    [
        ("settings.yaml", "seconds_per_slide: 10", 'seconds_per_slide: "8.5"', 32,
         "'attract.seconds_per_slide' should be a number: write it without quotes"),
        ("en/screens/trd.yaml", "title: What is treatment-resistant depression?", "title: No", 2,
         "'title' should be text, but YAML reads words like Yes, No, On and Off as true or "
         'false; put the text in double quotes, like "No"'),
        ("en/screens/trd.yaml", "title: What is treatment-resistant depression?", "title:", 2,
         "'title' should be text, but it is empty; write the text or remove the line"),
        ("en/screens/trd.yaml", "tile: What is TRD?", "tile: {en: What is TRD?, es: Qué es}", 3,
         "'tile' should be text, not a text per language: each language's texts go in that "
         "language's own folder"),
        ("settings.yaml", "  - brain-garden\n", "  - Brain Garden\n", 15,
         f"'home_menu[3]' {_SCREEN_ID}'Brain Garden' (did you mean 'brain-garden'?)"),
        ("settings.yaml", "  - brain-garden\n", "  - brain_garden\n", 15,
         f"'home_menu[3]' {_SCREEN_ID}'brain_garden' (did you mean 'brain-garden'?)"),
        ("settings.yaml", "  - brain-garden\n",
         "  - A very long entry that is not any screen id at all\n", 15,
         f"'home_menu[3]' {_SCREEN_ID}'A very long entry that is not any sc...' "
         "(did you mean 'a-very-long-entry-that-is-not-any-screen-id-at-all'?)"),
        ("en/screens/trd.yaml", "title: What is treatment-resistant depression?",
         "title: [a, b]", 2, "'title' should be text, not a list"),
        ("settings.yaml", "idle_seconds: 60", "idle_seconds:", 36,
         "'timeouts.idle_seconds' should be a whole number, not nothing"),
        ("settings.yaml", "seconds_per_slide: 10", 'seconds_per_slide: "-5"', 32,
         "'attract.seconds_per_slide' should be a number: write it without quotes"),
        ("settings.yaml", "  - research\n", "  - research\n  - trd\n  - trd\n  - trd\n", 13,
         "'home_menu' has 13 entries; at most 12 are allowed"),
        ("settings.yaml",
         "  screens:\n    - trd\n    - how-ketamine-works\n    - brain-garden\n"
         "    - symptoms\n    - treatment-visit\n",
         "  screens: []\n", 26, "'attract.screens' needs at least 1 entry"),
        ("en/ui.yaml", "next: Next", "next: " + "x" * 130, 6,
         "'next' is 130 characters long; at most 120 fit on the screen"),
        ("settings.yaml", "languages: [en, es]", "languages: [en, Spanish]", 8,
         "'languages[2]' must be a two-letter language code, like en or es, not 'Spanish'"),
        ("settings.yaml", "home_menu:", "summary: x\nhome_menu:", 12,
         "unknown key 'summary' here: it belongs in a topic's screen file (type: explainer) "
         "or the research screen's file (type: research) and other places"),
    ],
    ids=["quoted-number", "yes-no-word", "empty", "per-language", "spaces-in-id",
         "underscore-in-id", "long-value", "a-list", "nothing", "quoted-negative-number",
         "too-many-entries", "too-few-entries", "too-long-text", "language-name-for-a-code",
         "three-homes"],
)  # fmt: skip
def test_an_editors_mistake_gets_its_own_words(
    edit: Callable[[str, str, str], Path],
    pack_copy: Path,
    relative: str,
    old: str,
    new: str,
    line: int,
    message: str,
) -> None:
    edit(relative, old, new)
    problems = [str(error) for error in validate_pack(pack_copy)]
    assert problems == [f"{pack_copy / relative}:{line}: {message}"]


# --- the screens folder and the languages' parity, each message whole -------------------------


def test_a_badly_named_screen_file_is_named_and_the_others_are_still_read(pack_copy: Path) -> None:
    """A backup copy sorted first ("Trd copy.yaml") must not hide the problems of the
    screens after it: one run of "kiosk validate" lists them all."""
    en = pack_copy / "en" / "screens"
    backup = en / "Trd copy.yaml"
    backup.write_bytes((en / "trd.yaml").read_bytes())
    (en / "trd.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    messages = _messages(pack_copy)
    assert messages[0] == (
        f"{backup}: a screen file name may only use lower-case letters, digits and '-' (it is "
        "the screen's id); rename it, or move backup copies out of this folder"
    )
    assert [m for m in messages[1:] if m.startswith(f"{en / 'trd.yaml'}:1: ")], messages


def test_a_screen_file_may_end_in_yml(pack_copy: Path) -> None:
    screens = pack_copy / "es" / "screens"
    title = load_pack(pack_copy).language("es").screens["trd"].title
    (screens / "trd.yaml").rename(screens / "trd.yml")
    pack = load_pack(pack_copy)
    assert pack.language("es").screens["trd"].title == title
    assert "es/screens/trd.yml" in pack.files
    images = pack.image_files()
    assert images, "the pictures are still the pictures"
    assert all(image.suffix in (".svg", ".png") for image in images), images


def test_the_screen_file_limit_is_a_limit_and_names_the_folder(
    pack_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.loader

    screens = len(list((pack_copy / "en" / "screens").glob("*.yaml")))
    monkeypatch.setattr(kiosk.loader, "MAX_SCREENS_PER_LANGUAGE", screens)
    assert _messages(pack_copy) == []
    monkeypatch.setattr(kiosk.loader, "MAX_SCREENS_PER_LANGUAGE", screens - 1)
    for code in ("en", "es"):
        assert (
            f"{pack_copy / code / 'screens'}: more than {screens - 1} screen files"
        ) in _messages(pack_copy)


def test_a_screen_one_translation_lacks_is_named_in_its_folder_with_what_to_do(
    pack_copy: Path,
) -> None:
    (pack_copy / "es" / "screens" / "trd.yaml").unlink()
    assert (
        f"{pack_copy / 'es' / 'screens'}: the screen 'trd' exists in en but not in es: "
        "translate en/screens/trd.yaml as es/screens/trd.yaml"
    ) in _messages(pack_copy)


def test_a_broken_translation_is_not_also_called_missing(pack_copy: Path) -> None:
    """Its own error says what is wrong; "does not exist" would send the editor looking
    for a file that is there."""
    broken = pack_copy / "es" / "screens" / "trd.yaml"
    broken.write_text("title: [unclosed\n", encoding="utf-8")
    messages = _messages(pack_copy)
    assert len(messages) == 1, messages
    assert messages[0].startswith(f"{broken}:1: ")


def test_an_empty_old_staff_alerts_block_is_noted_at_its_line(edit: Edit, pack_copy: Path) -> None:
    settings = edit("settings.yaml", "touch_only: true", "touch_only: true\nstaff_alerts: {}")
    line = _expected_line(settings, "staff_alerts: {}")
    assert _notes(pack_copy) == [
        f"{settings}:{line}: staff alerts now live in each kiosk's own kiosk.yaml (see "
        "docs/alerts.md); this empty staff_alerts block does nothing and can go"
    ]


def test_each_left_out_safety_text_says_what_the_patient_misses(
    edit: Edit, pack_copy: Path
) -> None:
    edit("en/support.yaml", "staff_told:", "# staff_told:")
    edit("en/support.yaml", "go_to_front_desk:", "# go_to_front_desk:")
    support = pack_copy / "en" / "support.yaml"
    assert _notes(pack_copy) == [
        f"{support}: no 'staff_told', 'go_to_front_desk' for the staff alert (the patient is "
        "never told that staff know; the first paragraph is repeated instead); see "
        "docs/alerts.md"
    ]


def _swap(text: str, first: str, second: str) -> str:
    return text.replace(first, "\0").replace(second, first).replace("\0", second)


@pytest.mark.parametrize(
    ("relative", "change", "message"),
    [
        ("es/screens/quick-check.yaml",
         lambda text: _swap(text, "id: low-mood\n", "id: enjoyment\n"),
         "'items' must be in the same order, with the same safety flags"),
        ("es/screens/quick-check.yaml",
         lambda text: text.replace("    max: 0\n", "    max: 1\n").replace(
             "  - min: 1\n", "  - min: 2\n"),
         "'bands' must have the ranges [(0, 0), (1, 2), (3, 10)]"),
        ("es/screens/phq9.yaml",
         lambda text: text.replace("safety_min_score: 1", "safety_min_score: 2"),
         "'safety_min_score' must be the same in every language"),
        ("es/screens/phq9.yaml",
         lambda text: text.replace('    - "Extremadamente difícil"\n', ""),
         "'follow_up.options' needs 4 answers"),
        ("es/screens/phq9.yaml",
         lambda text: text.replace("ask_when: any_item_above_zero", "ask_when: always"),
         "'follow_up.ask_when' must be the same in every language: 'any_item_above_zero' in "
         "one, 'always' here"),
        ("es/screens/phq9.yaml",
         lambda text: text[: text.index("follow_up:\n")] + text[text.index("bands:\n"):],
         "'follow_up' must be present in every language or in none"),
    ],
    ids=["item-order", "bands", "safety-min-score", "follow-up-answers", "follow-up-when",
         "no-follow-up"],
)  # fmt: skip
def test_a_translation_that_would_score_differently_is_refused_in_its_words(
    pack_copy: Path, relative: str, change: Callable[[str], str], message: str
) -> None:
    """A translated check must score exactly like the original, or a Spanish speaker's
    result (and safety rule) would differ from an English speaker's."""
    path = pack_copy / relative
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")
    original = relative.replace("es/", "en/")
    assert f"{path}: {message} (compared with {original})" in _messages(pack_copy)


def test_a_missing_pack_folder_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-pack"
    assert _messages(missing) == [f"{missing}: this folder does not exist"]


def test_a_listed_language_without_its_folder_is_named_in_settings(
    edit: Edit, pack_copy: Path
) -> None:
    edit("settings.yaml", "languages: [en, es]", "languages: [en, es, fr]")
    assert (
        f"{pack_copy / 'settings.yaml'}: languages lists 'fr' but there is no folder "
        f"{pack_copy / 'fr'}"
    ) in _messages(pack_copy)


def test_every_menu_mistake_is_named_in_one_round(edit: Edit, pack_copy: Path) -> None:
    """A screen listed twice, or one whose file is broken, must not hide the entries
    after it."""
    settings = edit("settings.yaml", "  - trd\n", "  - trd\n  - trd\n")
    edit("settings.yaml", "  - other-conditions\n", "  - other-condition\n")
    (pack_copy / "en" / "screens" / "symptoms.yaml").write_text("title: [\n", encoding="utf-8")
    messages = _messages(pack_copy)
    assert any(m.endswith("home_menu lists 'trd' twice") for m in messages), messages
    assert any(
        m.startswith(f"{settings}:")
        and m.endswith("home_menu names the screen 'other-condition', but "
                       "en/screens/other-condition.yaml does not exist (did you mean "
                       "'other-conditions'?)")
        for m in messages
    ), messages  # fmt: skip


def test_a_screen_file_in_yml_is_named_as_it_is_written(pack_copy: Path) -> None:
    extra = pack_copy / "es" / "screens" / "zz-extra.yml"
    extra.write_bytes((pack_copy / "es" / "screens" / "trd.yaml").read_bytes())
    assert f"{extra}: the screen 'zz-extra' exists in es but not in en" in _messages(pack_copy)


def test_a_result_note_left_out_is_noted_with_what_the_patient_then_sees(
    edit: Edit, pack_copy: Path
) -> None:
    support = pack_copy / "en" / "support.yaml"
    text = support.read_text(encoding="utf-8")
    start = text.index("result_note:\n")
    end = text.index("\n", text.index("  next_step:", start)) + 1
    support.write_text(text[:start] + text[end:], encoding="utf-8")
    notes = _notes(pack_copy)
    assert notes == [
        f"{support}: no 'result_note': after a safety answer the result screen repeats this "
        "screen's text instead; add a result_note (see docs/content.md)"
    ]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"title: x\ntype: explainr\n", 2, "'type' must be 'explainer' or"),
        (b"- type: explainer\n", 1, "'type' must be 'explainer' or"),
        (b"title: x\ntype: [explainer]\n", 2, "'type' must be 'explainer' or"),
        (b"", None, "this file is empty"),
    ],
    ids=["unknown-type", "a-list", "type-is-a-list", "empty"],
)
def test_a_screen_file_without_a_usable_type_is_named_at_its_line(
    pack_copy: Path, content: bytes, line: int | None, message: str
) -> None:
    trd = pack_copy / "en" / "screens" / "trd.yaml"
    trd.write_bytes(content)
    where = f"{trd}:{line}" if line else f"{trd}"
    mine = [m for m in _messages(pack_copy) if m.startswith(f"{trd}:")]
    assert len(mine) == 1, mine
    assert mine[0].startswith(f"{where}: {message}"), mine
    if not line:
        assert mine == [f"{trd}: this file is empty"]
