"""The first frame at start-up: remembered from the last start, shown before the pack is
checked, only for the very same files, and taken over by the full kiosk without a
second window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from kiosk.first_frame import FILE_NAME, FirstFrame, FrameSlide, content_key, recall, remember
from kiosk.loader import load_pack
from kiosk.views.attract import AttractScreen

from .helpers import tap


def _frame(image: Path) -> FirstFrame:
    return FirstFrame(
        window_title="KetaMD — Front room",
        theme="garden",
        language="en",
        touch_only=False,
        clinic="KetaMD",
        touch_to_start="Touch the screen to start",
        slide_ms=8000,
        slides=(FrameSlide("Depression is treatable", "Learn how.", str(image), 9000),),
    )


def _key(content_dir: Path) -> str:
    key = content_key(content_dir)
    assert key is not None
    return key


@pytest.fixture
def frame(pack_copy: Path) -> FirstFrame:
    return _frame(pack_copy / "images" / "trd.svg")


def test_a_frame_remembered_for_a_pack_comes_back_for_the_same_files(
    pack_copy: Path, private_state: Path, frame: FirstFrame
) -> None:
    assert recall(pack_copy) is None, "nothing remembered yet"
    remember(frame, _key(pack_copy))
    assert recall(pack_copy) == frame
    stored = private_state / FILE_NAME
    assert stored.stat().st_mode & 0o077 == 0, "the kiosk's own file, private"


@pytest.mark.parametrize(
    "change",
    ["edited", "added", "removed", "touched"],
)
def test_any_change_to_the_packs_files_forgets_the_frame(
    pack_copy: Path, private_state: Path, frame: FirstFrame, change: str
) -> None:
    remember(frame, _key(pack_copy))
    settings = pack_copy / "settings.yaml"
    if change == "edited":
        settings.write_text(settings.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    elif change == "added":
        (pack_copy / "en" / "screens" / "new.yaml").write_text("title: x\n", encoding="utf-8")
    elif change == "removed":
        (pack_copy / "images" / "brain-garden.svg").unlink()
    else:  # the same size, saved again later
        status = settings.stat()
        os.utime(settings, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert recall(pack_copy) is None


def test_an_update_of_the_kiosk_still_starts_from_the_remembered_frame(
    pack_copy: Path, private_state: Path, frame: FirstFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An update is a restart too: the same files, drawn by the new version's own code."""
    import kiosk
    import kiosk.first_frame

    remember(frame, _key(pack_copy))
    monkeypatch.setattr(kiosk, "__version__", "99.0.0")
    monkeypatch.setattr(kiosk.first_frame, "__version__", "99.0.0", raising=False)
    assert recall(pack_copy) == frame


def test_what_the_record_holds_is_fixed_by_its_format() -> None:
    """The record outlives updates, so a new version must not read an old record in a new
    way: change these fields, and raise FORMAT (and this test) with them."""
    from dataclasses import fields

    from kiosk.first_frame import FORMAT

    shape = {
        kind.__name__: [(f.name, str(f.type)) for f in fields(kind)]
        for kind in (FirstFrame, FrameSlide)
    }
    assert (FORMAT, shape) == (
        1,
        {
            "FirstFrame": [
                ("window_title", "str"), ("theme", "str"), ("language", "str"),
                ("touch_only", "bool"), ("clinic", "str"), ("touch_to_start", "str"),
                ("slide_ms", "int"), ("slides", "tuple[FrameSlide, ...]"),
            ],
            "FrameSlide": [
                ("title", "str"), ("summary", "str"), ("image", "str"), ("ms", "int | None"),
            ],
        },
    )  # fmt: skip


def test_a_frame_whose_picture_is_gone_is_not_shown(
    pack_copy: Path, private_state: Path, tmp_path: Path
) -> None:
    picture = tmp_path / "kept.svg"
    picture.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    remember(_frame(picture), _key(pack_copy))
    picture.unlink()
    assert recall(pack_copy) is None


