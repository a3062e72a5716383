"""The content model: what a content pack may contain, as pydantic models.

Every model forbids unknown keys (a typo must not be silently ignored) and is strict about
types (``"12"`` is not a number of seconds). Checks that need the pack's folder, such as
"does this image exist", read it from the validation context (see :func:`pack_context`).
Nothing here imports Qt.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^>]*>")
SCREEN_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
LANGUAGE_CODE = r"^[a-z]{2}$"


def pack_context(pack_dir: Path) -> dict[str, Any]:
    """Return the validation context that lets models check files inside the pack."""
    return {"pack_dir": pack_dir}


def _plain_text(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("must not be empty")
    if _HTML_TAG.search(text):
        raise ValueError("must be plain text; remove the HTML tag")
    return text


def _image_exists(value: str, info: ValidationInfo) -> str:
    path = Path(value)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(f"'{value}' must be a path inside the content folder, like images/x.svg")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"'{value}' must be an .svg, .png or .jpg file")
    pack_dir = (info.context or {}).get("pack_dir")
    if pack_dir is not None and not (pack_dir / path).is_file():
        raise ValueError(f"there is no image file {pack_dir / path}")
    return value


PlainText = Annotated[str, AfterValidator(_plain_text)]
ShortText = Annotated[PlainText, Field(max_length=120)]
ImagePath = Annotated[str, AfterValidator(_image_exists)]
ScreenId = Annotated[str, Field(pattern=SCREEN_ID.pattern)]
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_CODE)]


class ContentModel(BaseModel):
    """Base for every content model: strict types, no unknown keys, read-only."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- settings.yaml -------------------------------------------------------------------


class AttractLoop(ContentModel):
    """The screens shown while nobody touches the kiosk."""

    screens: list[ScreenId] = Field(min_length=1)
    seconds_per_slide: float = Field(default=10, ge=3, le=120)

    @model_validator(mode="before")
    @classmethod
    def _int_seconds_are_fine(cls, data: Any) -> Any:
        # Strict mode would refuse "seconds_per_slide: 10" as a float; whole numbers are fine.
        if isinstance(data, dict) and type(data.get("seconds_per_slide")) is int:
            data = {**data, "seconds_per_slide": float(data["seconds_per_slide"])}
        return data


class Timeouts(ContentModel):
    """How long the kiosk waits before it asks, and then ends the session."""

    idle_seconds: int = Field(default=60, ge=10, le=3600)
    warning_seconds: int = Field(default=20, ge=5, le=300)


class Settings(ContentModel):
    """``settings.yaml``: the clinic-wide settings of a content pack."""

    clinic_name: ShortText
    kiosk_name: ShortText
    languages: list[LanguageCode] = Field(min_length=1)
    default_language: LanguageCode
    home_menu: list[ScreenId] = Field(min_length=1, max_length=12)
    attract: AttractLoop
    timeouts: Timeouts = Timeouts()
    theme: Literal["garden", "high-contrast"] = "garden"
    touch_only: bool = True

    @field_validator("default_language")
    @classmethod
    def _default_language_is_listed(cls, value: str, info: ValidationInfo) -> str:
        languages = info.data.get("languages")
        if languages is not None and value not in languages:
            raise ValueError(f"default_language '{value}' is not in languages {languages}")
        return value


# --- <lang>/ui.yaml ------------------------------------------------------------------


class UiStrings(ContentModel):
    """``<lang>/ui.yaml``: every button and prompt a patient can read, per language."""

    language_name: ShortText
    touch_to_start: ShortText
    home_title: ShortText
    home_subtitle: ShortText
    next: ShortText
    back: ShortText
    home: ShortText
    next_topic: ShortText
    page_of: ShortText
    research_scan_hint: ShortText

    @field_validator("page_of")
    @classmethod
    def _page_of_has_placeholders(cls, value: str) -> str:
        for placeholder in ("{current}", "{total}"):
            if placeholder not in value:
                raise ValueError(f"page_of must contain {placeholder}, e.g. 'Page 1 of 3'")
        try:
            value.format(current=1, total=2)
        except (KeyError, IndexError, ValueError):
            raise ValueError(
                "page_of may only use {current} and {total} in curly brackets"
            ) from None
        return value


# --- <lang>/screens/<id>.yaml --------------------------------------------------------


class Page(ContentModel):
    """One page of an explainer: a title, short paragraphs, optional bullets and image."""

    title: ShortText
    paragraphs: list[PlainText] = Field(min_length=1, max_length=8)
    bullets: list[ShortText] = Field(default_factory=list, max_length=12)
    image: ImagePath | None = None


class ExplainerScreen(ContentModel):
    """A topic of one or more pages, reachable from the home menu."""

    type: Literal["explainer"]
    title: ShortText
    tile: Annotated[PlainText, Field(max_length=40)]
    summary: Annotated[PlainText, Field(max_length=160)]
    image: ImagePath
    pages: list[Page] = Field(min_length=1, max_length=10)


class Article(ContentModel):
    """One cited article. ``link`` only where someone checked it."""

    title: PlainText
    source: ShortText
    year: int | None = Field(ge=1900, le=2100)
    link: Annotated[str, Field(pattern=r"^https://\S+$")] | None


class ResearchScreen(ContentModel):
    """The list of the articles the clinic cites."""

    type: Literal["research"]
    title: ShortText
    tile: Annotated[PlainText, Field(max_length=40)]
    summary: Annotated[PlainText, Field(max_length=160)]
    image: ImagePath
    intro: PlainText
    articles: list[Article] = Field(min_length=1, max_length=40)


Screen = ExplainerScreen | ResearchScreen
SCREEN_TYPES: dict[str, type[ExplainerScreen] | type[ResearchScreen]] = {
    "explainer": ExplainerScreen,
    "research": ResearchScreen,
}
