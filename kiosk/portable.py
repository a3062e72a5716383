"""Paths inside a content pack that a Windows kiosk and a Linux kiosk can both open.

One pack, edited on a clinic's Windows PC, a Mac or Linux, runs on Windows and Linux
kiosks alike. Linux takes almost any name; Windows refuses some (``con.png``, ``10:30.png``),
silently changes others (``photo.png.``), reads ``\\`` as a folder where Linux reads part
of a name, and cannot open a long path. So a path is judged by its text alone, never by
the machine that asks: a pack that passes on one kiosk passes on every kiosk.
Nothing here imports Qt.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath, PureWindowsPath

# Windows cannot open a path over 260 characters (unless long paths are switched on, which
# kiosks do not count on), and the kiosk keeps its copy of the pack in
# C:\Users\<name>\AppData\Local\ketamd-kiosk\content-snapshots\<20 letters>\ : up to 96
# characters with the longest Windows user name. 160 inside the pack leaves room.
MAX_PATH_CHARS = 160
WHY_PATHS_ARE_SHORT = (
    "Windows cannot open a path over 260 characters, and the kiosk keeps the pack in a "
    "folder up to 100 characters deep"
)
INSIDE_THE_PACK = "must be a path inside the content folder, like images/x.svg"

# Windows opens these as devices, whatever follows the first dot: NUL.txt is NUL. The same
# list as Python's own (pathlib, os.path.isreserved).
_DEVICES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{port}{number}" for port in ("COM", "LPT") for number in "123456789¹²³"]
)
_NOT_IN_WINDOWS_NAMES = frozenset('<>:"|?*')
_BACKSLASH = "\\"


def portable_path_problem(relative: str) -> str | None:
    """Why a Windows or a Linux kiosk could not open ``relative``, a path inside the pack
    as an editor writes it (``images/x.svg``), or None when both can."""
    windows = PureWindowsPath(relative)  # reads both / and \ as folders: the wider reading
    if relative.startswith("/") or windows.anchor or ".." in windows.parts:
        return INSIDE_THE_PACK
    if _BACKSLASH in relative:
        fixed = relative.replace(_BACKSLASH, "/")
        return f"use / between folders: {fixed} (a Linux kiosk reads \\ as part of the name)"
    if len(relative) > MAX_PATH_CHARS:
        return (
            f"this path is {len(relative)} characters long; at most {MAX_PATH_CHARS} are "
            f"allowed: {WHY_PATHS_ARE_SHORT}; rename it or use fewer folders"
        )
    for name in relative.split("/"):
        if problem := _name_problem(name):
            return problem
    return None


def _name_problem(name: str) -> str | None:
    """Why Windows could not hold one file or folder name (Linux holds any without / or NUL)."""
    if name in ("", "."):
        return None  # "images//x.svg", "./images/x.svg": no name here, on either system
    if character := next((c for c in name if c in _NOT_IN_WINDOWS_NAMES or c < " "), None):
        what = (
            f"a control character ({character!r})"
            if character < " "
            else f"the character {character!r}"
        )
        return (
            f"Windows does not allow {what} in a name, so a Windows kiosk cannot open "
            f"'{name}'; rename it"
        )
    if name.endswith((".", " ")):
        which = "dot" if name.endswith(".") else "space"
        return (
            f"'{name}' ends in a {which}, which Windows silently drops, so a Windows kiosk "
            f"would look for a different file; rename it without the {which}"
        )
    device = name.partition(".")[0].rstrip(" ").upper()  # "nul .txt" is NUL too
    if device in _DEVICES:
        return (
            f"Windows keeps the name '{name}' for its {device} device (with or without an "
            "extension), so a Windows kiosk cannot open it; rename it"
        )
    return None


def case_collisions(relatives: Iterable[str]) -> list[tuple[str, ...]]:
    """Paths that differ only in capital letters: two files on Linux, one on Windows (which
    would keep whichever was copied last). Two spellings of one path are one file."""
    by_letters: dict[str, set[str]] = {}
    for relative in relatives:
        path = PurePosixPath(relative).as_posix()  # "./images/x.svg" is "images/x.svg"
        by_letters.setdefault(path.lower(), set()).add(path)
    return sorted(tuple(sorted(paths)) for paths in by_letters.values() if len(paths) > 1)
