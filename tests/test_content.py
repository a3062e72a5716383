"""The shipped content says what the clinic may say, with the exact crisis wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from kiosk.model import ExplainerScreen, ResearchScreen

SHARED = Path(__file__).resolve().parents[2] / "shared" / "clinical"

CRISIS_988 = (
    "If you or someone you know is struggling or in crisis, help is available. "
    "Call or text 988 or chat 988lifeline.org."
)
CRISIS_911 = (
    "If there is an immediate health or safety risk, call 911 or go to the nearest "
    "emergency department."
)
FRONT_DESK = (
    "Please tell our front-desk staff now — they will make sure someone talks with you right away."
)


def _all_text(screen: ExplainerScreen) -> list[str]:
    return [t for page in screen.pages for t in (page.title, *page.paragraphs, *page.bullets)]


def test_help_comes_first_with_the_exact_crisis_wording(pack) -> None:  # type: ignore[no-untyped-def]
    screen = pack.language("en").screens["suicidal-thoughts"]
    assert isinstance(screen, ExplainerScreen)
    first_page = screen.pages[0]
    texts = [*first_page.paragraphs, *first_page.bullets]
    assert CRISIS_988 in texts
    assert CRISIS_911 in texts
    assert FRONT_DESK in texts
    assert any("HOME to 741741" in text for text in texts)


def test_no_discontinued_crisis_option_is_listed(pack) -> None:  # type: ignore[no-untyped-def]
    for screen in pack.language("en").screens.values():
        if isinstance(screen, ExplainerScreen):
            assert not any("press 3" in text.lower() for text in _all_text(screen))


def test_the_clinics_ten_symptoms_are_listed(pack) -> None:  # type: ignore[no-untyped-def]
    screen = pack.language("en").screens["symptoms"]
    assert isinstance(screen, ExplainerScreen)
    bullets = screen.pages[0].bullets
    assert len(bullets) == 10
    assert bullets[-1] == "Feeling life isn't worth living"


def test_oral_ketamine_is_never_said_to_work_within_hours(pack) -> None:  # type: ignore[no-untyped-def]
    for screen in pack.language("en").screens.values():
        if not isinstance(screen, ExplainerScreen):
            continue
        for page in screen.pages:
            text = " ".join((*page.paragraphs, *page.bullets)).lower()
            if "by mouth" in text or "oral" in text:
                assert "within hours" not in text, page.title


def test_no_promises(pack) -> None:  # type: ignore[no-untyped-def]
    forbidden = re.compile(r"\b(cure[sd]?|guarantee[sd]?|will (make you|fix)|100%)\b", re.I)
    for screen in pack.language("en").screens.values():
        if isinstance(screen, ExplainerScreen):
            for text in _all_text(screen):
                match = forbidden.search(text)
                # "not a cure" is honest; anything else promising is not.
                assert match is None or "not a cure" in text, text


@pytest.mark.skipif(not (SHARED / "references.yaml").is_file(), reason="needs ../shared")
def test_research_lists_the_twelve_references_exactly(pack) -> None:  # type: ignore[no-untyped-def]
    references = yaml.safe_load((SHARED / "references.yaml").read_text(encoding="utf-8"))
    screen = pack.language("en").screens["research"]
    assert isinstance(screen, ResearchScreen)
    shown = [(a.title, a.source, a.year, a.link) for a in screen.articles]
    expected = [(r["title"], r["source"], r["year"], r["link"]) for r in references]
    assert shown == expected
