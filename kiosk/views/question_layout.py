"""Where a question and its answers go, so that every answer is visible without scrolling.

A patient who does not scroll must still be able to pick the highest answer, on exactly
the items that matter ("Nearly every day" to "thoughts that you would be better off
dead"). :func:`plan` tries arrangements in order of preference and returns the first in
which the question and all its answers fit the space the screen has:

* landscape: the question on the left and the answers as a column of large targets on
  the right; then the answers two by two; then the question above, answers two by two;
* portrait: the question above a column of answers; then answers two by two;

at each step of the question's type size, from the theme's question size down to a floor
no smaller than body text, and finally with a smaller stem. The question text itself is
never cut. When nothing fits (a very long item on a very small screen), the smallest
arrangement is returned with ``fits=False``: the screen then scrolls, and
``kiosk validate`` has already warned the editor.

No Qt here: text is measured by a function the screen passes in, so the same rules are
tested with a fake measure and used with the real fonts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

#: measure(text, pixel_size, bold, width) -> height in pixels of the wrapped text.
Measure = Callable[[str, int, bool, int], int]

#: The question's share of the width when it sits beside the answers.
QUESTION_SHARE = 0.52
#: Each step down multiplies the question's type size by this.
FONT_STEP = 0.9


@dataclass(frozen=True)
class Metrics:
    """Sizes of one screen and text size, in pixels."""

    question_px: int
    question_floor_px: int
    stem_px: int
    stem_floor_px: int
    answer_px: int
    answer_min_height: int
    answer_pad_x: int
    answer_pad_y: int
    answer_gap: int
    column_gutter: int
    row_gutter: int
    question_extra: int = 0  # margins around the question label, top + bottom
    stem_extra: int = 0


@dataclass(frozen=True)
class Arrangement:
    """How the question and the answers share the space."""

    side_by_side: bool
    columns: int


LANDSCAPE = (Arrangement(True, 1), Arrangement(True, 2), Arrangement(False, 2))
PORTRAIT = (Arrangement(False, 1), Arrangement(False, 2))


@dataclass(frozen=True)
class Plan:
    """One arrangement with every size decided."""

    arrangement: Arrangement
    question_px: int
    stem_px: int
    question_width: int
    question_height: int  # the question label's, margins included
    stem_height: int  # 0 without a stem
    answer_width: int  # the width of one answer button
    row_heights: tuple[int, ...]  # one per row of answers
    needed_height: int
    available_height: int

    @property
    def fits(self) -> bool:
        return self.needed_height <= self.available_height


def font_steps(metrics: Metrics) -> list[tuple[int, int]]:
    """(question px, stem px) from the largest to the smallest, in the order to try."""
    steps: list[tuple[int, int]] = []
    size = float(metrics.question_px)
    floor = min(metrics.question_floor_px, metrics.question_px)
    while round(size) > floor:
        steps.append((round(size), metrics.stem_px))
        size *= FONT_STEP
    steps.append((floor, metrics.stem_px))
    if metrics.stem_floor_px < metrics.stem_px:
        steps.append((floor, metrics.stem_floor_px))
    return steps


def plan(
    stem: str,
    question: str,
    answers: Sequence[str],
    width: int,
    height: int,
    metrics: Metrics,
    measure: Measure,
    portrait: bool,
) -> Plan:
    """The first arrangement, largest type first, in which everything fits."""
    arrangements = PORTRAIT if portrait else LANDSCAPE
    best: Plan | None = None
    for question_px, stem_px in font_steps(metrics):
        for arrangement in arrangements:
            candidate = _measure_plan(
                stem, question, answers, width, height, metrics, measure,
                arrangement, question_px, stem_px,
            )  # fmt: skip
            if candidate.fits:
                return candidate
            if best is None or candidate.needed_height < best.needed_height:
                best = candidate
    assert best is not None  # font_steps always yields at least one step
    return best


def _measure_plan(
    stem: str,
    question: str,
    answers: Sequence[str],
    width: int,
    height: int,
    metrics: Metrics,
    measure: Measure,
    arrangement: Arrangement,
    question_px: int,
    stem_px: int,
) -> Plan:
    if arrangement.side_by_side:
        question_width = int((width - metrics.column_gutter) * QUESTION_SHARE)
        answers_width = width - metrics.column_gutter - question_width
    else:
        question_width = answers_width = width
    question_height = measure(question, question_px, True, question_width) + metrics.question_extra
    stem_height = measure(stem, stem_px, False, question_width) + metrics.stem_extra if stem else 0
    question_block = question_height + stem_height
    columns = arrangement.columns
    button_width = (answers_width - (columns - 1) * metrics.answer_gap) // columns
    text_width = max(1, button_width - 2 * metrics.answer_pad_x)
    heights = [
        max(
            metrics.answer_min_height,
            measure(answer, metrics.answer_px, True, text_width) + 2 * metrics.answer_pad_y,
        )
        for answer in answers
    ]
    rows = tuple(max(heights[i : i + columns]) for i in range(0, len(heights), columns))
    answers_block = sum(rows) + max(0, len(rows) - 1) * metrics.answer_gap
    if arrangement.side_by_side:
        needed = max(question_block, answers_block)
    else:
        needed = question_block + metrics.row_gutter + answers_block
    return Plan(
        arrangement=arrangement,
        question_px=question_px,
        stem_px=stem_px,
        question_width=question_width,
        question_height=question_height,
        stem_height=stem_height,
        answer_width=button_width,
        row_heights=rows,
        needed_height=needed,
        available_height=height,
    )
