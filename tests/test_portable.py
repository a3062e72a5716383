"""Paths a Windows kiosk and a Linux kiosk both open: one rule, the same answer everywhere.

Windows reads ``\\`` as a folder where Linux reads part of a name, keeps device names
(``con.png``), forbids ``<>:"|?*`` and drops a trailing dot or space. ``PurePosixPath`` and
``PureWindowsPath`` show each system's reading on any machine, so these tests show, on
whatever machine runs them, that the rule refuses every path the two would read
differently, and that it reads only the text, never the machine.
"""

from __future__ import annotations

import ntpath
import os
import posixpath
import warnings
from pathlib import PurePosixPath, PureWindowsPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kiosk.loader import ContentPack
from kiosk.portable import (
    INSIDE_THE_PACK,
    MAX_PATH_CHARS,
    case_collisions,
    portable_path_problem,
)


def windows_reserves(name: str) -> bool:
    """Python's own judgement of one name for Windows (a second opinion on the rule)."""
    if hasattr(ntpath, "isreserved"):  # Python 3.13 and later: devices, characters, ends
        return bool(ntpath.isreserved(name))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return PureWindowsPath(name).is_reserved()  # Python 3.11, 3.12: devices only


def test_a_backslash_is_one_name_on_linux_two_on_windows_and_refused_on_both() -> None:
    text = "images\\x.svg"
    assert PurePosixPath(text).parts == ("images\\x.svg",)  # one file, in the pack's top
    assert PureWindowsPath(text).parts == ("images", "x.svg")  # x.svg in the images folder
    assert portable_path_problem(text) == (
        "use / between folders: images/x.svg (a Linux kiosk reads \\ as part of the name)"
    )


def test_a_slash_is_a_folder_on_both_and_accepted() -> None:
    text = "images/x.svg"
    assert PurePosixPath(text).parts == PureWindowsPath(text).parts == ("images", "x.svg")
    assert portable_path_problem(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "/etc/x.svg",  # absolute on Linux; "the top of this drive" on Windows
        "\\x.svg",  # a name on Linux; the top of this drive on Windows
        "C:x.svg",  # a name on Linux; a file on drive C: on Windows
        "C:/x.svg",
        "//server/share/x.svg",
        "../x.svg",
        "images/../../x.svg",
        "..\\x.svg",  # a name on Linux; the folder above on Windows
    ],
)
def test_a_path_that_leaves_the_pack_on_either_system_is_refused(text: str) -> None:
    posix, windows = PurePosixPath(text), PureWindowsPath(text)
    assert posix.is_absolute() or windows.anchor or ".." in windows.parts
    assert portable_path_problem(text) == INSIDE_THE_PACK


@pytest.mark.parametrize(
    ("text", "device"),
    [
        ("images/con.png", "CON"),
        ("images/Nul.svg", "NUL"),
        ("aux/x.png", "AUX"),
        ("images/prn", "PRN"),
        ("images/com9.backup.jpg", "COM9"),  # everything after the first dot is ignored
        ("images/LPT1.svg", "LPT1"),
        ("images/nul .svg", "NUL"),  # so are spaces before it
        ("images/com¹.png", "COM¹"),
    ],
)
def test_a_windows_device_name_is_refused_with_or_without_extension_in_any_case(
    text: str, device: str
) -> None:
    name = next(part for part in PureWindowsPath(text).parts if device in part.upper())
    assert windows_reserves(name), "Python agrees that Windows keeps this name"
    assert portable_path_problem(text) == (
        f"Windows keeps the name '{name}' for its {device} device (with or without an "
        "extension), so a Windows kiosk cannot open it; rename it"
    )


@pytest.mark.parametrize("character", [*'<>:"|?*', "\t", "\n", "\x00", "\x1f"])
def test_a_character_windows_forbids_is_refused(character: str) -> None:
    name = f"a{character}b.svg"
    control = ord(character) < 32
    what = f"a control character ({character!r})" if control else f"the character {character!r}"
    assert portable_path_problem(f"images/{name}") == (
        f"Windows does not allow {what} in a name, so a Windows kiosk cannot open '{name}'; "
        "rename it"
    )


@pytest.mark.parametrize(
    ("text", "name", "which"),
    [
        ("images/x.svg.", "x.svg.", "dot"),
        ("images/x.svg ", "x.svg ", "space"),
        ("images./x.svg", "images.", "dot"),
        ("images /x.svg", "images ", "space"),
        ("images/.../x.svg", "...", "dot"),
    ],
)
def test_a_name_ending_in_a_dot_or_a_space_is_refused(text: str, name: str, which: str) -> None:
    assert portable_path_problem(text) == (
        f"'{name}' ends in a {which}, which Windows silently drops, so a Windows kiosk would "
        f"look for a different file; rename it without the {which}"
    )


@pytest.mark.parametrize(
    "text",
    [
        "images/photo .png",  # a space inside a name is fine
        " images/x.svg",  # and so is one at the start
        "imágenes/niño-café.svg",
        "images/console.svg",  # "con" only counts as the whole name before the first dot
        "images/com10.svg",
        "images/x.con",
        "images//x.svg",  # both systems read one folder
        "./images/x.svg",
        ".hidden/x.svg",
    ],
)
def test_a_name_both_systems_open_is_accepted(text: str) -> None:
    assert portable_path_problem(text) is None
    assert PurePosixPath(text).parts == PureWindowsPath(text).parts


