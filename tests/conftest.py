"""Shared fixtures: offscreen Qt, private state folders, the shipped pack, a ready UI."""

from __future__ import annotations

import os

# Before anything imports Qt: no display is needed, on a laptop or in CI.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from kiosk.loader import ContentPack, load_pack
from kiosk.paths import bundled_content_dir

SIZES = {
    "landscape-1080p": (1920, 1080),
    "portrait-tablet": (800, 1280),
    "landscape-tablet": (1280, 800),
    "4k-tv": (3840, 2160),
}


@pytest.fixture(autouse=True)
def private_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every state, log and config folder at the test's own temporary folder."""
    state = tmp_path / "state"
    monkeypatch.setenv("KIOSK_STATE_DIR", str(state))
    monkeypatch.setenv("KIOSK_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("KIOSK_CONFIG", raising=False)
    # Never the machine's own kiosk.yaml (XDG on Linux, APPDATA on Windows).
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "config"))
    return state


@pytest.fixture(scope="session")
def pack() -> ContentPack:
    """The content pack that ships with the kiosk."""
    return load_pack(bundled_content_dir())


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A private, editable copy of the shipped pack."""
    target = tmp_path / "pack"
    shutil.copytree(bundled_content_dir(), target)
    return target


@pytest.fixture
def edit(pack_copy: Path) -> Callable[[str, str, str], Path]:
    """Replace ``old`` by ``new`` in one file of the pack copy (which must contain it)."""

    def _edit(relative: str, old: str, new: str) -> Path:
        path = pack_copy / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return _edit


@pytest.fixture
def kiosk_ui(qtbot, pack: ContentPack) -> Callable[..., tuple]:  # type: ignore[no-untyped-def]
    """Build the kiosk window at a given size with short, injected timings."""
    from kiosk.app import build_ui
    from kiosk.router import Timing

    def _build(
        size: tuple[int, int] = (1920, 1080),
        timing: Timing | None = None,
        content: ContentPack | None = None,
        alerter: object = None,
        reader: object = None,
    ) -> tuple:
        from kiosk.speech import Reader

        window, router = build_ui(
            content or pack,
            timing or Timing(slide_ms=60_000, fade_ms=0, slide_fade_ms=0, tap_guard_ms=0),
            reader=reader or Reader(engine="mock"),  # type: ignore[arg-type]
        )
        if alerter is not None:
            from kiosk.alert_watch import watch_alerts

            watch_alerts(router, alerter)  # type: ignore[arg-type]
        qtbot.addWidget(window)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        return window, router

    return _build
