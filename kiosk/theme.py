"""Colours and sizes of the kiosk, as plain data (no Qt), so tests can check contrast.

Sizes scale with the screen: :func:`scale_for` turns a window size into a factor that is
1.0 for a 1920x1080 screen, so a 4K TV gets 2x everything and a 1280x800 tablet 0.74x,
and nothing is a fixed pixel size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from string import Template


@dataclass(frozen=True)
class Palette:
    """The colours of one theme, as ``#RRGGBB`` strings."""

    background: str
    surface: str
    text: str
    muted_text: str
    primary: str
    primary_pressed: str
    on_primary: str
    secondary: str
    secondary_pressed: str
    on_secondary: str
    accent: str
    border: str
    dot_off: str
    # Illustrations as line art (outlines on the background, no pastel fills).
    line_art: bool = False


GARDEN = Palette(
    background="#F6F4EE",
    surface="#FFFFFF",
    text="#1F2A24",
    muted_text="#4A5A51",
    primary="#2F6B4F",
    primary_pressed="#1E4A36",
    on_primary="#FFFFFF",
    secondary="#E4EEDF",
    secondary_pressed="#C7DBBF",
    on_secondary="#1F2A24",
    accent="#E9B949",
    border="#C9D6C3",
    dot_off="#A8B8AD",
)

HIGH_CONTRAST = Palette(
    background="#000000",
    surface="#101010",
    text="#FFFFFF",
    muted_text="#E6E6E6",
    primary="#FFE066",
    primary_pressed="#FFF3B0",
    on_primary="#000000",
    secondary="#1C1C1C",
    secondary_pressed="#3A3A3A",
    on_secondary="#FFFFFF",
    accent="#FFE066",
    border="#FFFFFF",
    dot_off="#8C8C8C",
    line_art=True,
)

THEMES = {"garden": GARDEN, "high-contrast": HIGH_CONTRAST}

REFERENCE_SHORT_SIDE = 1080
LARGER_TEXT = 1.35  # the "Larger text" toggle (WCAG asks for text resizable to 200 %
# without loss; on a fixed kiosk screen 1.35x keeps every page usable at 1280x800)
MIN_SCALE = 0.6


def scale_for(width: int, height: int) -> float:
    """Return the size factor for a window of ``width`` x ``height`` pixels."""
    return max(MIN_SCALE, min(width, height) / REFERENCE_SHORT_SIDE)


@dataclass(frozen=True)
class Sizes:
    """Font and control sizes in pixels for one screen scale and one text size.

    ``text_scale`` is the patient's "Larger text" choice: it grows every font (by
    :data:`LARGER_TEXT`), not the margins, so more text fits than a plain zoom allows.
    """

    scale: float
    text_scale: float = 1.0

    def px(self, at_1080: float) -> int:
        """Return ``at_1080`` pixels scaled for this screen."""
        return max(1, round(at_1080 * self.scale))

    def font(self, at_1080: float) -> int:
        """Return a font size in pixels: scaled for the screen and the text size."""
        return max(1, round(at_1080 * self.scale * self.text_scale))

    @property
    def body(self) -> int:
        return self.font(32)

    @property
    def title(self) -> int:
        return self.font(56)

    @property
    def countdown(self) -> int:
        return self.font(120)

    @property
    def question(self) -> int:
        return self.font(46)

    @property
    def subtitle(self) -> int:
        return self.font(36)

    @property
    def button(self) -> int:
        return self.font(30)

    @property
    def small(self) -> int:
        return self.font(24)

    @property
    def button_height(self) -> int:
        """Primary actions: at least 64 px at 1080p."""
        return max(64, self.px(88))

    @property
    def access_height(self) -> int:
        """Secondary actions: at least 48 px on any screen (a fingertip does not scale)."""
        return max(52, self.px(64))

    @property
    def margin(self) -> int:
        return self.px(40)

    @property
    def radius(self) -> int:
        return self.px(20)


def render_stylesheet(template: str, palette: Palette, sizes: Sizes) -> str:
    """Fill ``$name`` placeholders of a Qt stylesheet with colours and sizes."""
    values: dict[str, str] = {
        f.name: value for f in fields(palette) if isinstance(value := getattr(palette, f.name), str)
    }
    for name in (
        "body",
        "title",
        "question",
        "countdown",
        "subtitle",
        "button",
        "small",
        "button_height",
        "access_height",
        "margin",
        "radius",
    ):
        values[name] = f"{getattr(sizes, name)}px"
    for at_1080 in (2, 3, 4, 6, 8, 12, 16, 24, 28, 32):
        values[f"px{at_1080}"] = f"{sizes.px(at_1080)}px"
    return Template(template).substitute(values)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#RRGGBB`` colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio between two ``#RRGGBB`` colours (1 to 21)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


_COLOUR_ATTRIBUTE = re.compile(r'\b(fill|stroke)="(#[0-9A-Fa-f]{6})"')
# The illustrations' warm accents (sun, heart, sparkles) stay, in the theme's accent.
_WARM = {"#E9B949", "#E88C7D"}


def line_art(svg: str, palette: Palette) -> str:
    """Redraw an illustration for a high-contrast theme: every outline in the text
    colour, the warm accents in the accent colour, and no other fill (a fill in the
    background colour would still show as a dark oval on a card). No pastel on black."""

    def swap(match: re.Match[str]) -> str:
        kind, colour = match.group(1), match.group(2).upper()
        if colour in _WARM:
            return f'{kind}="{palette.accent}"'
        return f'{kind}="{palette.text}"' if kind == "stroke" else f'{kind}="none"'

    return _COLOUR_ATTRIBUTE.sub(swap, svg)
