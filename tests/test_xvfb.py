"""The real kiosk on a real X server with no window manager: it must cover the screen.

With no window manager, ``showFullScreen()`` alone leaves a small window; this runs the
installed ``kiosk`` command under Xvfb and measures its window with xdotool.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from .helpers import require_tools, xvfb

pytestmark = pytest.mark.xvfb

SCREEN = (1280, 800)


@pytest.fixture
def x_display(tmp_path: Path) -> Iterator[str]:
    """A fresh Xvfb server; yields its DISPLAY value."""
    require_tools("Xvfb", "xdotool", why="the real kiosk on a virtual X screen")
    with xvfb(*SCREEN) as display:
        yield display


def _kiosk_env(x_display: str, tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DISPLAY": x_display,
        "QT_QPA_PLATFORM": "xcb",
        "KIOSK_STATE_DIR": str(tmp_path / "state"),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
    }


def _find_window(env: dict[str, str]) -> str:
    found = subprocess.run(
        ["xdotool", "search", "--sync", "--onlyvisible", "--name", "KetaMD"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert found.returncode == 0, f"no kiosk window appeared: {found.stderr}"
    return found.stdout.split()[0]


def _start_kiosk(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "kiosk"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def test_kiosk_covers_a_bare_x_screen(x_display: str, tmp_path: Path) -> None:
    env = _kiosk_env(x_display, tmp_path)
    kiosk = _start_kiosk(env)
    try:
        window_id = _find_window(env)
        geometry = subprocess.run(
            ["xdotool", "getwindowgeometry", "--shell", window_id],
            env=env,
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
        values = dict(line.split("=", 1) for line in geometry.split())
        assert (int(values["WIDTH"]), int(values["HEIGHT"])) == SCREEN
        assert (int(values["X"]), int(values["Y"])) == (0, 0)
        assert kiosk.poll() is None, "the kiosk exited"
    finally:
        kiosk.terminate()
        output, _ = kiosk.communicate(timeout=30)
    assert "Traceback" not in output, output


def _focused(env: dict[str, str]) -> str:
    """The X window that has the keyboard."""
    return subprocess.run(
        ["xdotool", "getwindowfocus"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.strip()


def _give_keyboard_focus(env: dict[str, str], window_id: str) -> None:
    """Make sure the keys typed next go to the kiosk. Its window is override-redirect,
    out of the window manager's reach, so asking the window manager to activate it may
    do nothing; a click in it (as a person would) gives it the keyboard too."""
    subprocess.run(
        ["xdotool", "windowactivate", window_id], env=env, capture_output=True, timeout=30
    )
    if not _until(lambda: _focused(env) == window_id, seconds=2):
        _run(env, "xdotool", "mousemove", "--window", window_id, "640", "400", "click", "1")
    assert _until(lambda: _focused(env) == window_id), (
        f"the kiosk ({window_id}) never got the keyboard; {_focused(env)} has it"
    )


def test_a_window_manager_cannot_close_the_kiosk(x_display: str, tmp_path: Path) -> None:
    require_tools("openbox", "wmctrl", why="a desktop window manager to escape from")
    env = _kiosk_env(x_display, tmp_path)
    window_manager = subprocess.Popen(
        ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    kiosk = _start_kiosk(env)
    try:
        window_id = _find_window(env)
        _give_keyboard_focus(env, window_id)
        for keys in ("Escape", "alt+F4", "ctrl+q", "ctrl+w"):
            # Pressed where they count: in the kiosk, not in some other window.
            assert _focused(env) == window_id, f"{keys} would not reach the kiosk"
            subprocess.run(["xdotool", "key", keys], env=env, timeout=30, check=True)
        assert _until(lambda: _focused(env) == window_id), "the kiosk lost the keyboard"
        # A polite close request, as a window manager's close button sends.
        subprocess.run(["wmctrl", "-i", "-c", window_id], env=env, timeout=30, check=True)
        with pytest.raises(subprocess.TimeoutExpired):
            kiosk.wait(timeout=3)  # it must still be running: a bounded wait for "nothing"
    finally:
        kiosk.terminate()
        output, _ = kiosk.communicate(timeout=30)
        window_manager.terminate()
        window_manager.wait(timeout=10)
    assert "Traceback" not in output, output


def _run(env: dict[str, str], *command: str) -> str:
    return subprocess.run(
        list(command), env=env, capture_output=True, text=True, timeout=30, check=True
    ).stdout


def _covers_the_screen(env: dict[str, str], window_id: str) -> bool:
    """Visible, full size at the origin, and the window under the middle of the screen."""
    visible = subprocess.run(
        ["xdotool", "search", "--onlyvisible", "--name", "KetaMD"],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    ).stdout.split()
    if window_id not in visible:
        return False
    values = dict(
        line.split("=", 1)
        for line in _run(env, "xdotool", "getwindowgeometry", "--shell", window_id).split()
    )
    if (int(values["WIDTH"]), int(values["HEIGHT"]), int(values["X"]), int(values["Y"])) != (
        *SCREEN,
        0,
        0,
    ):
        return False
    under = dict(
        line.split("=", 1)
        for line in _run(
            env, "xdotool", "mousemove", "640", "400", "getmouselocation", "--shell"
        ).split()
    )
    return under.get("WINDOW") == window_id


def _until(condition, seconds: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    """Check ``condition`` again and again (each check runs xdotool) until it holds."""
    import time

    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if condition():
            return True
    return bool(condition())


ESCAPES = {
    "show-desktop": ("xdotool", "key", "super+d"),
    "next-workspace": ("xdotool", "key", "ctrl+alt+Right"),
    "minimize": ("xdotool", "windowminimize", "{window}"),
    "unfullscreen": ("wmctrl", "-i", "-r", "{window}", "-b", "remove,fullscreen"),
    "move": ("xdotool", "windowmove", "{window}", "200", "150"),
    "shrink": ("xdotool", "windowsize", "{window}", "400", "300"),
    "desktop-menu": ("xdotool", "mousemove", "5", "790", "click", "3"),
}


def test_no_escape_under_a_desktop_window_manager(x_display: str, tmp_path: Path) -> None:
    """openbox with its default key bindings (Super+D, Ctrl+Alt+arrows, a desktop menu):
    after each escape attempt the kiosk covers the screen again within seconds."""
    require_tools("openbox", "wmctrl", why="a desktop window manager to escape from")
    env = _kiosk_env(x_display, tmp_path)
    window_manager = subprocess.Popen(
        ["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    kiosk = _start_kiosk(env)
    failures = []
    try:
        window_id = _find_window(env)
        assert _until(lambda: _covers_the_screen(env, window_id)), "not full screen at start"
        for name, command in ESCAPES.items():
            subprocess.run(
                [part.format(window=window_id) for part in command],
                env=env,
                capture_output=True,
                timeout=30,
                check=True,
            )
            if not _until(lambda: _covers_the_screen(env, window_id)):
                failures.append(name)
        assert kiosk.poll() is None, "the kiosk exited"
    finally:
        kiosk.terminate()
        output, _ = kiosk.communicate(timeout=30)
        window_manager.terminate()
        window_manager.wait(timeout=10)
    assert failures == [], f"the kiosk stayed away after: {failures}"
    assert "Traceback" not in output, output
