"""Check that an image file is what its name says and safe to hand to Qt."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ElementTree
from pathlib import Path

MAX_IMAGE_BYTES = 5 * 1024 * 1024
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
JPEG_SIGNATURE = b"\xff\xd8\xff"
# A DTD can declare entities that expand exponentially ("billion laughs") or pull in
# other files; an illustration never needs one.
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


def image_problem(path: Path) -> str | None:
    """Why ``path`` cannot be shown, in an editor's words, or None when it can."""
    try:
        stat = path.stat()
    except OSError as exc:
        return f"the image cannot be read ({exc.strerror or exc})"
    # Screens in every language share the same images: check each file version once.
    return _problem_of(path, stat.st_size, stat.st_mtime_ns)


@functools.lru_cache(maxsize=1024)
def _problem_of(path: Path, size: int, _mtime_ns: int) -> str | None:
    try:
        if size > MAX_IMAGE_BYTES:
            return f"the image is {size // 1024} KiB; at most {MAX_IMAGE_BYTES // 1024} KiB"
        data = path.read_bytes()
    except OSError as exc:
        return f"the image cannot be read ({exc.strerror or exc})"
    suffix = path.suffix.lower()
    if suffix == ".svg":
        return _svg_problem(data)
    if suffix == ".png" and not data.startswith(PNG_SIGNATURE):
        return "the file is not a PNG image (it may be damaged, or another format renamed)"
    if suffix in (".jpg", ".jpeg") and not data.startswith(JPEG_SIGNATURE):
        return "the file is not a JPEG image (it may be damaged, or another format renamed)"
    return None


def _svg_problem(data: bytes) -> str | None:
    if _DTD.search(data):
        return "the SVG declares a DOCTYPE or ENTITY; save it without one"
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        return f"the SVG is not valid XML ({exc})"
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return "the file is XML but not an SVG image"
    return None
