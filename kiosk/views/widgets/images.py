"""Crisp images at any size: SVG is rendered at paint time, never scaled from a bitmap."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QImage, QPainter, QPaintEvent, QPixmap
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.paths import resources_dir
from kiosk.theme import Palette, line_art

ICON_INK = "#1F2A24"  # the one colour icons are drawn in; replaced by the theme's colour


class ImageView(QWidget):
    """Shows an SVG (or PNG/JPEG) as large as fits, centred, keeping its proportions."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._svg: QSvgRenderer | None = None
        self._raster: QImage | None = None
        self._path: Path | None = None
        self._line_art: Palette | None = None  # the palette to redraw it in, if any
        self._cache: QPixmap | None = None
        self._cache_key: tuple[int, int, int, int, float] | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def set_image(self, path: Path | None) -> None:
        """Show the image at ``path``; ``None`` or an unreadable file shows nothing."""
        self._drop_own_renderer()
        self._svg, self._raster = None, None
        self._cache = None
        self._path = path
        if path is not None and path.suffix.lower() == ".svg":
            self._svg = _shared_svg(path, self._line_art)
        elif path is not None:
            self._raster = _shared_raster(path)
        self.update()

    def set_line_art(self, palette: Palette | None) -> None:
        """Draw illustrations as line art in ``palette`` (high contrast), or as drawn."""
        if palette != self._line_art:
            self._line_art = palette
            if self._path is not None:
                self.set_image(self._path)

    def set_svg_data(self, data: bytes) -> None:
        """Show an SVG given as bytes (e.g. a generated QR code)."""
        self._drop_own_renderer()
        self._path = None  # a QR code stays black on white, whatever the theme
        self._cache = None
        renderer = QSvgRenderer(QByteArray(data), self)
        self._svg, self._raster = (renderer if renderer.isValid() else None), None
        self.update()

    def _drop_own_renderer(self) -> None:
        # A renderer this view made for itself goes with it; shared ones stay cached.
        if self._svg is not None and self._svg.parent() is self:
            self._svg.deleteLater()

    def has_image(self) -> bool:
        return self._svg is not None or self._raster is not None

    def natural_size(self) -> QSize:
        if self._svg is not None:
            return self._svg.defaultSize()
        if self._raster is not None:
            return self._raster.size()
        return QSize(0, 0)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(400, 300)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        natural = self.natural_size()
        if natural.isEmpty():
            return
        target = QSize(natural)
        target.scale(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        if target.isEmpty():
            return
        x = (self.width() - target.width()) // 2
        y = (self.height() - target.height()) // 2
        painter = QPainter(self)
        painter.drawPixmap(x, y, self._rendered(target))
        painter.end()

    def _rendered(self, target: QSize) -> QPixmap:
        """The image drawn at ``target`` size, kept until the size or image changes:
        drawing an SVG is far slower than copying the pixels it produced."""
        ratio = self.devicePixelRatioF()
        key = (id(self._svg), id(self._raster), target.width(), target.height(), ratio)
        if self._cache_key != key or self._cache is None:
            pixmap = QPixmap(target * ratio)
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            rect = QRectF(0, 0, target.width(), target.height())
            if self._svg is not None:
                self._svg.render(painter, rect)
            elif self._raster is not None:
                painter.drawImage(rect, self._raster)
            painter.end()
            self._cache, self._cache_key = pixmap, key
        return self._cache


# The same dozen illustrations are shown again and again (attract loop, tiles, pages):
# parse each SVG once. Keyed by path and modification time, so edited content reloads.
_SVG_CACHE_SIZE = 64
_svg_cache: dict[tuple[Path, int, Palette | None], QSvgRenderer] = {}
_raster_cache: dict[tuple[Path, int], QImage] = {}


def _stamp(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def _shared_svg(path: Path, line_art_in: Palette | None = None) -> QSvgRenderer | None:
    key = (path, _stamp(path), line_art_in)
    renderer = _svg_cache.get(key)
    if renderer is None:
        if line_art_in is None:
            renderer = QSvgRenderer(str(path))
        else:
            try:
                drawn = line_art(path.read_text(encoding="utf-8"), line_art_in)
            except (OSError, UnicodeDecodeError):
                return None
            renderer = QSvgRenderer(QByteArray(drawn.encode("utf-8")))
        if not renderer.isValid():
            return None
        if len(_svg_cache) >= _SVG_CACHE_SIZE:
            _svg_cache.pop(next(iter(_svg_cache)))  # oldest first; widgets keep their own
        _svg_cache[key] = renderer
    return renderer


def _shared_raster(path: Path) -> QImage | None:
    key = (path, _stamp(path))
    image = _raster_cache.get(key)
    if image is None:
        image = QImage(str(path))
        if image.isNull():
            return None
        if len(_raster_cache) >= _SVG_CACHE_SIZE:
            _raster_cache.pop(next(iter(_raster_cache)))
        _raster_cache[key] = image
    return image


@functools.lru_cache(maxsize=256)
def themed_icon(name: str, colour: str, size: int, mirrored: bool = False) -> QIcon:
    """Return the app icon ``resources/icons/<name>.svg`` drawn in ``colour`` (``mirrored``
    left to right: an arrow in a right-to-left language)."""
    path = resources_dir() / "icons" / f"{name}.svg"
    try:
        svg = path.read_text(encoding="utf-8").replace(ICON_INK, colour)
    except OSError:
        return QIcon()
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    icon = QIcon()
    # Drawn for every scale a screen may have (Windows offers 125 %, 150 %, 175 %): an
    # icon drawn at 100 % and stretched to 150 % is blurry.
    for ratio in icon_scales():
        pixels = round(size * ratio)
        pixmap = QPixmap(pixels, pixels)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if mirrored:
            painter.translate(pixels, 0)
            painter.scale(-1, 1)
        renderer.render(painter)
        painter.end()
        pixmap.setDevicePixelRatio(ratio)
        icon.addPixmap(pixmap)
    return icon


#: Windows' scaling choices and a 2x screen, plus whatever the screens here use.
COMMON_SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)


def icon_scales() -> list[float]:
    screens = {screen.devicePixelRatio() for screen in QGuiApplication.screens()}
    return sorted(set(COMMON_SCALES) | screens)
