"""What a Windows clinic PC needs that can be shown here: the display kept awake and no
crash dialog (through a stand-in for kernel32), the windowless launcher that restarts the
kiosk, one style everywhere, crisp icons at 125 % and 150 %, and output that survives
Windows' cp1252 console."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk import launcher, platform_care
from kiosk.paths import bundled_content_dir


class Kernel32:
    """Records the calls the kiosk makes into Windows' kernel32."""

    def __init__(self, answer: int = 1) -> None:
        self.calls: list[tuple[str, int]] = []
        self._answer = answer

    def SetThreadExecutionState(self, flags: int) -> int:  # noqa: N802 - Windows' name
        self.calls.append(("SetThreadExecutionState", flags))
        return self._answer

    def SetErrorMode(self, flags: int) -> int:  # noqa: N802 - Windows' name
        self.calls.append(("SetErrorMode", flags))
        return 0


def test_windows_keeps_the_display_on_for_as_long_as_the_kiosk_runs() -> None:
    kernel32 = Kernel32()
    said = platform_care.keep_display_awake("windows", os_name="win32", kernel32=kernel32)
    ((name, flags),) = kernel32.calls
    assert name == "SetThreadExecutionState"
    # ES_CONTINUOUS: until the thread ends, not once; DISPLAY: the screen, not only the PC.
    assert flags & platform_care.ES_CONTINUOUS
    assert flags & platform_care.ES_DISPLAY_REQUIRED
    assert flags & platform_care.ES_SYSTEM_REQUIRED
    assert "keeps the display on" in said
    refused = platform_care.keep_display_awake("windows", os_name="win32", kernel32=Kernel32(0))
    assert "refused" in refused


def test_windows_shows_no_crash_dialog_for_the_kiosk() -> None:
    kernel32 = Kernel32()
    platform_care.no_crash_dialogs(os_name="win32", kernel32=kernel32)
    ((name, flags),) = kernel32.calls
    assert name == "SetErrorMode"
    assert flags & platform_care.SEM_NOGPFAULTERRORBOX
    assert flags & platform_care.SEM_FAILCRITICALERRORS
    assert platform_care.no_crash_dialogs(os_name="linux", kernel32=kernel32)
    assert len(kernel32.calls) == 1  # nothing called off Windows


