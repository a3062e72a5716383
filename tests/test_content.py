"""The shipped content says what the clinic may say, with the exact crisis wording."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from kiosk.model import ExplainerScreen, ResearchScreen

# Copies of shared/clinical/, kept in the repository so these checks run on a fresh clone.
REFERENCE = Path(__file__).resolve().parent / "reference"


def _quoted(text: str) -> list[str]:
    """The quoted sentences of a reference file, each on one line again."""
    return [" ".join(q.split()) for q in re.findall(r"\"([^\"]+)\"", text)]


_CRISIS = _quoted((REFERENCE / "crisis-us.md").read_text(encoding="utf-8"))
CRISIS_988 = next(q for q in _CRISIS if "988" in q)
CRISIS_911 = next(q for q in _CRISIS if "911" in q)
FRONT_DESK = next(q for q in _CRISIS if "front-desk" in q)


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


@pytest.mark.parametrize("language", ["en", "es"])
def test_research_lists_the_twelve_references_exactly(pack, language: str) -> None:  # type: ignore[no-untyped-def]
    """Titles, sources, years and links (a DOI one digit off leads nowhere) in every
    language: the articles are cited in their own words. A doi.org link is written as
    its DOI, and authors only as the clinic's notes name them, next to the year."""
    references = yaml.safe_load((REFERENCE / "references.yaml").read_text(encoding="utf-8"))
    screen = pack.language(language).screens["research"]
    assert isinstance(screen, ResearchScreen)
    shown = [(a.title, a.source, a.year, a.link) for a in screen.articles]
    expected = [(r["title"], r["source"], r["year"], r["link"]) for r in references]
    assert shown == expected
    for article, reference in zip(screen.articles, references, strict=True):
        link = reference["link"] or ""
        assert (article.doi is not None) == link.startswith("https://doi.org/"), article.title
        if article.authors:
            assert f"{article.authors} {article.year}" in reference["note"], article.title
    assert sum(a.authors is not None for a in screen.articles) == 6


def test_the_crisis_reference_is_the_one_the_checks_use() -> None:
    assert CRISIS_988.endswith("Call or text 988 or chat 988lifeline.org.")
    assert "call 911" in CRISIS_911
    assert FRONT_DESK.startswith("Please tell our front-desk staff now")


def _numbers(texts: list[str]) -> set[str]:
    return set(re.findall(r"\d{3,}", " ".join(texts)))


def _strings(value: object) -> list[str]:
    """Every text in a piece of content, however deep."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, BaseModel):
        return [t for name in type(value).model_fields for t in _strings(getattr(value, name))]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple):
        return [t for item in value for t in _strings(item)]
    return []


def _places(pack, language: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The text of every screen, the support screen and the captions, one string each."""
    content = pack.language(language)
    places = {"support": content.support, "ui": content.ui, **content.screens}
    return {name: " ".join(_strings(place)) for name, place in places.items()}


def _phone_menu(text: str, language: str) -> dict[str, str]:
    """Which key of the 988 phone menu each line says: {"veterans": "1", "spanish": "2"}."""
    menu: dict[str, str] = {}
    if language == "en":
        for key, line in re.findall(r"press (\d) for (the Veterans|Spanish)", text):
            menu["veterans" if "Veterans" in line else "spanish"] = key
    else:
        for sentence in re.split(r"[.:;]", text):
            for key in re.findall(r"marque (\d)", sentence):
                menu["veterans" if "Veteranos" in sentence else "spanish"] = key
    return menu


def test_every_spanish_screen_gives_the_english_numbers_and_phone_menu(pack) -> None:  # type: ignore[no-untyped-def]
    """Wherever the Spanish content gives a number (988, 911, 741741 …) or a key of the
    988 phone menu, it is the one the English screen gives: a wrong digit anywhere sends a
    patient in crisis nowhere."""
    english, spanish = _places(pack, "en"), _places(pack, "es")
    assert english.keys() == spanish.keys()
    menus = 0
    for name, text in english.items():
        assert _numbers([spanish[name]]) == _numbers([text]), name
        menu = _phone_menu(text, "en")
        assert _phone_menu(spanish[name], "es") == menu, name
        menus += bool(menu)
    assert _numbers([english["symptoms"]]) >= {"988", "911"}, "the numbers are found"
    assert menus >= 2, "the phone menu is found (support screen, help page)"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_crisis_lines_are_in_every_place_a_patient_in_crisis_may_be(pack, language) -> None:  # type: ignore[no-untyped-def]
    content = pack.language(language)
    support = " ".join(content.support.paragraphs)
    note = " ".join(content.support.result_note.paragraphs)
    symptoms = " ".join(content.screens["symptoms"].pages[1].paragraphs)
    help_page = content.screens["suicidal-thoughts"].pages[0]
    for text in (support, note, symptoms):
        assert "988" in text
        assert "911" in text
    bullets = " ".join(help_page.bullets)
    assert ("press 1" in bullets and "press 2" in bullets) or (
        "marque 1" in bullets and "marque 2" in bullets
    )