@pytest.mark.parametrize(
    "damage",
    [
        lambda record: "not json {",
        lambda record: json.dumps({**record, "format": 0}),
        lambda record: json.dumps({**record, "frame": {**record["frame"], "theme": "neon"}}),
        lambda record: json.dumps({**record, "frame": {**record["frame"], "clinic": 7}}),
        lambda record: json.dumps({**record, "frame": {**record["frame"], "slides": []}}),
        lambda record: json.dumps({**record, "frame": {**record["frame"], "slide_ms": -1}}),
        lambda record: json.dumps({**record, "frame": {**record["frame"], "extra": 1}}),
        lambda record: json.dumps({k: v for k, v in record.items() if k != "key"}),
    ],
    ids=["not-json", "old-format", "unknown-theme", "a-number", "no-slides", "bad-time",
         "unknown-field", "no-key"],
)  # fmt: skip
def test_a_damaged_record_means_the_slower_start_never_a_crash(  # type: ignore[no-untyped-def]
    pack_copy: Path, private_state: Path, frame: FirstFrame, damage
) -> None:
    remember(frame, _key(pack_copy))
    stored = private_state / FILE_NAME
    stored.write_text(damage(json.loads(stored.read_text(encoding="utf-8"))), encoding="utf-8")
    assert recall(pack_copy) is None


def test_the_first_frame_is_painted_and_the_full_kiosk_takes_its_window(
    qtbot, pack, pack_copy: Path
) -> None:  # type: ignore[no-untyped-def]
    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader
    from kiosk.views.first_frame import frame_shown, show_first_frame

    # What a kiosk of this pack shows first, remembered as a start would remember it.
    window, router = build_ui(pack, reader=Reader(engine="mock"))
    qtbot.addWidget(window)
    remembered = frame_shown(
        window, router.attract, theme="garden", language="en", touch_only=False, slide_ms=8000
    )
    window.close()
    assert remembered.clinic == "KetaMD"
    assert remembered.slides[0].title == router.attract.slides[0].title

    shown = show_first_frame(remembered, windowed=True)
    shown_window, first_attract = shown.window, shown.attract
    assert shown.painted_at is not None, "painted before the pack is checked"
    qtbot.addWidget(shown_window)
    assert shown_window.isVisible()
    assert first_attract.title.text() == remembered.slides[0].title
    assert first_attract.image.has_image(), "the picture is drawn in the first frame"
    assert not shown_window.access_bar.isVisible(), "the attract loop has no bar"

    full_window, full_router = build_ui(
        pack,
        Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0),
        reader=Reader(engine="mock"),
        shown=shown,
    )
    assert full_window is shown_window, "no second window"
    qtbot.waitUntil(lambda: not _alive(first_attract), timeout=5000)
    attracts = full_window.stack.findChildren(AttractScreen)
    assert attracts == [full_router.attract], "one attract screen: the kiosk's own"
    assert full_window.stack.currentWidget() is full_router.attract
    assert full_router.attract.title.text() == remembered.slides[0].title, "the same slide"
    tap(full_router.attract)
    assert full_router.current_name() == "home"


def _retitle_first_slide(pack_dir: Path, title: str) -> Path:
    """Give the attract loop's first slide (en/screens/trd.yaml) a new title."""
    trd = pack_dir / "en" / "screens" / "trd.yaml"
    text = trd.read_text(encoding="utf-8")
    old = "title: What is treatment-resistant depression?"
    assert old in text
    trd.write_text(text.replace(old, f"title: {title}"), encoding="utf-8")
    return trd


