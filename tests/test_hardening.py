"""Hardening: one kiosk at a time, output that cannot be forged, a fault storm that ends
in a calm screen and a restart, and a watchdog that notices a frozen kiosk."""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QPushButton

from kiosk.cli import main
from kiosk.errors import ContentError, printable
from kiosk.guard import EXIT_FAULT_STORM, GuardTiming, KioskGuard
from kiosk.loader import load_pack
from kiosk.logs import FaultHandler, configure_logging
from kiosk.pin import PinGuard
from kiosk.watchdog import SystemdNotifier

from .helpers import require_tools, tap

REPO = Path(__file__).resolve().parents[1]


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "KIOSK_STATE_DIR": str(tmp_path / "state"),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(REPO),
        **extra,
    }


# --- one kiosk at a time ---------------------------------------------------------------


def test_a_second_kiosk_says_so_and_exits(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from kiosk.instance import claim_the_screen; lock = claim_the_screen();"
            " print('holding', flush=True); sys.stdin.read()",
        ],
        env=_env(tmp_path),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "holding"
        second = subprocess.run(
            [sys.executable, "-m", "kiosk"],
            env=_env(tmp_path),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        holder.communicate("", timeout=10)
    assert second.returncode == 3
    assert f"Another kiosk is already running for this user (process {holder.pid})" in (
        second.stderr
    )


def test_a_lock_left_by_a_dead_kiosk_is_taken_over(tmp_path: Path) -> None:
    crashed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import os; from kiosk.instance import claim_the_screen; lock = claim_the_screen();"
            " os._exit(1)",  # dies holding the lock
        ],
        env=_env(tmp_path),
        timeout=60,
        check=False,
    )
    assert crashed.returncode == 1
    assert (tmp_path / "state" / "kiosk.lock").exists()
    taken = subprocess.run(
        [sys.executable, "-c", "from kiosk.instance import claim_the_screen; claim_the_screen()"],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert taken.returncode == 0, taken.stderr


# --- output that cannot be forged ---------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("notes\nALL CLEAR.yaml", "notes\\nALL CLEAR.yaml"),
        ("cat\u202egpj.exe", "cat\\u202egpj.exe"),
        ("a\rb\x1b[2J", "a\\rb\\x1b[2J"),
        ("Café, 日本語, عربي, Ελληνικά", "Café, 日本語, عربي, Ελληνικά"),
    ],
)
def test_control_and_direction_characters_are_shown_escaped(raw: str, shown: str) -> None:
    assert printable(raw) == shown
    error = ContentError(Path(raw), 3, f"the value {raw!s} is wrong")
    assert "\n" not in str(error)
    assert str(error).startswith(f"{shown}:3: ")


