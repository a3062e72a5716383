"""``kiosk doctor``: each check passes on a machine that is ready and names the fault on one
that is not. Checks get a :class:`Machine` whose answers the test chooses; the command
itself runs for real, with Qt in its own process, offscreen and on an X server."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kiosk import doctor
from kiosk.doctor import OK, PROBLEM, WARNING, KioskProcess, Machine
from kiosk.paths import bundled_content_dir
from kiosk.platform_care import keep_display_awake
from tests.helpers import require_tools, xvfb
from tests.receivers import refused_address
from tests.webhook import webhook_server

DISPLAY_OK: dict[str, Any] = {
    "platform": "xcb",
    "family": "Atkinson Hyperlegible Next",
    "families": ["Atkinson Hyperlegible Next", "Noto Sans", "Noto Sans Arabic", "Noto Sans Hebrew"],
    "missing_styles": [],
    "missing_fallbacks": [],
    "screens": [{"name": "HDMI-1", "width": 1280, "height": 720, "ratio": 1.5}],
}


def answered(stdout: str = "", returncode: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess([], returncode, stdout, "")


def machine(tmp_path: Path, answers: dict[str, str | None] | None = None, **kw: Any) -> Machine:
    """A machine that answers each command (by its first two words) as told."""
    answers = answers or {}

    def run(argv: Sequence[str]) -> subprocess.CompletedProcess[str] | None:
        key = " ".join(argv[:2])
        if key not in answers or answers[key] is None:
            return None
        return answered(answers[key] or "")

    settings: dict[str, Any] = {
        "os_name": "linux",
        "run": run,
        "probe": lambda what, languages: DISPLAY_OK,
        "mounts": lambda: [("/", "ext4")],
        "kiosks": lambda: [],
        "state_dir": tmp_path / "state",
        "log_dir": tmp_path / "log",
        **kw,
    }
    return Machine(**settings)


# --- font, screen, voices -----------------------------------------------------------


def test_the_bundled_ttf_registers_regular_and_bold_with_qt(qapp) -> None:  # type: ignore[no-untyped-def]
    from kiosk.fonts import (
        FALLBACKS,
        FAMILY,
        font_files,
        load_fonts,
        missing_fallbacks,
        missing_styles,
    )

    assert all(path.suffix == ".ttf" for path in font_files())
    assert load_fonts() == sorted([FAMILY, *FALLBACKS])
    assert missing_styles() == []
    assert missing_fallbacks() == []


def test_a_font_the_engine_refuses_is_a_problem() -> None:
    refused = {**DISPLAY_OK, "families": [], "missing_styles": []}
    assert doctor.check_font(refused).level == PROBLEM
    no_bold = {**DISPLAY_OK, "missing_styles": ["Bold"]}
    finding = doctor.check_font(no_bold)
    assert finding.level == PROBLEM
    assert "bold" in finding.message
    assert doctor.check_font("it did not answer within 60 s").level == PROBLEM


def test_a_fallback_font_the_engine_refuses_is_a_warning() -> None:
    finding = doctor.check_font({**DISPLAY_OK, "missing_fallbacks": ["Noto Sans Arabic"]})
    assert finding.level == WARNING
    assert finding.message.startswith(
        "Atkinson Hyperlegible Next registered, but not Noto Sans Arabic (regular and bold)"
    )
    assert "reinstall the kiosk" in finding.fix


def test_the_font_check_names_the_family_and_its_fallbacks() -> None:
    finding = doctor.check_font(DISPLAY_OK)
    assert finding.level == OK
    assert finding.message == (
        "Atkinson Hyperlegible Next (regular and bold) and its Noto fallbacks for other "
        "scripts register with this platform's fonts (xcb)"
    )
    assert doctor.check_font(DISPLAY_OK).level == OK


def test_the_screen_is_described_with_its_scaling_and_a_small_one_warned() -> None:
    finding = doctor.check_screen(DISPLAY_OK)
    assert finding.level == OK
    assert finding.message.startswith("1920x1080, scaling 150% (1280x720 to lay out), landscape")
    small = {**DISPLAY_OK, "screens": [{"name": "", "width": 800, "height": 480, "ratio": 1}]}
    assert doctor.check_screen(small).level == WARNING
    assert doctor.check_screen({**DISPLAY_OK, "screens": []}).level == PROBLEM
    assert doctor.check_screen({**DISPLAY_OK, "platform": "offscreen"}).level == WARNING


def test_a_language_without_a_voice_is_named() -> None:
    speech = {"engine": "winrt", "voices": ["en"]}
    finding = doctor.check_speech(speech, ["en", "es"], windows=True)
    assert finding.level == WARNING
    assert "Spanish" in finding.message
    assert "Settings" in finding.fix
    assert doctor.check_speech({"engine": "", "voices": []}, ["en"], windows=False).level == WARNING
    both = {"engine": "speechd", "voices": ["en", "es"]}
    assert doctor.check_speech(both, ["en", "es"], windows=False).level == OK


def test_the_speech_engine_order_is_fixed_per_platform() -> None:
    from kiosk.speech import engine_order

    installed = ["sapi", "mock", "winrt"]
    assert engine_order(installed, "win32") == ["winrt", "sapi"]
    assert engine_order(["flite", "speechd", "mock"], "linux") == ["speechd", "flite"]
    assert engine_order(["zeta", "alpha"], "linux") == ["alpha", "zeta"]


# --- display sleep ------------------------------------------------------------------

XSET_BLANKS = """Screen Saver:
  prefer blanking:  yes    allow exposures:  yes
  timeout:  600    cycle:  600
