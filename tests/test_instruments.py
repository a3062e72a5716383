"""Instruments are content: PHQ-9 verbatim, and a broken instrument is named precisely."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk import standards
from kiosk.loader import load_pack, validate_pack
from kiosk.model import QuestionnaireScreen

# The clinic's reference texts, kept in the repository so that these tests run (and fail)
# on a fresh clone: copies of shared/clinical/phq9.*.md.
REFERENCE = Path(__file__).resolve().parent / "reference"
Edit = Callable[[str, str, str], Path]


def _phq9_source(language: str) -> dict[str, object]:
    text = (REFERENCE / f"phq9.{language}.md").read_text(encoding="utf-8")
    lines = [re.sub(r" \[\d+\]$", "", line.strip()) for line in text.splitlines()]
    stem = lines[next(i for i, line in enumerate(lines) if line.startswith("Stem")) + 1]
    options = re.findall(r"^- (.+?) \((\d)\)", text, re.M)
    items = [re.sub(r" \[\d+\]$", "", item) for item in re.findall(r"^\d\. (.+)$", text, re.M)]
    difficulty_at = next(i for i, line in enumerate(lines) if line.startswith("Difficulty"))
    difficulty = lines[difficulty_at + 1]
    difficulty_options = [line[2:] for line in lines[difficulty_at + 2 : difficulty_at + 6]]
    credit = lines[
        next(i for i, line in enumerate(lines) if line.startswith(("Required credit", "Credit")))
        + 1
    ]
    return {
        "stem": stem,
        "options": [(label, int(points)) for label, points in options],
        "items": items,
        "difficulty": difficulty,
        "difficulty_options": difficulty_options,
        "credit": credit,
    }


@pytest.mark.parametrize("language", ["en", "es"])
def test_phq9_is_word_for_word_the_official_text(pack, language: str) -> None:  # type: ignore[no-untyped-def]
    source = _phq9_source(language)
    phq9 = pack.language(language).screens["phq9"]
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


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_kiosks_own_official_text_is_the_clinics_reference(language: str) -> None:
    """kiosk/standards/phq9.<lang>.yaml is what `kiosk validate` checks against."""
    source = _phq9_source(language)
    kept = standards.official_text("phq9", language)
    assert kept is not None
    assert kept["stem"] == source["stem"]
    assert [(o["label"], o["score"]) for o in kept["options"]] == source["options"]
    assert kept["items"] == source["items"]
    assert kept["follow_up"]["text"] == source["difficulty"]
    assert kept["follow_up"]["options"] == source["difficulty_options"]
    assert kept["credit"] == source["credit"]


def _problems(pack_copy: Path) -> list[str]:
    return [str(error) for error in validate_pack(pack_copy)]


DEPARTURES = {
    "en item 9 reworded": (
        "en/screens/phq9.yaml",
        "text: Thoughts that you would be better off dead or of hurting yourself in some way",
        "text: Thoughts that you would be better off dead or of hurting yourself",
        "phq9.yaml:45: 'items[9].text': item 9 is not the official PHQ-9 (en) text",
    ),
    "es item 9 reworded": (
        "es/screens/phq9.yaml",
        'text: "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera"',
        'text: "Pensamientos de que estaría mejor muerto o de lastimarse de alguna manera"',
        "phq9.yaml:46: 'items[9].text': item 9 is not the official PHQ-9 (es) text",
    ),
    "an answer relabelled": (
        "en/screens/phq9.yaml",
        "label: Nearly every day",
        "label: Every day",
        "'options[4].label': answer 4 is not the official PHQ-9 (en) text",
    ),
    "a stem with a typo": (
        "en/screens/phq9.yaml",
        "stem: Over the last 2 weeks,",
        "stem: Over the last two weeks,",
        "'stem': the stem is not the official PHQ-9 (en) text; it must read: Over the last 2",
    ),
    "the safety flag removed": (
        "en/screens/phq9.yaml",
        "    safety: true\n",
        "",
        "'items[9].safety': item 9 of the PHQ-9 must have 'safety: true'",
    ),
    "a higher safety threshold": (
        "en/screens/phq9.yaml",
        "safety_min_score: 1",
        "safety_min_score: 2",
        "'safety_min_score': is 2, but on the PHQ-9 any answer scoring 1 or more to the "
        "safety item is a positive safety screen; set it to 1",
    ),
    "a band renamed": (
        "en/screens/phq9.yaml",
        "label: Moderately severe",
        "label: Quite severe",
        "'bands[4].label': band 4 is not the official PHQ-9 (en) text",
    ),
    "no credit line": (
        "en/screens/phq9.yaml",
        "credit: Developed by",
        "# credit: Developed by",
        "'credit': the credit line is not the official PHQ-9 (en) text",
    ),
    "the difficulty question reworded": (
        "en/screens/phq9.yaml",
        "    - Extremely difficult",
        "    - Extremely hard",
        "'follow_up.options[4]': answer 4 is not the official PHQ-9 (en) text",
    ),
}


@pytest.mark.parametrize("case", sorted(DEPARTURES))
def test_a_standard_phq9_that_departs_from_the_official_text_is_refused(
    edit: Edit, pack_copy: Path, case: str
) -> None:
    relative, old, new, expected = DEPARTURES[case]
    edit(relative, old, new)
    problems = _problems(pack_copy)
    assert any(expected in problem for problem in problems), problems


def test_moved_bands_are_refused(edit: Edit, pack_copy: Path) -> None:
    edit("en/screens/phq9.yaml", "    max: 4\n", "    max: 5\n")
    edit("en/screens/phq9.yaml", "  - min: 5\n", "  - min: 6\n")
    problems = _problems(pack_copy)
    phq9 = pack_copy / "en" / "screens" / "phq9.yaml"  # printed with this system's separator
    assert any(
        p.startswith(f"{phq9}:56: 'bands': the PHQ-9 bands are 0-4, 5-9, 10-14, 15-19, 20-27")
        for p in problems
    ), problems


def test_a_questionnaire_not_claiming_a_standard_may_differ(edit: Edit, pack_copy: Path) -> None:
    edit("en/screens/phq9.yaml", "standard: phq9\n", "")
    edit("es/screens/phq9.yaml", "standard: phq9\n", "")
    edit("en/screens/phq9.yaml", "label: Nearly every day", "label: Every day")
    assert _problems(pack_copy) == []


def test_a_language_without_an_official_text_is_checked_for_rules_and_noted(
    pack_copy: Path,
) -> None:
    shutil.copytree(pack_copy / "en", pack_copy / "fr")
    settings = pack_copy / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("[en, es]", "[en, es, fr]"), encoding="utf-8"
    )
    pack = load_pack(pack_copy)
    notes = [str(note) for note in pack.notes]
    phq9 = pack_copy / "fr" / "screens" / "phq9.yaml"  # printed with this system's separator
    assert any(
        note.startswith(f"{phq9}:5: the kiosk keeps the official PHQ-9 wording in en, es only")
        for note in notes
    ), notes


def test_a_safety_item_that_can_never_trigger_is_refused(edit: Edit, pack_copy: Path) -> None:
    edit("en/screens/quick-check.yaml", "safety_min_score: 1", "safety_min_score: 2")
    problems = _problems(pack_copy)
    assert any(
        "quick-check.yaml" in p
        and "the support screen could never appear" in p
        and "set it to" in p
        for p in problems
    ), problems


def test_a_translation_cannot_drop_its_standard(edit: Edit, pack_copy: Path) -> None:
    """Without `standard:` the Spanish PHQ-9 would skip its word-for-word check."""
    edit("es/screens/phq9.yaml", "standard: phq9\n", "")
    edit(
        "es/screens/phq9.yaml",
        "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
        "Pensamientos de hacerse daño",
    )
    spanish = pack_copy / "es" / "screens" / "phq9.yaml"
    problems = validate_pack(pack_copy)
    assert any(
        p.file == spanish
        and "'standard' must be the same in every language: phq9 in one, none here" in p.message
        for p in problems
    ), [str(p) for p in problems]
