"""Instruments are content: PHQ-9 verbatim, and a broken instrument is named precisely."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.loader import validate_pack
from kiosk.model import QuestionnaireScreen

SHARED = Path(__file__).resolve().parents[2] / "shared" / "clinical"
Edit = Callable[[str, str, str], Path]


def _phq9_source() -> dict[str, object]:
    text = (SHARED / "phq9.en.md").read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines()]
    stem = lines[lines.index("Stem:") + 1]
    options = re.findall(r"^- (.+) \((\d)\)$", text, re.M)
    items = re.findall(r"^\d\. (.+)$", text, re.M)
    difficulty_at = next(i for i, line in enumerate(lines) if line.startswith("Difficulty"))
    difficulty = lines[difficulty_at + 1]
    difficulty_options = [line[2:] for line in lines[difficulty_at + 2 : difficulty_at + 6]]
    credit = lines[
        next(i for i, line in enumerate(lines) if line.startswith("Required credit")) + 1
    ]
    return {
        "stem": stem,
        "options": [(label, int(points)) for label, points in options],
        "items": items,
        "difficulty": difficulty,
        "difficulty_options": difficulty_options,
        "credit": credit,
    }


@pytest.mark.skipif(not (SHARED / "phq9.en.md").is_file(), reason="needs ../shared")
def test_phq9_is_word_for_word_the_official_text(pack) -> None:  # type: ignore[no-untyped-def]
    source = _phq9_source()
    phq9 = pack.language("en").screens["phq9"]
    assert isinstance(phq9, QuestionnaireScreen)
    assert phq9.stem == source["stem"]
    assert [(o.label, o.score) for o in phq9.options] == source["options"]
    assert [item.text for item in phq9.items] == source["items"]
    assert len(phq9.items) == 9
    assert phq9.follow_up is not None
    assert phq9.follow_up.text == source["difficulty"]
    assert phq9.follow_up.options == source["difficulty_options"]
    assert phq9.credit == source["credit"]
    assert [item.safety for item in phq9.items] == [False] * 8 + [True]


def test_the_support_screen_has_the_exact_crisis_wording(pack) -> None:  # type: ignore[no-untyped-def]
    support = pack.language("en").support
    assert support.paragraphs[0] == (
        "Please tell our front-desk staff now — they will make sure someone talks with you "
        "right away."
    )
    assert (
        "If you or someone you know is struggling or in crisis, help is available. "
        "Call or text 988 or chat 988lifeline.org." in support.paragraphs
    )
    assert (
        "If there is an immediate health or safety risk, call 911 or go to the nearest "
        "emergency department." in support.paragraphs
    )
    assert any("HOME to 741741" in bullet for bullet in support.bullets)
    assert not any("press 3" in text for text in (*support.paragraphs, *support.bullets))


def test_a_new_instrument_is_just_a_new_file(pack_copy: Path) -> None:
    gad2 = pack_copy / "en" / "screens" / "gad2.yaml"
    text = (
        "type: questionnaire\ntitle: Worry check\ntile: Worry check\n"
        "summary: Two questions.\nimage: images/self-check.svg\n"
        "intro: {title: Worry check, paragraphs: [Two questions.]}\n"
        "stem: Over the last 2 weeks, how often have you been bothered by the following?\n"
        "options: [{label: Not at all, score: 0}, {label: Several days, score: 1},\n"
        "          {label: More than half the days, score: 2},\n"
        "          {label: Nearly every day, score: 3}]\n"
        "items: [{id: g1, text: 'Feeling nervous, anxious or on edge'},\n"
        "        {id: g2, text: Not being able to stop or control worrying}]\n"
        "bands: [{min: 0, max: 2, label: Low, message: Few signs.},\n"
        "        {min: 3, max: 6, label: Higher, message: Worth talking about.}]\n"
        "next_step: Talk with your care team.\n"
    )
    gad2.write_text(text, encoding="utf-8")
    assert "gad2" in str(validate_pack(pack_copy)), "every language needs the new file"
    (pack_copy / "es" / "screens" / "gad2.yaml").write_text(text, encoding="utf-8")
    assert validate_pack(pack_copy) == []
