"""The patient's session: the only place answers exist, in memory, until it is cleared.

Nothing here is logged or written anywhere. :meth:`Session.clear` is called by every way a
session ends (Done, Home, Leave, a reset), and overwrites the answers before dropping them.

The instrument's safety rule is evaluated after *every* answer (:meth:`Session.answer`),
not at the end of the check: the first answer that meets it flags the session, and nothing
but the end of the session takes that flag away. Going back and changing the answer,
leaving the check or switching language never un-flags it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

from kiosk.model import QuestionnaireScreen
from kiosk.scoring import CheckResult, needs_follow_up, safety_triggered, score


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
        # From the result after the follow-up question this lands on that question, which
        # is still needed: no answer has changed since it was shown.
        self.position -= 1
        return True

    def is_finished(self) -> bool:
        return self.step() is Step.FINISHED

    def is_follow_up(self) -> bool:
        return self.step() is Step.FOLLOW_UP

    def safety_met(self) -> bool:
        """Whether the answers given so far meet the instrument's safety rule."""
        return safety_triggered(self.instrument, self.choices)

    def result(self) -> CheckResult:
        """Score the finished run."""
        if not self.is_finished() or any(c is None for c in self.choices):
            raise ValueError("the check is not finished")
        return score(self.instrument, [c for c in self.choices if c is not None])

    def erase(self) -> None:
        """Forget every answer (the list itself is emptied: any view holding it sees none)."""
        self.choices.clear()
        self.follow_up_choice = None
        self.position = 0


@dataclass(frozen=True)
class Answered:
    """What one answer led to: the next step, and whether it is the session's first
    safety answer (staff are told and the support screen shows, before anything else)."""

    step: Step
    first_safety_answer: bool


@dataclass
class Session:
    """Everything about the current patient. Lives in memory only.

    ``safety_flagged`` is set by the first answer that meets a safety rule and stays set
    until the session ends: the result then carries the safety note, the idle grace is
    longer, and no second alert is sent for the same patient.
    """

    check: CheckRun | None = None
    safety_flagged: bool = False

    def start_check(self, instrument_id: str, instrument: QuestionnaireScreen) -> CheckRun:
        """Start ``instrument`` from its first question (a previous check is erased)."""
        self.drop_check()
        self.check = CheckRun(instrument_id, instrument)
        return self.check

    def answer(self, choice: int) -> Answered:
        """Record ``choice`` in the check under way and evaluate its safety rule.

        Raises:
            RuntimeError: no check is under way.
        """
        run = self.check
        if run is None:
            raise RuntimeError("no self-check is under way")
        step = run.answer(choice)
        first = not self.safety_flagged and run.safety_met()
        if first:
            self.safety_flagged = True
        return Answered(step, first)

    def drop_check(self) -> None:
        """Erase the check under way (Back from its first question); the session goes on."""
        if self.check is not None:
            self.check.erase()
        self.check = None

    def clear(self) -> None:
        """End the session: erase every answer and forget the safety flag."""
        self.drop_check()
        self.safety_flagged = False
