"""Validated instruments, word for word: what a ``standard: phq9`` screen must say.

A validated questionnaire is only valid verbatim: the same stem, items, answers, scores,
bands, follow-up question and safety rule as the official form. The official texts live
beside this module (``phq9.<lang>.yaml``), so a fresh clone and an installed wheel check
them without anything outside the package. :func:`differences` lists every departure, each
with the place in the screen file it concerns, so the loader can name file and line.

Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from kiosk.model import QuestionnaireScreen

Location = tuple[str | int, ...]


@dataclass(frozen=True)
class Rules:
    """What is the same in every language of a standard instrument."""

    name: str
    scores: tuple[int, ...]
    item_count: int
    band_ranges: tuple[tuple[int, int], ...]
    safety_items: tuple[int, ...]  # 0-based
    safety_min_score: int
    follow_up_when: str


STANDARDS: dict[str, Rules] = {
    "phq9": Rules(
        name="PHQ-9",
        scores=(0, 1, 2, 3),
        item_count=9,
        band_ranges=((0, 4), (5, 9), (10, 14), (15, 19), (20, 27)),
        # Item 9: any answer above "Not at all" is a positive safety screen.
        safety_items=(8,),
        safety_min_score=1,
        follow_up_when="any_item_above_zero",
    ),
}


@cache
def official_text(standard: str, language: str) -> dict[str, Any] | None:
    """The official wording of ``standard`` in ``language``, or None where none is kept."""
    source = resources.files(__package__).joinpath(f"{standard}.{language}.yaml")
    if not source.is_file():
        return None
    data: dict[str, Any] = yaml.safe_load(source.read_text(encoding="utf-8"))
    return data


def languages_with_text(standard: str) -> list[str]:
    """The languages whose official text the kiosk keeps for ``standard``."""
    names = (entry.name for entry in resources.files(__package__).iterdir())
    prefix = f"{standard}."
    return sorted(n[len(prefix) : -len(".yaml")] for n in names if n.startswith(prefix))


def differences(screen: QuestionnaireScreen, language: str) -> list[tuple[Location, str]]:
    """Every way ``screen`` departs from its declared standard, as (location, message)."""
    if screen.standard is None:
        return []
    rules = STANDARDS[screen.standard]
    problems = _rule_differences(screen, rules)
    text = official_text(screen.standard, language)
    if text is not None:
        problems += _wording_differences(screen, rules, text, language)
    return problems


def _rule_differences(screen: QuestionnaireScreen, rules: Rules) -> list[tuple[Location, str]]:
    """Scores, bands and the safety rule: the same in every language."""
    name = rules.name
    problems: list[tuple[Location, str]] = []
    scores = tuple(option.score for option in screen.options)
    if scores != rules.scores:
        problems.append(
            (
                ("options",),
                f"the {name} answers score {list(rules.scores)}, in this order; "
                f"this file has {list(scores)}",
            )
        )
    if len(screen.items) != rules.item_count:
        problems.append(
            (
                ("items",),
                f"the {name} has {rules.item_count} items; this file has {len(screen.items)}",
            )
        )
    for index, item in enumerate(screen.items):
        should = index in rules.safety_items
        if item.safety != should:
            what = "must have 'safety: true'" if should else "must not be a safety item"
            problems.append(
                ((("items", index, "safety")), f"item {index + 1} of the {name} {what}")
            )
    if screen.safety_min_score != rules.safety_min_score:
        problems.append(
            (
                ("safety_min_score",),
                f"is {screen.safety_min_score}, but on the {name} any answer scoring "
                f"{rules.safety_min_score} or more to the safety item is a positive safety "
                f"screen; set it to {rules.safety_min_score}",
            )
        )
    ranges = tuple((band.min, band.max) for band in screen.bands)
    if ranges != rules.band_ranges:
        shown = ", ".join(f"{low}-{high}" for low, high in rules.band_ranges)
        problems.append((("bands",), f"the {name} bands are {shown}, in this order"))
    follow_up = screen.follow_up
    if follow_up is not None and follow_up.ask_when != rules.follow_up_when:
        problems.append(
            (("follow_up", "ask_when"), f"must be '{rules.follow_up_when}' for the {name}")
        )
    return problems


def _wording_differences(
    screen: QuestionnaireScreen, rules: Rules, text: dict[str, Any], language: str
) -> list[tuple[Location, str]]:
    """Stem, answers, items, follow-up and credit line, word for word."""
    official = f"official {rules.name} ({language})"
    problems: list[tuple[Location, str]] = []

    def compare(location: Location, shown: str | None, expected: str, what: str) -> None:
        if shown != expected:
            problems.append(
                (location, f"{what} is not the {official} text{_hint(shown, expected)}")
            )

    compare(("stem",), screen.stem, text["stem"], "the stem")
    for index, (option, expected) in enumerate(zip(screen.options, text["options"], strict=False)):
        compare(("options", index, "label"), option.label, expected["label"], f"answer {index + 1}")
    for index, (item, expected) in enumerate(zip(screen.items, text["items"], strict=False)):
        compare(("items", index, "text"), item.text, expected, f"item {index + 1}")
    expected_follow = text["follow_up"]
    if screen.follow_up is None:
        problems.append(
            (
                ("follow_up",),
                f"is missing: the {official} form asks '{expected_follow['text']}' after the items",
            )
        )
    else:
        compare(("follow_up", "text"), screen.follow_up.text, expected_follow["text"], "the text")
        if len(screen.follow_up.options) != len(expected_follow["options"]):
            problems.append(
                (
                    ("follow_up", "options"),
                    f"the {official} follow-up has "
                    f"{len(expected_follow['options'])} answers: "
                    + "; ".join(expected_follow["options"]),
                )
            )
        for index, (shown, expected) in enumerate(
            zip(screen.follow_up.options, expected_follow["options"], strict=False)
        ):
            compare(("follow_up", "options", index), shown, expected, f"answer {index + 1}")
    compare(("credit",), screen.credit, text["credit"], "the credit line")
    for index, (band, label) in enumerate(
        zip(screen.bands, text.get("band_labels", []), strict=False)
    ):
        compare(("bands", index, "label"), band.label, label, f"band {index + 1}")
    return problems


def _hint(shown: str | None, expected: str) -> str:
    """Say where two texts part, so an editor finds a one-letter slip at once."""
    if shown is None:
        return f"; it must read: {expected}"
    at = next(
        (i for i, (a, b) in enumerate(zip(shown, expected, strict=False)) if a != b),
        min(len(shown), len(expected)),
    )
    start = max(0, at - 12)
    return (
        f"; it must read: {expected} (they differ from character {at + 1}: "
        f"'…{shown[start : at + 12]}…' should be '…{expected[start : at + 12]}…')"
    )
