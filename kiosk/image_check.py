"""Draw every image of a pack once, within a time and memory budget, before it is shown.

Some images pass every cheap check and still cannot be drawn in reasonable time or
memory (a heavy blur filter takes seconds per paint; a crafted file may never finish).
Before a pack is accepted, each image it uses is drawn once, at the largest size the
kiosk shows pictures, in a **separate process** with a memory limit and a deadline: if
drawing hangs or blows up, only that process dies, the image is named, and the pack is
refused. Results are kept by file content (a hash), so an unchanged image is drawn once
per kiosk, not at every start.

``python -m kiosk.image_check FILE...`` is the drawing process; everything else here is
Qt-free and runs in the caller.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

from kiosk.errors import ContentError
from kiosk.paths import state_dir

log = logging.getLogger(__name__)

#: The largest picture the kiosk draws (a 4K screen's attract picture fits in this).
DRAW_SIZE = 2048
#: How long one image may take to draw.
SECONDS_PER_IMAGE = 4.0
#: Address space the drawing process may use (POSIX): Qt and Python take about 1 GiB.
MEMORY_LIMIT = 3 * 1024**3
CACHE_FILE = "image-checks.json"
CACHE_VERSION = f"{DRAW_SIZE}-{SECONDS_PER_IMAGE}"


def drawing_problems(
    images: Iterable[Path],
    cache_folder: Path | None = None,
    seconds_per_image: float | None = None,
) -> list[ContentError]:
    """Every image that cannot be drawn within the budget, with why."""
    seconds_per_image = seconds_per_image or SECONDS_PER_IMAGE
    cache = _Cache(cache_folder or state_dir())
    unknown: dict[str, Path] = {}
    problems: list[ContentError] = []
    for path in sorted(set(images)):
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as exc:
            problems.append(ContentError(path, None, f"the image cannot be read ({exc})"))
            continue
        if digest in cache.results:
            if (problem := cache.results[digest]) is not None:
                problems.append(ContentError(path, None, problem))
        else:
            unknown[digest] = path
    for digest, problem in _draw(list(unknown.items()), seconds_per_image).items():
        cache.results[digest] = problem
        if problem is not None:
            problems.append(ContentError(unknown[digest], None, problem))
    cache.save()
    return problems


TOO_MUCH = (
    "drawing this image took more than {seconds:g} s, or more memory than the kiosk "
    "allows; simplify it (fewer shapes, no blur or other filters) or save it as a PNG"
)


def _draw(items: list[tuple[str, Path]], seconds_per_image: float) -> dict[str, str | None]:
    """Draw ``items`` in child processes. The child reports each image as it finishes it:
    when it hangs or dies, the first image it did not report is the one to blame, and a
    new child carries on with the rest."""
    results: dict[str, str | None] = {}
    remaining = list(items)
    while remaining:
        reported, stopped_early = _draw_in_child(remaining, seconds_per_image)
        results.update(reported)
        left = [(digest, path) for digest, path in remaining if digest not in reported]
        if left and stopped_early:
            digest, path = left.pop(0)
            results[digest] = TOO_MUCH.format(seconds=seconds_per_image)
            log.warning("the image %s could not be drawn within the budget", path)
        elif left:
            # The child failed before drawing anything (Qt could not start, say): the
            # kiosk's own trouble is no reason to refuse the clinic's pictures.
            results.update({digest: None for digest, _ in left})
            log.warning("the image check could not run; %d images were not drawn", len(left))
            left = []
        remaining = left
    return results


def _draw_in_child(
    items: Sequence[tuple[str, Path]], seconds_per_image: float
) -> tuple[dict[str, str | None], bool]:
    """(what the child reported, whether it stopped on an image: a hang or a crash)."""
    command = [sys.executable, "-m", "kiosk.image_check", f"--seconds={seconds_per_image}"]
    command += [str(path) for _, path in items]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    by_path = {str(path): digest for digest, path in items}
    # Every image's time, plus the start of a Python with Qt.
    deadline = 10.0 + seconds_per_image * len(items)
    try:
        finished = subprocess.run(
            command, capture_output=True, text=True, encoding="utf-8", env=env,
            timeout=deadline, check=False,
        )  # fmt: skip
        output, hung, code = finished.stdout, False, finished.returncode
    except subprocess.TimeoutExpired as exc:
        raw = exc.stdout or b""
        output = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
        hung, code = True, -1
    except OSError as exc:
        log.warning("could not start the image check: %s", exc)
        return {}, False
    reported: dict[str, str | None] = {}
    for line in output.splitlines():
        with contextlib.suppress(ValueError, KeyError, TypeError):
            item = json.loads(line)
            reported[by_path[item["path"]]] = item["problem"]
    return reported, hung or (code != 0 and bool(reported) or code < 0)


class _Cache:
    """Images already drawn, by content hash: an unchanged image is drawn once."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / CACHE_FILE
        self.results: dict[str, str | None] = {}
        with contextlib.suppress(OSError, ValueError, TypeError, AttributeError):
            stored = json.loads(self.path.read_text(encoding="utf-8"))
            if stored.get("version") == CACHE_VERSION:
                self.results = dict(stored["results"])

    def save(self) -> None:
        from kiosk.pin import write_private  # atomic, private

        with contextlib.suppress(OSError):
            write_private(
                self.path, json.dumps({"version": CACHE_VERSION, "results": self.results})
            )


# --- the drawing process -------------------------------------------------------------


def _limit_memory(limit: int) -> None:
    try:
        import resource  # POSIX only; Windows runs without the limit
    except ImportError:
        return
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _draw_one(path: Path, seconds: float) -> str | None:
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QImage, QImageReader, QPainter
    from PySide6.QtSvg import QSvgRenderer

    started = time.monotonic()
    if path.suffix.lower() == ".svg":
        renderer = QSvgRenderer(str(path))
        if not renderer.isValid():
            return "Qt cannot read this SVG"
        size = renderer.defaultSize()
        size.scale(QSize(DRAW_SIZE, DRAW_SIZE), Qt.AspectRatioMode.KeepAspectRatio)
        if size.isEmpty():
            return "the SVG has no size (set width and height, or a viewBox)"
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
    else:
        reader = QImageReader(str(path))
        if reader.read().isNull():
            return f"Qt cannot read this image ({reader.errorString()})"
    took = time.monotonic() - started
    if took > seconds:
        return (
            f"drawing this image takes {took:.1f} s; at most {seconds:g} s: simplify it "
            "(fewer shapes, no blur or other filters) or save it as a PNG"
        )
    return None


def main(argv: list[str]) -> int:
    """Draw each file in turn; print one JSON line per file as soon as it is drawn."""
    _limit_memory(MEMORY_LIMIT)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    seconds = SECONDS_PER_IMAGE
    paths = []
    for argument in argv:
        if argument.startswith("--seconds="):
            seconds = float(argument.split("=", 1)[1])
        else:
            paths.append(argument)
    _app = QGuiApplication.instance() or QGuiApplication([])
    for path in paths:
        try:
            problem = _draw_one(Path(path), seconds)
        except MemoryError:
            problem = "drawing this image needs more memory than the kiosk allows"
        print(json.dumps({"path": path, "problem": problem}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