def test_a_file_name_cannot_forge_a_line_of_validate_output(
    pack_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = pack_copy / "en" / "screens" / "x\nALL CLEAR: 0 problems.yaml"
    forged.write_text("type: explainer\n", encoding="utf-8")
    assert main(["validate", "--quick", str(pack_copy)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert not any(line.startswith("ALL CLEAR") for line in lines), lines
    assert any("x\\nALL CLEAR: 0 problems.yaml" in line for line in lines)


def test_a_log_line_stays_one_line(tmp_path: Path) -> None:
    path = configure_logging(tmp_path / "log")
    logging.getLogger("kiosk.test").warning("content from %s", "pack\nERROR forged line")
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len([line for line in lines if "content from" in line]) == 1
    assert not any(line.startswith("ERROR forged") for line in lines)


# --- a fault storm -------------------------------------------------------------------------


def test_a_fault_storm_ends_in_the_resting_screen_and_an_exit(
    kiosk_ui, private_state, pack_copy, tmp_path, qtbot
) -> None:  # type: ignore[no-untyped-def]
    log_file = configure_logging(tmp_path / "storm-log")
    window, router = kiosk_ui()
    guard = KioskGuard(
        router,
        GuardTiming(idle_ms=60_000, warning_ms=60_000),
        kiosk_mode=True,
        reload_content=lambda: load_pack(pack_copy),
        pin_guard=PinGuard(private_state),
    )
    exits: list[int] = []
    guard.exit_process = exits.append  # type: ignore[method-assign]
    faults = FaultHandler(guard.recover_from_fault, on_storm=lambda: guard.rest(exit_after_ms=50))
    faults.install()
    try:
        router.open_screen("trd")
        broken = QPushButton("broken", router.explainer)
        broken.clicked.connect(lambda: 1 / 0)
        broken.show()
        for _ in range(5):
            router.open_screen("trd")
            tap(broken)
        assert not guard.resting.isVisible(), "five faults: still resetting"
        router.open_screen("trd")
        tap(broken)  # the sixth within a minute
        assert guard.resting.isVisible()
        assert (
            guard.resting.message.text() == "This screen is resting — please ask at the front desk."
        )
        assert not window.stack.isVisible()
        for _ in range(50):
            faults.handle(ZeroDivisionError, ZeroDivisionError("again"), None)
        qtbot.waitUntil(lambda: exits == [EXIT_FAULT_STORM], timeout=5000)
    finally:
        faults.uninstall()
        guard.shutdown()
    text = log_file.read_text(encoding="utf-8")
    assert text.count("faults in") == 1, "the storm is logged once"
    assert text.count("Traceback") == 6, "five faults, then the storm: not 56"


def test_a_real_kiosk_in_a_fault_storm_exits_non_zero(tmp_path: Path) -> None:
    """A paint that fails on every frame: the process rests, then ends with status 70."""
    script = textwrap.dedent(
        """
        import sys
        import kiosk.guard
        from kiosk.views.attract import AttractScreen
        kiosk.guard.REST_BEFORE_EXIT_MS = 200
        def broken_paint(self, event):
            raise RuntimeError("a paint error on every frame")
        AttractScreen.paintEvent = broken_paint
        from kiosk.cli import main
        sys.exit(main(["--windowed"]))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == EXIT_FAULT_STORM, result.stderr[-2000:]
    log_text = (tmp_path / "log" / "kiosk.log").read_text(encoding="utf-8")
    assert log_text.count("the kiosk rests and will restart") == 1
    assert "exiting for a fresh start" in log_text


# --- the systemd watchdog --------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="systemd's socket is a Unix socket")
def test_the_kiosk_pings_systemd_and_stops_when_frozen(tmp_path: Path) -> None:
    address = str(tmp_path / "notify.sock")
    receiver = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    receiver.bind(address)
    receiver.settimeout(60)
    kiosk = subprocess.Popen(
        [sys.executable, "-m", "kiosk", "--windowed"],
        env=_env(tmp_path, NOTIFY_SOCKET=address, WATCHDOG_USEC="400000"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        received = [receiver.recv(64).decode() for _ in range(3)]
        assert received[0] == "READY=1"
        assert received[1:] == ["WATCHDOG=1", "WATCHDOG=1"]
        kiosk.send_signal(signal.SIGSTOP)  # frozen: the event loop no longer runs
        receiver.settimeout(0.5)
        _drain(receiver)  # a ping already on its way may still arrive
        receiver.settimeout(1.0)
        with pytest.raises(TimeoutError):
            receiver.recv(64)  # five ping intervals: nothing from a frozen kiosk
    finally:
        kiosk.send_signal(signal.SIGCONT)
        kiosk.terminate()
        kiosk.wait(timeout=30)
        receiver.close()


def _drain(receiver: socket.socket) -> None:
    """Read until nothing comes within the socket's timeout."""
    while True:
        try:
            receiver.recv(64)
        except TimeoutError:
            return


def test_outside_systemd_the_notifier_does_nothing() -> None:
    notifier = SystemdNotifier({})
    assert not notifier.enabled
    assert notifier.watchdog_interval_ms() is None
    assert notifier.notify("READY=1") is False


def test_the_watchdog_pings_at_half_the_period() -> None:
    notifier = SystemdNotifier({"NOTIFY_SOCKET": "@x", "WATCHDOG_USEC": "30000000"})
    assert notifier.watchdog_interval_ms() == 15_000


# --- the kiosk keeps the screen (any platform; X11 is tested for real in test_xvfb) ------


@pytest.mark.parametrize("escape", ["minimize", "hide", "move", "shrink", "unfullscreen"])
def test_the_window_takes_the_screen_back(kiosk_ui, qtbot, escape: str) -> None:  # type: ignore[no-untyped-def]
    from kiosk.screen_keeper import ScreenKeeper

    window, router = kiosk_ui()
    keeper = ScreenKeeper(window, may_leave=window.closing_allowed, check_ms=60_000, settle_ms=10)
    keeper.restore()
    qtbot.waitUntil(keeper.covers_the_screen, timeout=3000)
    {
        "minimize": window.showMinimized,
        "hide": window.hide,
        "move": lambda: window.move(50, 40),
        "shrink": lambda: window.resize(400, 300),
        "unfullscreen": window.showNormal,
    }[escape]()
    qtbot.waitUntil(keeper.covers_the_screen, timeout=3000)
    if escape in ("minimize", "hide", "unfullscreen"):  # what every platform carries out
        assert keeper.restorations >= 2, "the keeper put it back"


def test_staff_exit_is_let_through(kiosk_ui, qtbot) -> None:  # type: ignore[no-untyped-def]
    from kiosk.screen_keeper import ScreenKeeper

    window, router = kiosk_ui()
    keeper = ScreenKeeper(window, may_leave=window.closing_allowed, check_ms=60_000, settle_ms=10)
    keeper.restore()
    restored = keeper.restorations
    window.allow_close()
    window.close()
    with qtbot.assertNotEmitted(window.destroyed, wait=100):
        pass
    assert not window.isVisible()
    assert keeper.restorations == restored


# --- the systemd units ------------------------------------------------------------------


def test_the_cage_unit_is_sandboxed(tmp_path: Path) -> None:
    require_tools("systemd-analyze", why="scores the unit's sandbox")
    unit = REPO / "deploy" / "cage" / "ketamd-kiosk-cage.service"
    result = subprocess.run(
        ["systemd-analyze", "security", "--offline=true", str(unit)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    level = float(
        result.stdout.rsplit("exposure level for ketamd-kiosk-cage.service:", 1)[1].split()[0]
    )
    assert level <= 4.0, result.stdout[-1500:]


@pytest.mark.parametrize(
    ("unit", "restart"),
    [
        ("cage/ketamd-kiosk-cage.service", "always"),  # nothing else to show on that screen
        ("desktop/ketamd-kiosk.service", "on-failure"),  # staff may close it for the desktop
    ],
)
def test_units_restart_forever_and_watch_for_a_freeze(unit: str, restart: str) -> None:
    import configparser

    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(REPO / "deploy" / unit, encoding="utf-8")
    assert parser["Unit"]["StartLimitIntervalSec"] == "0"
    assert "StartLimitIntervalSec" not in parser["Service"], "ignored there"
    service = parser["Service"]
    assert (service["Type"], service["Restart"]) == ("notify", restart)
    assert int(service["WatchdogSec"]) > 0
