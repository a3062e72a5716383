"""Does every self-check question fit its screen? The check behind ``kiosk validate``.

Every question of every questionnaire, in every language of the pack, is laid out by the
kiosk's own question screen at each supported screen size, with normal and larger text,
exactly as a patient would see it. A question whose answers could not all be shown
without scrolling is reported as ``FILE:LINE: what, where, and by how much``.

This needs Qt (fonts decide what fits), so ``kiosk validate`` runs it in a child process
(``python -m kiosk.fit_check DIR``): the validator itself stays Qt-free, and a machine
where Qt cannot start still gets every other check.
"""

from __future__ import annotations

import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.errors import ContentError
from kiosk.loader import ContentPack, load_pack
from kiosk.model import QuestionnaireScreen
from kiosk.safeyaml import YamlProblem, read_yaml
from kiosk.theme import LARGER_TEXT

if TYPE_CHECKING:
    from kiosk.views.question import QuestionView

#: The screens a kiosk is expected on: tablets both ways, an old 4:3 monitor, 1080p, 4K.
FIT_SIZES = ((1280, 800), (800, 1280), (1024, 768), (1920, 1080), (3840, 2160))


@dataclass(frozen=True)
class Overflow:
    """One question that does not fit one screen."""

    language: str
    screen_id: str
    item: int | None  # 0-based; None for the follow-up question
    size: tuple[int, int]
    larger_text: bool
    missing_px: int


def overflows(pack: ContentPack) -> list[Overflow]:
    """Lay out every question at every size and text size; return what does not fit."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader

    app = QApplication.instance() or QApplication([])
    found: list[Overflow] = []
    timing = Timing(slide_ms=3_600_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0)
    window, router = build_ui(pack, timing, reader=Reader(engine="none"))
    # The question screen, shown as in a check; each question is then put on it as the
    # router would, without walking through the check (which resets the text size).
    router.attract.stop()
    window.stack.setCurrentWidget(router.question)
    window.access_bar.show()
    try:
        for size in FIT_SIZES:
            window.resize(*size)
            window.show()
            app.processEvents()
            for larger in (False, True):
                window.set_text_scale(LARGER_TEXT if larger else 1.0)
                app.processEvents()
                for language, screen_id, item, view in _questions(pack):
                    router.question.show_question(view)
                    plan = router.question.plan
                    if plan is not None and not plan.fits:
                        missing = plan.needed_height - plan.available_height
                        found.append(Overflow(language, screen_id, item, size, larger, missing))
    finally:
        window.close()
        window.deleteLater()
    return found


def _questions(pack: ContentPack) -> Iterator[tuple[str, str, int | None, QuestionView]]:
    """Every question of every questionnaire in every language, as the screen shows it."""
    from kiosk.router import question_view

    for language in pack.languages:
        content = pack.language(language)
        for screen_id, screen in content.screens.items():
            if not isinstance(screen, QuestionnaireScreen):
                continue
            positions: list[int | None] = list(range(len(screen.items)))
            if screen.follow_up is not None:
                positions.append(None)
            for position in positions:
                yield (
                    language,
                    screen_id,
                    position,
                    question_view(content.ui, screen, position, None),
                )


def describe(pack: ContentPack, found: list[Overflow]) -> list[ContentError]:
    """One message per question that does not fit, naming every size where it does not;
    when no question of a check fits a size, the answers are the ones to shorten."""
    answers_too_long = _answers_too_long(pack, found)
    messages = [
        ContentError(
            _screen_file(pack.root, language, screen_id),
            _line(_screen_file(pack.root, language, screen_id), ("options",)),
            f"the answers take so much room that no question fits on one screen with "
            f"them at {_sizes(cases)}: shorten the answers",
        )
        for (language, screen_id), cases in answers_too_long.items()
    ]
    grouped: dict[tuple[str, str, int | None], list[Overflow]] = defaultdict(list)
    for overflow in found:
        key = (overflow.language, overflow.screen_id)
        if overflow.item is not None and _case(overflow) in answers_too_long.get(key, []):
            continue  # already said, of the answers
        grouped[(overflow.language, overflow.screen_id, overflow.item)].append(overflow)
    for (language, screen_id, item), cases in grouped.items():
        path = _screen_file(pack.root, language, screen_id)
        location = ("items", item, "text") if item is not None else ("follow_up", "text")
        what = f"item {item + 1}" if item is not None else "the follow-up question"
        where = ", ".join(f"{_size(c)} ({c.missing_px} px short)" for c in cases)
        messages.append(
            ContentError(
                path,
                _line(path, location),
                f"{what} does not fit on one screen with all its answers at {where}: "
                "patients would have to scroll to see every answer; shorten the text",
            )
        )
    return sorted(messages)


Case = tuple[tuple[int, int], bool]


def _case(overflow: Overflow) -> Case:
    return overflow.size, overflow.larger_text


def _size(overflow: Overflow | Case) -> str:
    size, larger = (
        (overflow.size, overflow.larger_text) if isinstance(overflow, Overflow) else overflow
    )
    return f"{size[0]}x{size[1]}{' with larger text' if larger else ''}"


def _sizes(cases: list[Case]) -> str:
    return ", ".join(_size(case) for case in cases)


def _answers_too_long(
    pack: ContentPack, found: list[Overflow]
) -> dict[tuple[str, str], list[Case]]:
    """The sizes at which *every* item of a check overflows: its answers are too long."""
    failing: dict[tuple[str, str], dict[Case, set[int]]] = defaultdict(lambda: defaultdict(set))
    for overflow in found:
        if overflow.item is not None:
            failing[(overflow.language, overflow.screen_id)][_case(overflow)].add(overflow.item)
    result: dict[tuple[str, str], list[Case]] = {}
    for (language, screen_id), by_case in failing.items():
        screen = pack.language(language).screens[screen_id]
        assert isinstance(screen, QuestionnaireScreen)
        every = [case for case, items in by_case.items() if len(items) == len(screen.items) > 1]
        if every:
            result[(language, screen_id)] = every
    return result


def _screen_file(root: Path, language: str, screen_id: str) -> Path:
    folder = root / language / "screens"
    yml = folder / f"{screen_id}.yml"
    return yml if yml.is_file() else folder / f"{screen_id}.yaml"


def _line(path: Path, location: tuple[str | int, ...]) -> int | None:
    try:
        return read_yaml(path).line_of(location)
    except YamlProblem:
        return None


def main(argv: list[str]) -> int:
    """``python -m kiosk.fit_check DIR``: print one JSON object per problem."""
    pack = load_pack(Path(argv[0]))
    for error in describe(pack, overflows(pack)):
        print(json.dumps({"file": str(error.file), "line": error.line, "message": error.message}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
