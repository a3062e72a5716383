"""Check that an image file is what its name says and safe to hand to Qt.

Cheap checks that need no drawing, run with every validation: the format, the size on
disk, a raster's pixel count read from its header (a 190 KB PNG can unpack to 8000x8000
pixels, 245 MB), and an SVG's element count once every ``<use>`` is expanded (3 KB of
nested ``<use>`` can fan out 10^10 times and freeze the kiosk for good). What only drawing
can tell (a blur filter that takes seconds) is checked by :mod:`kiosk.image_check`.
"""

from __future__ import annotations

import functools
import re
import struct
import xml.etree.ElementTree as ElementTree
from pathlib import Path

MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 16_000_000  # 16 megapixels: a 4K screen is 8.3
MAX_SVG_ELEMENTS = 20_000  # after every <use> is expanded; the shipped pictures use < 100
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
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
    dimensions = raster_size(data)
    if dimensions is None:
        return "the image's size cannot be read (the file may be damaged)"
    width, height = dimensions
    if width * height > MAX_PIXELS:
        return (
            f"the image is {width}x{height} pixels ({width * height / 1e6:.0f} megapixels); "
            f"at most {MAX_PIXELS // 1_000_000}: save it smaller (2000 pixels wide is plenty)"
        )
    return None


def raster_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's or JPEG's header, without unpacking the pixels."""
    if data.startswith(PNG_SIGNATURE):
        if len(data) < 24 or data[12:16] != b"IHDR":
            return None
        width, height = struct.unpack(">II", data[16:24])
        return int(width), int(height)
    if data.startswith(JPEG_SIGNATURE):
        return _jpeg_size(data)
    return None


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 < len(data):
        if data[index] != 0xFF:
            return None
        marker = data[index + 1]
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:  # no length follows
            index += 2
            continue
        length = struct.unpack(">H", data[index + 2 : index + 4])[0]
        # Start-of-frame markers (not DHT, JPG, DAC) carry the size.
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            height, width = struct.unpack(">HH", data[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
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
    try:
        drawn = drawn_elements(root)
    except RecursionError:
        return "the SVG's <use> elements refer to each other in a circle"
    if drawn > MAX_SVG_ELEMENTS:
        shown = f"{drawn:,}" if drawn < 10**12 else "more than a trillion"
        return (
            f"the SVG draws {shown} shapes once its <use> elements are repeated out; "
            f"at most {MAX_SVG_ELEMENTS:,}: simplify it, or save it without <use>"
        )
    return None


def drawn_elements(root: ElementTree.Element) -> int:
    """How many elements drawing ``root`` means, counting what every ``<use>`` repeats.

    Counted with memoisation, so a fan-out of 10^10 is counted in a few steps.

    Raises:
        RecursionError: a ``<use>`` refers to itself or its own ancestor.
    """
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    counts: dict[int, int] = {}
    busy: set[int] = set()

    def count(element: ElementTree.Element) -> int:
        key = id(element)
        if key in counts:
            return counts[key]
        if key in busy:
            raise RecursionError("a <use> refers to itself")
        busy.add(key)
        total = 1 + sum(count(child) for child in element)
        if element.tag.rsplit("}", 1)[-1] == "use":
            target = by_id.get((element.get("href") or element.get(XLINK_HREF) or "")[1:])
            if target is not None:
                total += count(target)
        busy.discard(key)
        counts[key] = total
        return total

    return count(root)