def test_x11_blanking_is_turned_off_one_setting_at_a_time(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(platform_care.shutil, "which", lambda name: f"/usr/bin/{name}")
    calls: list[list[str]] = []

    def run(argv: list[str], **_: Any) -> subprocess.CompletedProcess[str]:
        calls.append(argv)
        return subprocess.CompletedProcess(argv, 1 if argv[-1] == "-dpms" else 0)

    said = platform_care.keep_display_awake("xcb", os_name="linux", run=run)
    assert calls == [
        ["/usr/bin/xset", "s", "off"],
        ["/usr/bin/xset", "s", "noblank"],
        ["/usr/bin/xset", "-dpms"],
    ]
    assert "refused: xset -dpms" in said  # a server without DPMS: the rest still done


# --- the windowless launcher --------------------------------------------------------------


def install_version(home: Path, version: str, statuses: list[int]) -> Path:
    """A stand-in ``kiosk`` for ``version`` that exits with each status in turn and notes
    each start (and its arguments) in starts.txt."""
    program = launcher.kiosk_program(home, version)
    program.parent.mkdir(parents=True)
    program.write_text(
        f"#!{sys.executable}\n"
        "import sys, pathlib\n"
        f"home = pathlib.Path({str(home)!r})\n"
        "starts = home / 'starts.txt'\n"
        "done = starts.read_text().count('\\n') if starts.exists() else 0\n"
        "starts.open('a').write(' '.join(sys.argv[1:]) + '\\n')\n"
        f"print('kiosk {version} says hello')\n"
        f"sys.exit({statuses!r}[done])\n",
        encoding="utf-8",
    )
    program.chmod(program.stat().st_mode | stat.S_IXUSR)
    return program


def launcher_home(tmp_path: Path) -> Path:
    home = tmp_path / "ketamd kiosk"  # a space, as in a Windows user name
    (home / "Logs").mkdir(parents=True)
    return home


def test_the_launcher_restarts_a_failed_kiosk_and_stops_when_staff_exit(tmp_path: Path) -> None:
    home = launcher_home(tmp_path)
    install_version(home, "1.0", [1, -11, 0])
    (home / "current.txt").write_text("1.0\n", encoding="utf-8")
    pauses: list[float] = []
    assert launcher.supervise(home, sleep=pauses.append, max_starts=10) == 0
    starts = (home / "starts.txt").read_text(encoding="utf-8").splitlines()
    assert starts == [f"--content {home / 'content'}"] * 3
    assert pauses == [launcher.RESTART_PAUSE_S] * 2
    logged = (home / "Logs" / launcher.LOG_NAME).read_text(encoding="utf-8")
    assert "kiosk 1.0 says hello" in logged  # what it printed is kept, not lost


def test_another_kiosk_running_ends_the_launcher_at_once(tmp_path: Path) -> None:
    home = launcher_home(tmp_path)
    install_version(home, "1.0", [3])
    (home / "current.txt").write_text("1.0", encoding="utf-8")
    assert launcher.supervise(home, sleep=lambda s: None, max_starts=10) == 3


def test_each_start_runs_the_version_current_txt_names_then(tmp_path: Path) -> None:
    home = launcher_home(tmp_path)
    install_version(home, "1.0", [1, 1])
    install_version(home, "2.0", [1, 0])
    (home / "current.txt").write_text("\ufeff1.0\r\n", encoding="utf-8")  # Notepad's BOM

    def update_after_first_start(_pause: float) -> None:
        (home / "current.txt").write_text("2.0\n", encoding="utf-8")

    assert launcher.supervise(home, sleep=update_after_first_start, max_starts=10) == 0
    logged = (home / "Logs" / launcher.LOG_NAME).read_text(encoding="utf-8")
    assert "kiosk 1.0 says hello" in logged
    assert "kiosk 2.0 says hello" in logged


def test_no_version_named_is_logged_and_waited_out(tmp_path: Path) -> None:
    home = launcher_home(tmp_path)
    launcher._log_to(home)
    pauses: list[float] = []
    assert launcher.supervise(home, sleep=pauses.append, max_starts=2) == 1
    assert pauses == [launcher.MISSING_VERSION_PAUSE_S] * 2
    assert "no version named" in (home / "Logs" / launcher.LOG_NAME).read_text(encoding="utf-8")


def test_the_launcher_is_a_windowless_entry_point() -> None:
    import tomllib

    pyproject = tomllib.loads(Path("pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["gui-scripts"]["kiosk-launcher"] == "kiosk.launcher:main"
    assert launcher.kiosk_program(Path("C:/k"), "1.0", "win32").parts[-2:] == (
        "Scripts",
        "kiosk.exe",
    )


# --- one look everywhere ----------------------------------------------------------------


def test_every_platform_gets_the_fusion_style(qapp: QApplication) -> None:
    from kiosk.app import build_ui
    from kiosk.loader import load_pack

    qapp.setStyle("Windows")  # what a Windows PC starts with (Windows 11: "windows11")
    window, router = build_ui(load_pack(bundled_content_dir()))
    try:
        assert qapp.style().name().lower() == "fusion"
    finally:
        router.deleteLater()
        window.deleteLater()


def test_icons_are_drawn_for_fractional_scaling_not_stretched(qapp: QApplication) -> None:
    from kiosk.views.widgets.images import themed_icon

    icon = themed_icon("home", "#123456", 48)
    for scale in (1.25, 1.5, 2.0):
        pixels = round(48 * scale)
        assert QSize(pixels, pixels) in icon.availableSizes(), scale
        drawn = icon.pixmap(QSize(48, 48), scale)
        assert drawn.size() == QSize(pixels, pixels)


# --- output on a cp1252 console -----------------------------------------------------------


def test_validate_prints_whole_reports_under_a_cp1252_console(tmp_path: Path) -> None:
    import shutil

    pack = tmp_path / "contenido ✓ 診療所"  # no cp1252 character can show these
    shutil.copytree(bundled_content_dir(), pack)
    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "validate", "--quick", str(pack)],
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )
    output = result.stdout.decode("utf-8")
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in result.stderr.decode("utf-8", "replace")
    assert f"{pack}: valid" in output