def test_a_path_may_be_as_long_as_a_windows_kiosk_can_open() -> None:
    longest = "images/" + "x" * (MAX_PATH_CHARS - len("images/.svg")) + ".svg"
    assert len(longest) == MAX_PATH_CHARS
    assert portable_path_problem(longest) is None
    too_long = longest.replace("images/", "images/x")
    assert portable_path_problem(too_long) == (
        f"this path is {MAX_PATH_CHARS + 1} characters long; at most {MAX_PATH_CHARS} are "
        "allowed: Windows cannot open a path over 260 characters, and the kiosk keeps the pack "
        "in a folder up to 100 characters deep; rename it or use fewer folders"
    )


def test_the_limit_leaves_room_for_the_folder_a_windows_kiosk_keeps_the_pack_in() -> None:
    longest_user = "u" * 20  # Windows user names are at most 20 characters
    deepest = PureWindowsPath(
        "C:/Users", longest_user, "AppData/Local/ketamd-kiosk/content-snapshots", "0" * 20
    )
    assert len(str(deepest)) + len("\\") + MAX_PATH_CHARS < 260


SAMPLES = [
    "images/x.svg",
    "images\\x.svg",
    "/etc/x.svg",
    "C:x.svg",
    "..\\x.svg",
    "images/con.png",
    "aux/x.png",
    "images/a:b.svg",
    "images/x.svg.",
    "images /x.svg",
    "x" * (MAX_PATH_CHARS + 1),
]


def test_the_rule_reads_the_text_not_the_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    here = {text: portable_path_problem(text) for text in SAMPLES}
    # Make this machine look like the other kind: a rule that asked os.name, os.sep or
    # os.path (or made a pathlib.Path, which follows os.name) would now answer differently
    # or fail.
    other_name, other_path = ("posix", posixpath) if os.name == "nt" else ("nt", ntpath)
    monkeypatch.setattr(os, "name", other_name)
    monkeypatch.setattr(os, "path", other_path)
    monkeypatch.setattr(os, "sep", other_path.sep)
    monkeypatch.setattr(os, "altsep", other_path.altsep)
    there = {text: portable_path_problem(text) for text in SAMPLES}
    monkeypatch.undo()
    assert there == here


def test_names_that_differ_only_in_capitals_collide() -> None:
    names = ["images/trd.svg", "images/TRD.svg", "Images/trd.svg", "en/ui.yaml"]
    assert case_collisions(names) == [("Images/trd.svg", "images/TRD.svg", "images/trd.svg")]


def test_one_file_spelt_two_ways_does_not_collide() -> None:
    assert case_collisions(["images/trd.svg", "./images/trd.svg", "images//trd.svg"]) == []


def test_a_collision_spelt_another_way_is_still_found() -> None:
    assert case_collisions(["./images/TRD.svg", "images/trd.svg"]) == [
        ("images/TRD.svg", "images/trd.svg")
    ]


def test_every_file_of_the_shipped_pack_opens_on_both_kinds_of_kiosk(pack: ContentPack) -> None:
    assert [name for name in pack.files if portable_path_problem(name)] == []
    assert case_collisions(pack.files) == []


# --- properties, over paths made of the pieces that trip one system or the other ----------

PIECES = st.sampled_from(
    ["a", "B", "x.svg", "é", " ", ".", "..", "/", "\\", ":", "C:", "*", "?", '"', "<", ">"]
    + ["|", "\t", "\x00", "con", "Nul", "aux", "COM1", "lpt9", "prn", "conin$", "¹", "-", "_"]
)
PATHS = st.one_of(
    st.lists(PIECES, max_size=12).map("".join),
    st.text(max_size=30),
    st.lists(st.text(alphabet="abcXYZ019 .-_", min_size=1, max_size=8), max_size=5).map("/".join),
)


@settings(max_examples=500, deadline=None)
@given(PATHS)
@example("images/x.svg")
@example("./images//x.svg")
def test_a_path_the_rule_accepts_has_the_same_parts_on_windows_and_linux(text: str) -> None:
    if portable_path_problem(text) is not None:
        return
    posix, windows = PurePosixPath(text), PureWindowsPath(text)
    assert posix.parts == windows.parts
    assert not posix.anchor
    assert not windows.anchor
    assert windows.as_posix() == posix.as_posix()
    assert PurePosixPath(windows.as_posix()) == posix
    assert PureWindowsPath(str(posix)).parts == windows.parts
    assert not any(windows_reserves(part) for part in windows.parts)


@settings(max_examples=500, deadline=None)
@given(PATHS)
@example("images\\x.svg")
@example("images/nul.txt")
def test_a_path_the_two_systems_read_differently_is_refused(text: str) -> None:
    posix, windows = PurePosixPath(text), PureWindowsPath(text)
    read_differently = posix.parts != windows.parts or bool(posix.anchor or windows.anchor)
    reserved = any(windows_reserves(part) for part in windows.parts)
    if read_differently or reserved or ".." in windows.parts:
        assert portable_path_problem(text) is not None


@settings(max_examples=300, deadline=None)
@given(PATHS)
def test_the_rule_always_answers_with_a_sentence_or_none(text: str) -> None:
    answer = portable_path_problem(text)
    assert answer is None or (answer and answer == answer.strip())