def test_a_hot_reload_remembers_the_new_first_frame(
    qtbot, pack_copy: Path, private_state: Path
) -> None:  # type: ignore[no-untyped-def]
    """Content usually changes while the kiosk runs: the restart after it must still be a
    quick one, showing the new words."""
    from kiosk.app import build_ui, keep_first_frame_current
    from kiosk.speech import Reader
    from kiosk.validation import load_for_showing

    window, router = build_ui(load_for_showing(pack_copy), reader=Reader(engine="mock"))
    qtbot.addWidget(window)
    keep_first_frame_current(window, router, now=False)
    trd = _retitle_first_slide(pack_copy, "When nothing has helped yet")
    assert recall(pack_copy) is None, "new files, nothing remembered for them yet"
    router.replace_pack(load_for_showing(pack_copy))
    remembered = recall(pack_copy)
    assert remembered is not None
    assert remembered.slides[0].title == "When nothing has helped yet"

    # Reloaded while a patient looks at the Spanish home menu: not what a start shows.
    router.show_home()
    router.switch_language("es")
    trd.write_text(trd.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    router.replace_pack(load_for_showing(pack_copy))
    assert router.language == "es"
    assert recall(pack_copy) is None


def _alive(widget: AttractScreen) -> bool:
    QApplication.sendPostedEvents(None, 0)  # deleteLater
    try:
        widget.objectName()
    except RuntimeError:
        return False
    return True


def test_the_first_frame_comes_before_pydantic_and_the_content_model() -> None:
    """What the first frame needs, and the command that starts the kiosk, import neither
    pydantic nor the content model: those are the slow part of a start."""
    code = (
        "import sys\n"
        "import kiosk.cli, kiosk.first_frame, kiosk.views.first_frame\n"
        "slow = [m for m in sys.modules if m.split('.')[0] == 'pydantic'"
        " or m in ('kiosk.model', 'kiosk.loader', 'kiosk.router', 'PySide6.QtSvgWidgets')]\n"
        "assert not slow, slow\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


def _start(pack_dir: Path, tmp_path: Path, private_state: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_STATE_DIR": str(private_state),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--content", str(pack_dir)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


def test_each_start_remembers_its_first_frame_and_the_next_one_shows_it_first(  # type: ignore[no-untyped-def]
    pack_copy: Path, tmp_path: Path, private_state: Path, qtbot
) -> None:
    log = tmp_path / "log" / "kiosk.log"

    def logged() -> str:
        return log.read_text(encoding="utf-8") if log.exists() else ""

    first = _start(pack_copy, tmp_path, private_state)
    try:
        qtbot.waitUntil(lambda: recall(pack_copy) is not None, timeout=60_000)
        qtbot.waitUntil(lambda: "(built from the checked content)" in logged(), timeout=30_000)
    finally:
        _stop(first)
    remembered = recall(pack_copy)
    assert remembered is not None
    assert remembered.clinic == load_pack(pack_copy).clinic_name("en")
    snapshot = Path(remembered.slides[0].image).parent.parent
    assert snapshot.parent.parent == private_state, "pictures from the last good copy"

    second = _start(pack_copy, tmp_path, private_state)
    try:
        qtbot.waitUntil(lambda: "(remembered from the last start)" in logged(), timeout=60_000)
        # Edited while it runs: the hot reload remembers the new frame for the next start.
        _retitle_first_slide(pack_copy, "When nothing helped")
        qtbot.waitUntil(lambda: recall(pack_copy) is not None, timeout=60_000)
    finally:
        _stop(second)
    reloaded = recall(pack_copy)
    assert reloaded is not None
    assert reloaded.slides[0].title == "When nothing helped"

    (pack_copy / "settings.yaml").write_text(
        (pack_copy / "settings.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    assert recall(pack_copy) is None, "changed content: the next start checks it first"


def test_a_frame_is_only_ever_drawn_from_its_own_theme(frame: FirstFrame) -> None:
    assert not replace(frame, theme="nonsense").is_sound()
    assert replace(frame, theme="high-contrast").is_sound()


@pytest.mark.parametrize(
    ("size", "language"),
    [((1920, 1080), "en"), ((800, 1280), "en"), ((1920, 1080), "ar")],
    ids=["landscape", "portrait", "arabic"],
)
def test_the_first_frame_looks_exactly_like_the_attract_loop_it_stands_for(  # type: ignore[no-untyped-def]
    qtbot, pack_copy: Path, size: tuple[int, int], language: str
) -> None:
    """No blink when the full kiosk takes over: the same pixels before and after, also
    for a clinic whose kiosk starts in a right-to-left language."""
    from PySide6.QtCore import Qt

    from kiosk.app import build_ui
    from kiosk.router import Timing
    from kiosk.speech import Reader
    from kiosk.views.first_frame import frame_shown, show_first_frame

    from .test_languages import _pack_in

    if language != "en":
        settings = _pack_in(pack_copy, ["en", language]) / "settings.yaml"
        text = settings.read_text(encoding="utf-8")
        settings.write_text(
            text.replace("default_language: en", f"default_language: {language}"),
            encoding="utf-8",
        )
    pack = load_pack(pack_copy)
    calm = Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0)
    window, router = build_ui(pack, calm, reader=Reader(engine="mock"))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    QApplication.processEvents()
    kiosk = window.grab().toImage()
    remembered = frame_shown(
        window,
        router.attract,
        theme="garden",
        language=router.language,
        touch_only=False,
        slide_ms=60_000,
    )
    assert router.language == language
    window.close()
    shown = show_first_frame(remembered, windowed=True).window
    qtbot.addWidget(shown)
    rtl = Qt.LayoutDirection.RightToLeft if language == "ar" else Qt.LayoutDirection.LeftToRight
    assert shown.layoutDirection() == rtl
    shown.resize(*size)
    QApplication.processEvents()
    first = shown.grab().toImage()
    assert first.size() == kiosk.size()
    width, height = size
    differing = [
        (x, y)
        for y in range(0, height, 8)
        for x in range(0, width, 8)
        if first.pixel(x, y) != kiosk.pixel(x, y)
    ]
    assert differing == []