DPMS (Energy Star):
  Standby: 600    Suspend: 600    Off: 600
  DPMS is Enabled
"""
XSET_AWAKE = """Screen Saver:
  prefer blanking:  no    allow exposures:  yes
  timeout:  0    cycle:  600
DPMS (Energy Star):
  DPMS is Disabled
"""


def test_an_x_server_that_blanks_or_a_pc_that_sleeps_is_warned(tmp_path: Path) -> None:
    blanks = machine(tmp_path, {"xset q": XSET_BLANKS, "systemctl is-enabled": "enabled\n"})
    finding = doctor.check_display_sleep(blanks, "xcb")
    assert finding.level == WARNING
    assert "600 s" in finding.message
    assert "DPMS" in finding.message
    assert "sleep" in finding.message
    awake = machine(tmp_path, {"xset q": XSET_AWAKE, "systemctl is-enabled": "masked\n"})
    assert doctor.check_display_sleep(awake, "xcb").level == OK


POWERCFG_NEVER = """Power Setting GUID: 3c0bc021-c8a8-4e07-a973-6b14cbcb2b7e  (Turn off display)
    Current AC Power Setting Index: 0x00000000
    Current DC Power Setting Index: 0x0000012c
"""
POWERCFG_10_MINUTES = POWERCFG_NEVER.replace("AC Power Setting Index: 0x00000000", "AC: 0x258")


def test_windows_power_settings_are_read_from_powercfg(tmp_path: Path) -> None:
    never = machine(tmp_path, {"powercfg /query": POWERCFG_NEVER}, os_name="win32")
    assert doctor.check_display_sleep(never, "windows").level == OK
    ten = machine(tmp_path, {"powercfg /query": POWERCFG_10_MINUTES}, os_name="win32")
    finding = doctor.check_display_sleep(ten, "windows")
    assert finding.level == WARNING
    assert "after 10 minutes" in finding.message


# --- content, folders, one kiosk --------------------------------------------------------


def test_the_content_is_checked_and_its_languages_found(tmp_path: Path) -> None:
    finding, languages = doctor.check_content(bundled_content_dir())
    assert finding.level == OK
    assert languages == ["en", "es"]
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "settings.yaml").write_text("clinic_name: [\n", encoding="utf-8")
    finding, languages = doctor.check_content(broken)
    assert finding.level == PROBLEM
    assert "settings.yaml" in finding.message
    assert languages == []


def test_content_on_a_network_file_system_is_warned(tmp_path: Path) -> None:
    share = machine(tmp_path, mounts=lambda: [("/", "ext4"), (str(tmp_path), "cifs")])
    finding = doctor.check_content_disk(share, tmp_path / "content")
    assert finding.level == WARNING
    assert "cifs" in finding.message
    local = machine(tmp_path, mounts=lambda: [("/", "ext4"), (str(tmp_path) + "x", "cifs")])
    assert doctor.check_content_disk(local, tmp_path / "content").level == OK


def test_windows_shares_mapped_drives_and_onedrive_are_warned(tmp_path: Path) -> None:
    windows = machine(tmp_path, os_name="win32", drive_type=lambda root: 3)
    unc = doctor.check_content_disk(windows, Path(r"\\server\kiosk\content"))
    assert unc.level == WARNING
    onedrive = doctor.check_content_disk(windows, Path(r"C:\Users\kiosk\OneDrive\content"))
    assert onedrive.level == WARNING
    assert "OneDrive" in onedrive.message
    mapped = machine(tmp_path, os_name="win32", drive_type=lambda root: doctor.DRIVE_REMOTE)
    assert doctor.check_content_disk(mapped, Path(r"Z:\content")).level == WARNING
    assert doctor.check_content_disk(windows, Path(r"C:\kiosk\content")).level == OK


def test_a_folder_that_cannot_be_written_is_a_problem(tmp_path: Path) -> None:
    (tmp_path / "state").write_text("a file where the folder should be", encoding="utf-8")
    finding = doctor.check_folders(machine(tmp_path))
    assert finding.level == PROBLEM
    assert "cannot be written" in finding.message


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_folders_others_can_look_into_are_a_problem(tmp_path: Path) -> None:
    assert doctor.check_folders(machine(tmp_path)).level == OK
    (tmp_path / "log").chmod(0o755)
    finding = doctor.check_folders(machine(tmp_path))
    assert finding.level == PROBLEM
    assert "other users" in finding.message


def test_two_kiosks_are_a_problem_one_is_fine(tmp_path: Path) -> None:
    two = [KioskProcess(100, "kiosk"), KioskProcess(200, "clinic")]
    finding = doctor.check_one_kiosk(machine(tmp_path, kiosks=lambda: two))
    assert finding.level == PROBLEM
    assert "100" in finding.message
    assert "200" in finding.message
    one = machine(tmp_path, kiosks=lambda: two[:1])
    assert doctor.check_one_kiosk(one).level == OK


@pytest.mark.parametrize(
    ("argv", "is_kiosk"),
    [
        (["/opt/ketamd-kiosk/current/bin/kiosk", "--content", "/var/lib/c"], True),
        ([r"C:\Users\k\AppData\Local\ketamd-kiosk\1.0\Scripts\kiosk.exe"], True),
        (["/usr/bin/python3", "-m", "kiosk"], True),
        (["kiosk", "doctor"], False),
        (["kiosk", "--windowed"], False),
        (["kiosk", "validate", "content"], False),
        (["/usr/bin/python3", "-m", "pytest"], False),
        ([], False),
    ],
)
def test_which_processes_are_kiosks(argv: list[str], is_kiosk: bool) -> None:
    assert doctor.is_kiosk_command(argv) is is_kiosk


# --- staff alerts, clock, Windows policies ---------------------------------------------


def write_config(path: Path, *urls: str) -> Path:
    quoted = ", ".join(json.dumps(url) for url in urls)
    path.write_text(
        f"kiosk_name: Waiting room 1\nstaff_alerts:\n  urls: [{quoted}]\n  deadline_seconds: 5\n",
        encoding="utf-8",
    )
    return path


def test_a_test_alert_reaches_a_real_receiver(tmp_path: Path) -> None:
    with webhook_server() as (url, received):
        config = write_config(tmp_path / "kiosk.yaml", url.replace("http://", "json://", 1))
        finding = doctor.check_staff_alerts(config, send=True)
        assert finding.level == OK, finding
        assert received.bodies, "the receiver got nothing"


def test_a_destination_that_refuses_is_a_problem(tmp_path: Path) -> None:
    config = write_config(tmp_path / "kiosk.yaml", refused_address())
    finding = doctor.check_staff_alerts(config, send=True)
    assert finding.level == PROBLEM
    assert "did not receive" in finding.message


def test_no_destination_is_a_warning_and_no_alert_sends_nothing(tmp_path: Path) -> None:
    none = tmp_path / "none.yaml"
    none.write_text("kiosk_name: Waiting room 1\n", encoding="utf-8")
    assert doctor.check_staff_alerts(none, send=True).level == WARNING
    config = write_config(tmp_path / "kiosk.yaml", refused_address())
    skipped = doctor.check_staff_alerts(config, send=False)
    assert skipped.level == OK
    assert "--no-alert" in skipped.message
    broken = tmp_path / "broken.yaml"
    broken.write_text("staff_alerts: [\n", encoding="utf-8")
    assert doctor.check_staff_alerts(broken, send=True).level == PROBLEM


def test_an_unsynchronised_clock_is_warned(tmp_path: Path) -> None:
    synced = machine(tmp_path, {"timedatectl show": "yes\n"})
    assert doctor.check_clock(synced).level == OK
    drifting = machine(tmp_path, {"timedatectl show": "no\n"})
    assert doctor.check_clock(drifting).level == WARNING
    assert doctor.check_clock(machine(tmp_path)).level == WARNING  # no timedatectl
    cmos = machine(tmp_path, {"w32tm /query": "Source: Local CMOS Clock\n"}, os_name="win32")
    assert doctor.check_clock(cmos).level == WARNING
    ntp = machine(tmp_path, {"w32tm /query": "Source: time.windows.com,0x9\n"}, os_name="win32")
    assert doctor.check_clock(ntp).level == OK


def test_windows_lockdown_policies_are_read_for_the_account_or_the_machine(
    tmp_path: Path,
) -> None:
    def registry(values: dict[tuple[str, str], int]) -> Any:
        return lambda hive, key, name: values.get((hive, name))

    locked = {
        ("HKLM", "AllowEdgeSwipe"): 0,
        ("HKCU", "NoWinKeys"): 1,
        ("HKCU", "DisableTaskMgr"): 1,
        ("HKLM", "DisableNotificationCenter"): 1,
        ("HKLM", "DontShowUI"): 1,
    }
    found = doctor.check_windows_policies(machine(tmp_path, registry=registry(locked)))
    assert [f.check for f in found] == [
        "edge-swipes",
        "windows-keys",
        "task-manager",
        "notifications",
        "crash-dialogs",
    ]
    assert {f.level for f in found} == {OK}
    open_edges = {**locked, ("HKLM", "AllowEdgeSwipe"): 1}
    found = doctor.check_windows_policies(machine(tmp_path, registry=registry(open_edges)))
    edge = found[0]
    assert edge.level == WARNING
    assert "AllowEdgeSwipe" in edge.fix
    no_task_manager_policy = {k: v for k, v in locked.items() if k[1] != "DisableTaskMgr"}
    found = doctor.check_windows_policies(
        machine(tmp_path, registry=registry(no_task_manager_policy))
    )
    assert found[2].level == WARNING


def test_only_windows_is_checked_for_windows_policies(tmp_path: Path) -> None:
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_name: Waiting room 1\n", encoding="utf-8")
    linux = doctor.run_doctor(bundled_content_dir(), config, machine=machine(tmp_path))
    assert "edge-swipes" not in {f.check for f in linux}
    windows = doctor.run_doctor(
        bundled_content_dir(),
        config,
        machine=machine(tmp_path, os_name="win32", registry=lambda *a: None),
    )
    assert {"edge-swipes", "crash-dialogs"} <= {f.check for f in windows}


# --- the report and the command ---------------------------------------------------------


def test_exit_codes_follow_the_worst_finding() -> None:
    ok = doctor.Finding("font", OK, "fine")
    warning = doctor.Finding("clock", WARNING, "drifts", "sync it")
    problem = doctor.Finding("content", PROBLEM, "broken", "fix it")
    assert doctor.exit_code([ok]) == 0
    assert doctor.exit_code([ok, warning]) == 1
    assert doctor.exit_code([warning, problem, ok]) == 2
    lines = doctor.render([ok, warning, problem])
    assert lines[0].split()[:2] == ["ok", "font"]
    assert any(line.strip() == "→ sync it" for line in lines)
    assert lines[-1].startswith("1 ok, 1 warning(s), 1 problem(s)")


def run_doctor_command(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    config = tmp_path / "kiosk.yaml"
    if not config.exists():
        config.write_text("kiosk_name: Waiting room 1\n", encoding="utf-8")
    environment = {
        **os.environ,
        "KIOSK_STATE_DIR": str(tmp_path / "state"),
        "KIOSK_LOG_DIR": str(tmp_path / "log"),
        "KIOSK_CONFIG": str(config),
        "QT_QPA_PLATFORM": "offscreen",
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "kiosk", "doctor", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
        timeout=180,
        check=False,
    )


def test_the_command_reports_as_json_for_fleets(tmp_path: Path) -> None:
    result = run_doctor_command(tmp_path, "--json", "--no-alert")
    report = json.loads(result.stdout)
    by_check = {item["check"]: item for item in report["checks"]}
    assert by_check["font"]["level"] == OK, by_check["font"]
    assert by_check["content"]["level"] == OK
    assert by_check["folders"]["level"] == OK
    assert by_check["screen"]["level"] == WARNING  # offscreen: no screen to look at
    assert by_check["staff-alerts"]["level"] == WARNING  # no destination set
    assert result.returncode == report["exit_code"] == doctor.EXIT_CODES[report["result"]]
    assert "Traceback" not in result.stderr


def test_a_broken_pack_makes_the_command_exit_2(tmp_path: Path) -> None:
    broken = tmp_path / "pack"
    broken.mkdir()
    (broken / "settings.yaml").write_text("clinic_name: [\n", encoding="utf-8")
    result = run_doctor_command(tmp_path, "--no-alert", "--content", str(broken))
    assert result.returncode == 2
    assert any(line.startswith("problem  content") for line in result.stdout.splitlines())
    assert "Traceback" not in result.stdout + result.stderr


@contextmanager
def x_server() -> Iterator[str]:
    """A fresh Xvfb that keeps its settings between clients (-noreset)."""
    require_tools("Xvfb", "xset", why="the doctor looks at a real X server")
    with xvfb(1920, 1080, "-noreset") as display:
        yield display


def test_on_an_x_server_the_screen_and_blanking_are_checked_for_real(tmp_path: Path) -> None:
    with x_server() as display:
        env = {"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
        report = json.loads(run_doctor_command(tmp_path, "--json", "--no-alert", env=env).stdout)
        by_check = {item["check"]: item for item in report["checks"]}
        assert by_check["screen"]["level"] == OK
        assert by_check["screen"]["message"].startswith("1920x1080, scaling 100%")
        assert by_check["font"]["level"] == OK
        assert "xcb" in by_check["font"]["message"]
        assert "screen saver blanks the display after 600 s" in by_check["display-sleep"]["message"]

        # What the kiosk does at start on X11: afterwards the doctor finds no blanking.
        def on_this_display(argv: list[str], **options: Any) -> Any:
            return subprocess.run(argv, env={**os.environ, "DISPLAY": display}, **options)

        said = keep_display_awake("xcb", os_name="linux", run=on_this_display)
        assert said.startswith("the X server's screen saver")
        report = json.loads(run_doctor_command(tmp_path, "--json", "--no-alert", env=env).stdout)
        message = {item["check"]: item for item in report["checks"]}["display-sleep"]["message"]
        assert "screen saver" not in message


def test_the_staff_panel_checks_the_machine_beside_the_kiosk(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from kiosk.machine_check import MachineCheck
    from kiosk.views.staff_panel import StaffPanel
    from tests.helpers import tap

    for name, value in {
        "KIOSK_STATE_DIR": tmp_path / "state",
        "KIOSK_LOG_DIR": tmp_path / "log",
        "QT_QPA_PLATFORM": "offscreen",
    }.items():
        monkeypatch.setenv(name, str(value))
    config = tmp_path / "kiosk.yaml"
    config.write_text("kiosk_name: Waiting room 1\n", encoding="utf-8")
    screen = QWidget()
    screen.resize(1280, 800)
    qtbot.addWidget(screen)
    panel = StaffPanel(screen, idle_close_ms=600_000)
    MachineCheck(panel, bundled_content_dir(), config)
    screen.show()
    panel.open_panel(staff_status())
    tap(panel.check_button)
    assert "Checking this machine" in panel.status.text()  # at once: the screen never waits
    qtbot.waitUntil(lambda: "font:" in panel.status.text(), timeout=120_000)
    shown = panel.status.text()
    assert "OK · font: Atkinson Hyperlegible Next (regular and bold) and its Noto" in shown
    assert "Warning · staff-alerts: no staff-alert destination is set" in shown
    assert "OK · content:" in shown


def staff_status():  # type: ignore[no-untyped-def]
    from kiosk.views.staff_panel import StaffStatus

    return StaffStatus(
        kiosk_name="Waiting room 1",
        version="1.0",
        content_dir="/var/lib/ketamd-kiosk/content",
        uptime="3 h",
        content_problems=[],
        alert_destinations=[],
        alerts=[],
        unacknowledged_alerts=0,
        config_problems=[],
    )
