"""The attract loop's first frame, remembered from the last start.

A cold start spends most of its time before the first frame on validating the pack
(pydantic and the content model) and on building screens nobody sees yet. The attract
loop needs only a few words, a picture and the theme. So after each start with a valid
pack the kiosk writes down what its attract loop shows; at the next start, when the
pack's files are exactly as they were, that frame is on screen at once, and the kiosk
then checks the pack as always and takes the frame over.

Nothing unchecked is ever shown: the frame was written from a pack that passed every
check, and it is used only while the content folder holds the very same files (same
names, sizes and modification times). Its pictures come from the last good copy that
pack was shown from. Nothing about a patient is in it.

The record outlives an update of the kiosk: an update is one of the restarts a waiting
room should not see as a blank screen, and the record holds only what the attract loop
shows (words, picture paths, theme, language), which the new version draws with its own
code. Should a new version refuse the pack, it says so and falls back exactly as without
a record; the first frame was then on screen for the moment the check took. What the
record holds is fixed by ``FORMAT``: any change to its fields raises it.
Qt-free, and it imports neither pydantic nor the content model: that is its point.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from kiosk.paths import state_dir
from kiosk.theme import THEMES

log = logging.getLogger(__name__)

FILE_NAME = "first-frame.json"
#: Raised whenever what the file holds changes shape or meaning: older files are then
#: ignored. (A test pins it to FirstFrame's and FrameSlide's fields.)
FORMAT = 1


@dataclass(frozen=True)
class FrameSlide:
    title: str
    summary: str
    image: str  # absolute path, inside the last good copy
    ms: int | None = None


@dataclass(frozen=True)
class FirstFrame:
    """What the attract loop showed: enough to draw it again without the pack."""

    window_title: str
    theme: str
    language: str
    touch_only: bool
    clinic: str
    touch_to_start: str
    slide_ms: int
    slides: tuple[FrameSlide, ...]

    def is_sound(self) -> bool:
        """Whether every value is of its kind (the file may have been edited by hand)."""
        texts = (self.window_title, self.language, self.clinic, self.touch_to_start)
        slide_texts = [t for s in self.slides for t in (s.title, s.summary, s.image)]
        return (
            all(isinstance(text, str) for text in (*texts, *slide_texts))
            and self.theme in THEMES
            and isinstance(self.touch_only, bool)
            and isinstance(self.slide_ms, int)
            and self.slide_ms > 0
            and all(s.ms is None or (isinstance(s.ms, int) and s.ms > 0) for s in self.slides)
        )


def content_key(content_dir: Path) -> str | None:
    """A digest of every file in ``content_dir`` (relative name, size, modification
    time) and of its place; None when the folder cannot be listed. The kiosk's version is
    not in it: the record outlives an update (see the module's docstring)."""
    digest = hashlib.sha256(f"{FORMAT}\0{content_dir.resolve()}\0".encode())
    try:
        for folder, subfolders, files in os.walk(content_dir, onerror=_raise):
            subfolders.sort()
            for name in sorted(files):
                path = Path(folder, name)
                status = path.stat()
                relative = path.relative_to(content_dir).as_posix()
                digest.update(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\0".encode())
    except OSError:
        return None
    return digest.hexdigest()


def _raise(error: OSError) -> None:
    raise error


def remember(frame: FirstFrame, key: str, state: Path | None = None) -> None:
    """Write ``frame`` down for the next start from the content folder whose files had
    the :func:`content_key` ``key`` when the pack shown was read from it."""
    record = {"format": FORMAT, "key": key, "frame": asdict(frame)}
    from kiosk.pin import write_private  # atomic, private

    try:
        write_private((state or state_dir()) / FILE_NAME, json.dumps(record, ensure_ascii=False))
    except OSError as exc:
        log.warning("could not remember the first frame for a quicker start: %s", exc)


def recall(content_dir: Path, state: Path | None = None) -> FirstFrame | None:
    """The frame written down at the last start, if ``content_dir`` still holds the same
    files and every picture is still there; None otherwise (the kiosk then starts the
    slower way, and writes a new one)."""
    try:
        record = json.loads(((state or state_dir()) / FILE_NAME).read_text(encoding="utf-8"))
        if record["format"] != FORMAT or record["key"] != content_key(content_dir):
            return None
        fields = dict(record["frame"])
        slides = tuple(FrameSlide(**slide) for slide in fields.pop("slides"))
        frame = FirstFrame(**fields, slides=slides)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not slides or not frame.is_sound():
        return None
    if not all(Path(slide.image).is_file() for slide in slides):
        return None
    return frame


def forget(state: Path | None = None) -> None:
    with contextlib.suppress(OSError):
        ((state or state_dir()) / FILE_NAME).unlink()
