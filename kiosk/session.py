"""The patient's session: the only place answers exist, in memory, until it is cleared.

Nothing here is logged or written anywhere. :meth:`Session.clear` is called by every way a
session ends (Done, Home, Leave, a reset), and overwrites the answers before dropping them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kiosk.model import QuestionnaireScreen
from kiosk.scoring import CheckResult, needs_follow_up, score


class Step(Enum):
    """What a self-check shows next."""

    ITEM = "item"
    FOLLOW_UP = "follow_up"
    FINISHED = "finished"


@dataclass
class CheckRun:
    """One patient's way through one instrument."""

    instrument_id: str
    instrument: QuestionnaireScreen
    choices: list[int | None] = field(default_factory=list)
    follow_up_choice: int | None = None
    position: int = 0

    def __post_init__(self) -> None:
        if not self.choices:
            self.choices = [None] * len(self.instrument.items)

    @property
    def item_count(self) -> int:
        return len(self.instrument.items)

    def step(self) -> Step:
        """What is shown at the current position."""
        if self.position < self.item_count:
            return Step.ITEM
        if self.position == self.item_count and needs_follow_up(self.instrument, self.choices):
            return Step.FOLLOW_UP
        return Step.FINISHED

    def current_choice(self) -> int | None:
        """The answer already given at this position (after Back), if any."""
        if self.step() is Step.ITEM:
            return self.choices[self.position]
        if self.step() is Step.FOLLOW_UP:
            return self.follow_up_choice
        return None

    def answer(self, choice: int) -> Step:
        """Record ``choice`` for what is shown now and move on; return the next step."""
        step = self.step()
        if step is Step.ITEM:
            if not 0 <= choice < len(self.instrument.options):
                raise ValueError(f"no option {choice}")
            self.choices[self.position] = choice
        elif step is Step.FOLLOW_UP:
            assert self.instrument.follow_up is not None
            if not 0 <= choice < len(self.instrument.follow_up.options):
                raise ValueError(f"no follow-up option {choice}")
            self.follow_up_choice = choice
        else:
            return step
        self.position += 1
        return self.step()

    def back(self) -> bool:
        """Go back one question; False when already at the first."""
        if self.position == 0:
            return False
        self.position -= 1
        if self.position == self.item_count and not needs_follow_up(self.instrument, self.choices):
            self.position -= 1
        return True

    def is_finished(self) -> bool:
        return self.step() is Step.FINISHED

    def result(self) -> CheckResult:
        """Score the finished run."""
        if not self.is_finished() or any(c is None for c in self.choices):
            raise ValueError("the check is not finished")
        return score(self.instrument, [c for c in self.choices if c is not None])

    def erase(self) -> None:
        """Overwrite every answer, then forget them."""
        for index in range(len(self.choices)):
            self.choices[index] = None
        self.choices.clear()
        self.follow_up_choice = None
        self.position = 0


@dataclass
class Session:
    """Everything about the current patient. Lives in memory only."""

    check: CheckRun | None = None

    def start_check(self, instrument_id: str, instrument: QuestionnaireScreen) -> CheckRun:
        self.clear()
        self.check = CheckRun(instrument_id, instrument)
        return self.check

    def clear(self) -> None:
        """End the session: erase every answer."""
        if self.check is not None:
            self.check.erase()
        self.check = None
