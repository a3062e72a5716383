"""The ``kiosk`` command: validate without Qt, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.cli import build_parser, main

Edit = Callable[[str, str, str], Path]


def test_validate_a_good_pack_prints_one_summary_line(
    pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(pack_copy)]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert "valid" in out[0]
    assert "10 screens" in out[0]


def test_validate_a_broken_pack_lists_file_and_line_then_the_count_on_stdout(
    edit: Edit, pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("settings.yaml", "clinic_name: KetaMD", "clinic_nam: KetaMD")
    edit("en/screens/symptoms.yaml", "type: explainer", "type: explaner")
    assert main(["validate", str(pack_copy)]) == 1
    captured = capsys.readouterr()
    lines = captured.out.strip().splitlines()
    assert len(lines) == 4  # the typo also leaves clinic_name missing; then the count
    assert any(
        line.startswith(f"{pack_copy / 'settings.yaml'}:3: unknown key 'clinic_nam'")
        for line in lines
    )
    assert any(
        line.startswith(f"{pack_copy / 'en' / 'screens' / 'symptoms.yaml'}:1: 'type' must be")
        for line in lines
    )
    # One stream, problems then summary: `kiosk validate DIR > report.txt` keeps it all.
    assert lines[-1] == f"{pack_copy}: 3 problems found"
    assert captured.err == ""


def test_validate_redirected_to_a_file_keeps_the_problems_and_the_summary(
    edit: Edit, pack_copy: Path
) -> None:
    edit("en/screens/symptoms.yaml", "type: explainer", "type: explaner")
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "--quick", str(pack_copy)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,  # what `> report.txt` alone keeps
        text=True,
        encoding="utf-8",
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith(f"{pack_copy / 'en' / 'screens' / 'symptoms.yaml'}:1: 'type'")
    assert lines[-1] == f"{pack_copy}: 1 problem found"


def test_validate_a_missing_folder_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "this folder does not exist" in capsys.readouterr().out


def test_options_for_the_kiosk_are_accepted() -> None:
    args = build_parser().parse_args(["--windowed", "--content", "pack", "--lang", "es"])
    assert (args.windowed, args.content, args.lang, args.command) == (
        True,
        Path("pack"),
        "es",
        None,
    )


def test_the_installed_command_validates_without_a_display(pack_copy: Path) -> None:
    # A real process: the console entry point, no QT_QPA_PLATFORM, no display.
    env = {"PATH": "", "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", str(pack_copy)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(garbage=st.binary(max_size=400))
def test_any_bytes_in_a_content_file_give_a_clean_answer(
    pack_copy: Path, garbage: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    (pack_copy / "en" / "ui.yaml").write_bytes(garbage)
    code = main(["validate", str(pack_copy)])
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.out + captured.err
    assert str(pack_copy / "en" / "ui.yaml") in captured.out


def test_validate_warns_with_file_line_and_size_about_a_question_that_cannot_fit(
    edit: Edit, pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_question_fit import overlong_pack

    overlong_pack(edit, pack_copy)
    assert main(["validate", str(pack_copy)]) == 0, "a warning does not stop the pack"
    lines = capsys.readouterr().out.strip().splitlines()
    phq9 = pack_copy / "en" / "screens" / "phq9.yaml"
    assert any(
        line.startswith(f"{phq9}:28: warning: item 1 does not fit on one screen with all its ")
        and "1024x768 with larger text (" in line
        and "shorten the text" in line
        for line in lines
    ), lines
    assert "valid" in lines[-1], "the summary comes last"


def test_validate_warns_with_file_and_line_about_characters_no_font_can_draw(
    edit: Edit, pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # U+0378 is no character at all, U+10FFFD a private-use code: no font draws them.
    # (U+E000 would do on most machines, but Powerline and Nerd fonts put icons there.)
    trd = edit(
        "en/screens/trd.yaml",
        "summary: When depression does not lift",
        "summary: >\n  When depression\n  does not lift \u0378\U0010fffd",
    )
    symptoms = edit("es/screens/symptoms.yaml", "\ntitle: ", "\ntitle: \U0010fffd ")
    assert main(["validate", "--quick", str(pack_copy)]) == 0, "a warning does not stop the pack"
    lines = capsys.readouterr().out.strip().splitlines()
    cannot = "warning: no font on this machine can draw"
    # The line of the character itself, in a paragraph that spans lines.
    written = trd.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(written, 1) if "\u0378" in text)
    assert line == 6
    advice = (
        "patients would see an empty box instead; check the text: private-use and "
        "unassigned codes are no letter of any language (they often come with text pasted "
        "from a PDF or a word processor)"
    )
    assert [text for text in lines if cannot in text] == [
        f"{trd}:{line}: {cannot} U+0378 (not a character), U+10FFFD (private use): {advice}",
        f"{symptoms}:2: {cannot} U+10FFFD (private use): {advice}",
    ]
    assert "valid" in lines[-1], "the summary comes last"


def test_validate_quick_skips_the_fit_check(
    edit: Edit, pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .test_question_fit import overlong_pack

    overlong_pack(edit, pack_copy)
    assert main(["validate", "--quick", str(pack_copy)]) == 0
    assert "warning" not in capsys.readouterr().out


def test_validate_notes_an_optional_safety_text_left_out(
    pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    support = pack_copy / "es" / "support.yaml"
    text = support.read_text(encoding="utf-8")
    support.write_text(text[: text.index("# Shown first on the result")], encoding="utf-8")
    assert main(["validate", "--quick", str(pack_copy)]) == 0
    out = capsys.readouterr().out
    assert f"{support}: note: no 'result_note'" in out
    assert "valid" in out.strip().splitlines()[-1]


def test_the_support_grace_cannot_be_shorter_than_the_usual_wait(
    edit: Edit, pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit("settings.yaml", "support_idle_seconds: 180", "support_idle_seconds: 30")
    assert main(["validate", "--quick", str(pack_copy)]) == 1
    expected = "'timeouts.support_idle_seconds': is 30, shorter than idle_seconds (60)"
    assert expected in capsys.readouterr().out


# What the started kiosk is made of, read just before its event loop would run, in a
# process of its own (the start-up installs signal handlers and app-wide hooks).
_INSPECT_STARTED_KIOSK = """
import json, sys
from PySide6.QtWidgets import QApplication
from kiosk.cli import main
from kiosk.guard import KioskGuard

