"""Every answer visible: on every question screen, at every supported size, with normal
and larger text, in every language, the question and all its answers show without
scrolling. Swept over the shipped pack and over a pack with long French text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from kiosk.loader import ContentPack, load_pack
from kiosk.model import QuestionnaireScreen
from kiosk.paths import bundled_content_dir
from kiosk.router import Router
from kiosk.theme import LARGER_TEXT
from kiosk.views.question_layout import Metrics, plan

SWEEP_SIZES = [(1280, 800), (800, 1280), (1024, 768), (1920, 1080), (3840, 2160)]

# French as a clinic would write it: about a third longer than English. The PHQ-9 lines
# follow the published French translation's length and shape.
FRENCH_PHQ9 = {
    "stem": "Au cours des deux dernières semaines, selon quelle fréquence avez-vous été "
    "gêné(e) par les problèmes suivants ?",
    "options": [
        "Jamais",
        "Plusieurs jours",
        "Plus de la moitié du temps",
        "Presque tous les jours",
    ],
    "items": [
        "Peu d'intérêt ou de plaisir à faire les choses",
        "Être triste, déprimé(e) ou désespéré(e)",
        "Difficultés à s'endormir ou à rester endormi(e), ou dormir trop",
        "Se sentir fatigué(e) ou manquer d'énergie",
        "Avoir peu d'appétit ou manger trop",
        "Avoir une mauvaise opinion de soi-même, ou avoir le sentiment d'être nul(le), "
        "ou d'avoir déçu sa famille ou s'être déçu(e) soi-même",
        "Avoir du mal à se concentrer, par exemple, pour lire le journal ou regarder la télévision",
        "Bouger ou parler si lentement que les autres auraient pu le remarquer ? Ou au "
        "contraire, être si agité(e) que vous avez eu du mal à tenir en place par rapport "
        "à d'habitude",
        "Penser qu'il vaudrait mieux mourir ou envisager de vous faire du mal d'une "
        "manière ou d'une autre",
    ],
    "follow_up": "Si vous avez coché au moins un des problèmes évoqués, à quel point ce(s) "
    "problème(s) a-t-il (ont-ils) rendu votre travail, vos tâches à la maison ou votre "
    "capacité à vous entendre avec les autres difficile(s) ?",
    "follow_up_options": [
        "Pas du tout difficile",
        "Assez difficile",
        "Très difficile",
        "Extrêmement difficile",
    ],
}


def _quote(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _french_pack(root: Path) -> Path:
    """The shipped pack plus a French copy whose self-checks have long French text."""
    shutil.copytree(bundled_content_dir(), root)
    shutil.copytree(root / "en", root / "fr")
    settings = root / "settings.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace(
            "languages: [en, es]", "languages: [en, es, fr]"
        ),
        encoding="utf-8",
    )
    ui = root / "fr" / "ui.yaml"
    ui.write_text(
        ui.read_text(encoding="utf-8").replace("language_name: English", "language_name: Français"),
        encoding="utf-8",
    )
    phq9 = root / "fr" / "screens" / "phq9.yaml"
    text = phq9.read_text(encoding="utf-8")
    en = load_pack(bundled_content_dir()).language("en").screens["phq9"]
    assert isinstance(en, QuestionnaireScreen)
    replacements = [(en.stem, FRENCH_PHQ9["stem"])]
    replacements += [
        (o.label, fr) for o, fr in zip(en.options, FRENCH_PHQ9["options"], strict=True)
    ]
    replacements += [(i.text, fr) for i, fr in zip(en.items, FRENCH_PHQ9["items"], strict=True)]
    assert en.follow_up is not None
    replacements.append((en.follow_up.text, FRENCH_PHQ9["follow_up"]))
    replacements += list(zip(en.follow_up.options, FRENCH_PHQ9["follow_up_options"], strict=True))
    for english, french in replacements:
        assert english in text, english
        text = text.replace(f": {english}\n", f": {_quote(french)}\n", 1).replace(
            f"- {english}\n", f"- {_quote(french)}\n", 1
        )
    phq9.write_text(text, encoding="utf-8")
    quick = root / "fr" / "screens" / "quick-check.yaml"
    quick_text = quick.read_text(encoding="utf-8")
    quick_text = quick_text.replace(
        "stem: Lately, has this been true for you?",
        'stem: "Ces derniers temps, est-ce que cela a été vrai pour vous, la plupart du temps ?"',
    )
    quick_text = quick_text.replace('label: "No"', 'label: "Non, pas vraiment"').replace(
        'label: "Yes"', 'label: "Oui, c\'est le cas pour moi"'
    )
    quick_text = quick_text.replace(
        "text: Feeling life isn't worth living",
        'text: "Avoir le sentiment que la vie ne vaut pas la peine d\'être vécue"',
    )
    quick.write_text(quick_text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def french_pack(tmp_path_factory: pytest.TempPathFactory) -> ContentPack:
    pack = load_pack(_french_pack(tmp_path_factory.mktemp("packs") / "pack"))
    assert "fr" in pack.languages
    return pack


def _every_question(router: Router, screen_id: str) -> Iterator[str]:
    """Show each question of ``screen_id`` in turn, answering with the highest score so
    that the safety item, the support screen and the follow-up all come."""
    router.open_screen(screen_id)
    router.start_check()
    run = router.session.check
    assert run is not None
    top = len(run.instrument.options) - 1
    while not run.is_finished():
        if router.window.stack.currentWidget() is router.support:
            router.continue_after_support()
            continue
        yield "follow-up" if run.is_follow_up() else f"item {run.position + 1}"
        router.answer(top if not run.is_follow_up() else 0)
    router.end_session()


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, widget.rect().topLeft()), widget.size())


def _problems_on_screen(router: Router, where: str) -> list[str]:
    screen = router.question
    QApplication.processEvents()
    problems: list[str] = []
    area = screen.body_area
    if area.verticalScrollBar().maximum() > 0:
        problems.append(f"{where}: the answers scroll")
    visible = _rect_in(area.viewport(), router.window)
    visible = visible.intersected(QRect(0, 0, router.window.width(), router.window.height()))
    labels: list[QLabel] = [screen.question]
    for button in screen.answer_buttons:
        rect = _rect_in(button, router.window)
        if not visible.contains(rect):
            problems.append(f"{where}: {button.caption()!r} is not fully visible ({rect})")
        labels.append(button.text_label)
    if screen.stem.isVisibleTo(screen):
        labels.append(screen.stem)
    for label in labels:
        if not visible.contains(_rect_in(label, router.window)):
            problems.append(f"{where}: {label.text()[:30]!r} is not fully visible")
        if label.height() < label.heightForWidth(label.width()):
            problems.append(f"{where}: {label.text()[:30]!r} is cut off")
    return problems


def _sweep(kiosk_ui, pack: ContentPack, size: tuple[int, int]) -> list[str]:  # type: ignore[no-untyped-def]
    window, router = kiosk_ui(size=size, content=pack)
    problems: list[str] = []
    checked = 0
    for text_scale in (1.0, LARGER_TEXT):
        for language in pack.languages:
            instruments = [
                sid
                for sid, screen in pack.language(language).screens.items()
                if isinstance(screen, QuestionnaireScreen)
            ]
            for screen_id in instruments:
                router.set_language(language)
                window.set_text_scale(text_scale)
                for step in _every_question(router, screen_id):
                    where = f"{language} {screen_id} {step} at {size[0]}x{size[1]} x{text_scale}"
                    problems += _problems_on_screen(router, where)
                    checked += 1
    assert checked >= 2 * len(pack.languages) * 19, checked
    return problems


@pytest.mark.parametrize("size", SWEEP_SIZES, ids=[f"{w}x{h}" for w, h in SWEEP_SIZES])
def test_every_answer_is_visible_in_the_shipped_pack(kiosk_ui, pack, size) -> None:  # type: ignore[no-untyped-def]
    assert _sweep(kiosk_ui, pack, size) == []


@pytest.mark.parametrize("size", SWEEP_SIZES, ids=[f"{w}x{h}" for w, h in SWEEP_SIZES])
def test_every_answer_is_visible_with_long_french_text(kiosk_ui, french_pack, size) -> None:  # type: ignore[no-untyped-def]
    assert _sweep(kiosk_ui, french_pack, size) == []


# --- the planner's rules, with a fake measure (no fonts) -----------------------------


def _fake_measure(text: str, pixels: int, bold: bool, width: int) -> int:
    """Characters are 0.55 em wide, lines 1.25 em tall."""
    per_line = max(1, int(width / (pixels * 0.55)))
    lines = -(-len(text) // per_line)
    return round(lines * pixels * 1.25)


METRICS = Metrics(
    question_px=46,
    question_floor_px=32,
    stem_px=32,
    stem_floor_px=24,
    answer_px=30,
    answer_min_height=88,
    answer_pad_x=35,
    answer_pad_y=15,
    answer_gap=16,
    column_gutter=56,
    row_gutter=28,
)
ANSWERS = ["Not at all", "Several days", "More than half the days", "Nearly every day"]


def test_landscape_puts_the_answers_beside_the_question() -> None:
    chosen = plan("Stem?", "A short question", ANSWERS, 1800, 700, METRICS, _fake_measure, False)
    assert chosen.fits
    assert chosen.arrangement.side_by_side
    assert chosen.arrangement.columns == 1
    assert chosen.question_px == 46


def test_portrait_puts_the_answers_under_the_question() -> None:
    chosen = plan("Stem?", "A short question", ANSWERS, 700, 1000, METRICS, _fake_measure, True)
    assert chosen.fits
    assert not chosen.arrangement.side_by_side


def test_a_long_question_steps_down_but_never_below_body_text() -> None:
    question = "word " * 60
    chosen = plan("Stem?", question, ANSWERS, 1100, 430, METRICS, _fake_measure, False)
    assert chosen.question_px >= METRICS.question_floor_px
    assert chosen.question_px < METRICS.question_px or not chosen.arrangement.side_by_side


def test_what_cannot_fit_says_so() -> None:
    chosen = plan("Stem?", "word " * 300, ANSWERS, 600, 300, METRICS, _fake_measure, False)
    assert not chosen.fits
    assert chosen.question_px == METRICS.question_floor_px
    assert chosen.stem_px == METRICS.stem_floor_px


# --- what `kiosk validate` says about a question that cannot fit ----------------------

OVERLONG_ITEM = (
    "Thoughts that you would be better off dead or of hurting yourself in some way, " * 4
)[:299].strip()


def overlong_pack(edit, pack_copy: Path) -> Path:  # type: ignore[no-untyped-def]
    """The shipped pack with a first PHQ-9 item and two answers as long as allowed."""
    for language in ("en", "es"):
        edit(f"{language}/screens/phq9.yaml", "standard: phq9\n", "")
    edit(
        "en/screens/phq9.yaml",
        "text: Little interest or pleasure in doing things",
        (f"text: {OVERLONG_ITEM}"),
    )
    edit(
        "en/screens/phq9.yaml",
        "  - label: Several days\n",
        ("  - label: Several days in these two weeks, at home or at work, or anywhere else\n"),
    )
    edit(
        "en/screens/phq9.yaml",
        "  - label: More than half the days\n",
        (
            "  - label: More than half the days in these two weeks, at home or at work, "
            "or anywhere\n"
        ),
    )
    return pack_copy


def test_the_validator_and_the_screen_agree_on_what_does_not_fit(  # type: ignore[no-untyped-def]
    kiosk_ui, edit, pack_copy: Path
) -> None:
    from kiosk.fit_check import overflows

    pack = load_pack(overlong_pack(edit, pack_copy))
    predicted = {(o.language, o.screen_id, o.item, o.size, o.larger_text) for o in overflows(pack)}
    assert ("en", "phq9", 0, (1024, 768), True) in predicted
    seen = set()
    for size in {o[3] for o in predicted}:
        for problem in _sweep(kiosk_ui, pack, size):
            language, screen_id, _, number, *_ = problem.split()
            larger = problem.split(": ")[0].endswith(f"x{LARGER_TEXT}")
            seen.add((language, screen_id, int(number) - 1, size, larger))
    assert seen == predicted


def test_answers_too_long_for_any_question_are_named_as_such(edit, pack_copy: Path) -> None:  # type: ignore[no-untyped-def]
    from kiosk.fit_check import describe, overflows

    long_no = "No, this has not been true for me at any time in the last few weeks at all"
    long_yes = "Yes, this has been true for me on some days in the last few weeks, not all"
    edit("en/screens/quick-check.yaml", 'label: "No"', f'label: "{long_no}"')
    edit(
        "en/screens/quick-check.yaml",
        '  - label: "Yes"\n    score: 1\n',
        f'  - label: "{long_yes}"\n    score: 1\n'
        + "".join(f'  - label: "{long_yes} ({n})"\n    score: 1\n' for n in range(3)),
    )
    edit(
        "es/screens/quick-check.yaml",
        '  - label: "Sí"\n    score: 1\n',
        '  - label: "Sí"\n    score: 1\n'
        + "".join(f'  - label: "Sí ({n})"\n    score: 1\n' for n in range(3)),
    )
    pack = load_pack(pack_copy)
    messages = [str(m) for m in describe(pack, overflows(pack))]
    quick = pack_copy / "en" / "screens" / "quick-check.yaml"
    assert any(
        m.startswith(f"{quick}:16: the answers take so much room that no question fits")
        and "1024x768 with larger text" in m
        for m in messages
    ), messages
    assert not any(m.startswith(f"{quick}:") and "item 1 does not fit" in m for m in messages)
