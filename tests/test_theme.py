"""Colours readable in both themes; sizes that follow the screen."""

from __future__ import annotations

import pytest

from kiosk.paths import resources_dir
from kiosk.theme import THEMES, Sizes, contrast_ratio, render_stylesheet, scale_for

# Every text colour the stylesheet draws, on every background it draws it on.
TEXT_PAIRS = [
    ("text", "background"),
    ("text", "surface"),
    ("muted_text", "background"),
    ("muted_text", "surface"),
    ("on_primary", "primary"),
    ("on_primary", "primary_pressed"),
    ("on_secondary", "secondary"),
    ("on_secondary", "secondary_pressed"),
    ("text", "secondary_pressed"),
]


def test_contrast_formula_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast_ratio("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert contrast_ratio("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", sorted(THEMES))
@pytest.mark.parametrize(("foreground", "background"), TEXT_PAIRS)
def test_text_contrast_is_at_least_4_5(theme: str, foreground: str, background: str) -> None:
    palette = THEMES[theme]
    ratio = contrast_ratio(getattr(palette, foreground), getattr(palette, background))
    assert ratio >= 4.5, f"{theme}: {foreground} on {background} is {ratio:.2f}:1"


@pytest.mark.parametrize(
    ("size", "scale"),
    [((1920, 1080), 1.0), ((1080, 1920), 1.0), ((3840, 2160), 2.0), ((1280, 800), 800 / 1080)],
)
def test_scale_follows_the_short_side(size: tuple[int, int], scale: float) -> None:
    assert scale_for(*size) == pytest.approx(scale)


def test_primary_buttons_are_at_least_64px_tall_at_1080p() -> None:
    assert Sizes(scale_for(1920, 1080)).button_height >= 64
    assert Sizes(scale_for(1280, 800)).button_height >= 48


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_stylesheet_has_no_unfilled_placeholder(theme: str) -> None:
    template = (resources_dir() / "kiosk.qss").read_text(encoding="utf-8")
    sheet = render_stylesheet(template, THEMES[theme], Sizes(1.0))
    assert "$" not in sheet
    assert THEMES[theme].primary in sheet
