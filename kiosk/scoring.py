"""Scoring of self-check instruments, from their content description alone.

Answers are *option indices* (which button was tapped), so the same code scores a yes/no
check and the PHQ-9; points come from the content's ``options``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kiosk.model import Band, QuestionnaireScreen


@dataclass(frozen=True)
class CheckResult:
    """What the result screen shows: the total, its band, and whether to offer support."""

    total: int
    max_total: int
    band: Band
    safety: bool


def item_scores(instrument: QuestionnaireScreen, choices: Sequence[int]) -> list[int]:
    """Points for each answered item.

    Raises:
        ValueError: a choice is not one of the instrument's options, or answers are missing.
    """
    if len(choices) != len(instrument.items):
        raise ValueError(f"{len(choices)} answers for {len(instrument.items)} items")
    scores = []
    for choice in choices:
        if not 0 <= choice < len(instrument.options):
            raise ValueError(f"answer {choice} is not one of the options")
        scores.append(instrument.options[choice].score)
    return scores


def band_for(instrument: QuestionnaireScreen, total: int) -> Band:
    """The band whose range holds ``total`` (the content guarantees exactly one)."""
    for band in instrument.bands:
        if band.min <= total <= band.max:
            return band
    raise ValueError(f"no band holds the total {total}")


def safety_triggered(instrument: QuestionnaireScreen, choices: Sequence[int | None]) -> bool:
    """True when any safety item is answered at ``safety_min_score`` or above."""
    return any(
        item.safety
        and choice is not None
        and instrument.options[choice].score >= instrument.safety_min_score
        for item, choice in zip(instrument.items, choices, strict=False)
    )


def needs_follow_up(instrument: QuestionnaireScreen, choices: Sequence[int | None]) -> bool:
    """Whether the follow-up question is asked after these answers."""
    follow_up = instrument.follow_up
    if follow_up is None:
        return False
    if follow_up.ask_when == "always":
        return True
    return any(c is not None and instrument.options[c].score > 0 for c in choices)


def score(instrument: QuestionnaireScreen, choices: Sequence[int]) -> CheckResult:
    """Score a complete set of answers."""
    total = sum(item_scores(instrument, choices))
    return CheckResult(
        total=total,
        max_total=instrument.max_total,
        band=band_for(instrument, total),
        safety=safety_triggered(instrument, choices),
    )