def look_instead_of_running(app):
    guard = next(
        found for found in (w.findChild(KioskGuard) for w in QApplication.topLevelWidgets())
        if found is not None
    )
    router = guard.router
    print(json.dumps({
        "idle_ms": guard.timing.idle_ms,
        "armed_idle_ms": guard.watcher.idle_interval_ms(),
        "warning_s": guard.still_there.seconds_left(),
        "support_idle_ms": guard.timing.support_idle_ms,
        "slide_ms": router.timing.slide_ms,
        "slides": [[slide.title, slide.ms] for slide in router.attract.slides],
    }))
    guard.shutdown()
    return 0

QApplication.exec = look_instead_of_running
sys.exit(main(sys.argv[1:]))
"""


def test_the_started_kiosk_uses_the_packs_timeouts_and_attract_settings(
    edit: Edit, pack_copy: Path, pack, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """`kiosk --content DIR` as a clinic starts it: the idle wait, the countdown, the
    longer wait after a safety answer, the attract loop's slides and their pace are the
    ones settings.yaml gives (none of them the shipped values)."""
    import json
    import os

    edit("settings.yaml", "idle_seconds: 60", "idle_seconds: 45")
    edit("settings.yaml", "warning_seconds: 20", "warning_seconds: 30")
    edit("settings.yaml", "support_idle_seconds: 180", "support_idle_seconds: 240")
    edit("settings.yaml", "seconds_per_slide: 10", "seconds_per_slide: 40")
    edit(
        "settings.yaml",
        "    - trd\n    - how-ketamine-works\n    - brain-garden\n    - symptoms\n"
        "    - treatment-visit\n",
        "    - symptoms\n    - trd\n",
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", _INSPECT_STARTED_KIOSK, "--windowed", "--content", str(pack_copy)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parents[1],
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    started = json.loads(result.stdout.strip().splitlines()[-1])
    assert (started["idle_ms"], started["armed_idle_ms"]) == (45_000, 45_000)
    assert started["warning_s"] == 30
    assert started["support_idle_ms"] == 240_000
    assert started["slide_ms"] == 40_000
    screens = pack.language("en").screens
    assert started["slides"] == [
        [screens["symptoms"].title, 40_000],
        [screens["trd"].title, 40_000],
    ]
