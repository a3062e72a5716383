"""``kiosk doctor``: check a machine the way a clinic's IT person would before patients
use it, one line per check: ok, warning or problem, and what to do.

Exit code 0 when every check is ok, 1 with a warning, 2 with a problem. What needs Qt
(the font engine, the screens, the speech voices) is looked at in a child process
(:mod:`kiosk.doctor_probe`): this module stays Qt-free, and a speech engine that hangs
cannot hang the doctor. Everything the checks read from the machine comes through
:class:`Machine`, so that the tests can give each check a machine that passes and one
that fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PureWindowsPath
from typing import Any

from kiosk.paths import log_dir, state_dir

OK, WARNING, PROBLEM = "ok", "warning", "problem"
EXIT_CODES = {OK: 0, WARNING: 1, PROBLEM: 2}
PROBE_TIMEOUT_S = 60
COMMAND_TIMEOUT_S = 20

LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "pt": "Portuguese"}

#: File systems that live on another machine: when it is away, so is the content.
NETWORK_FILE_SYSTEMS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "sshfs",
    "fuse.sshfs",
    "davfs",
    "fuse.davfs2",
    "fuse.rclone",
    "9p",
    "afs",
    "ceph",
    "glusterfs",
}
DRIVE_REMOTE = 4  # GetDriveTypeW


@dataclass(frozen=True)
class Finding:
    """One check's answer: ``level`` is ok, warning or problem; ``fix`` says what to do."""

    check: str
    level: str
    message: str
    fix: str = ""


def _run_text(
    argv: Sequence[str], timeout_s: float, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``argv`` and keep its output as text (a stray byte never stops the doctor)."""
    return subprocess.run(
        list(argv),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env,
        timeout=timeout_s,
        check=False,
    )


def _run_command(argv: Sequence[str]) -> subprocess.CompletedProcess[str] | None:
    """Run a system tool; None when it is not there or does not answer."""
    try:
        return _run_text(argv, COMMAND_TIMEOUT_S)
    except (OSError, subprocess.TimeoutExpired):
        return None


def _run_probe(what: str, arguments: Sequence[str]) -> dict[str, Any] | str:
    """Ask :mod:`kiosk.doctor_probe` (a child process with Qt); its JSON answer, or why
    there is none."""
    env = dict(os.environ)
    if sys.platform.startswith("linux") and not (
        env.get("DISPLAY") or env.get("WAYLAND_DISPLAY") or env.get("QT_QPA_PLATFORM")
    ):
        env["QT_QPA_PLATFORM"] = "offscreen"  # no display here: fonts can still be checked
    command = [sys.executable, "-m", "kiosk.doctor_probe", what, *arguments]
    try:
        result = _run_text(command, PROBE_TIMEOUT_S, env)
    except subprocess.TimeoutExpired:
        return f"it did not answer within {PROBE_TIMEOUT_S} s"
    except OSError as exc:
        return str(exc)
    for line in reversed(result.stdout.splitlines()):
        try:
            answer = json.loads(line)
        except ValueError:
            continue  # a stray line from Qt or a plugin
        if isinstance(answer, dict):
            return answer
    return (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]


def _read_mounts() -> list[tuple[str, str]]:
    """(mount point, file system) of every mount, where the system lists them (Linux)."""
    try:
        text = Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return []
    mounts = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) >= 3:
            mounts.append((fields[1].replace("\\040", " "), fields[2]))
    return mounts


def _drive_type(root: str) -> int | None:
    if sys.platform != "win32":
        return None
    import ctypes

    return int(getattr(ctypes, "windll").kernel32.GetDriveTypeW(root))  # noqa: B009 - Windows only


def _read_dword(hive: str, key: str, name: str) -> int | None:
    """A DWORD from the Windows registry ("HKCU" or "HKLM"); None when it is not set."""
    if sys.platform != "win32":
        return None
    import winreg

    root = winreg.HKEY_CURRENT_USER if hive == "HKCU" else winreg.HKEY_LOCAL_MACHINE
    try:
        with winreg.OpenKey(root, key) as opened:
            value, kind = winreg.QueryValueEx(opened, name)
    except OSError:
        return None
    return int(value) if kind == winreg.REG_DWORD else None


@dataclass(frozen=True)
class KioskProcess:
    pid: int
    user: str


def _kiosk_processes() -> list[KioskProcess]:
    """Running kiosks (not the commands: validate, doctor, ...; not previews), any user."""
    import psutil

    found = []
    mine = {os.getpid(), os.getppid()}
    for process in psutil.process_iter(["pid", "username", "cmdline"]):
        command = process.info.get("cmdline") or []
        if process.info["pid"] not in mine and is_kiosk_command(command):
            found.append(KioskProcess(process.info["pid"], process.info.get("username") or "?"))
    return found


COMMANDS = {"validate", "doctor", "status", "stats", "set-pin", "test-alert", "gallery"}


def is_kiosk_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` starts the full-screen kiosk (``kiosk``, ``kiosk.exe``,
    ``python -m kiosk``), not one of its commands nor an editor's windowed preview."""
    if not argv:
        return False
    program = PureWindowsPath(argv[0]).name.lower()  # splits on / and \ alike
    if program in ("kiosk", "kiosk.exe"):
        rest = list(argv[1:])
    elif program.startswith("python") and list(argv[1:3]) == ["-m", "kiosk"]:
        rest = list(argv[3:])
    else:
        return False
    return "--windowed" not in rest and not COMMANDS.intersection(rest)


@dataclass
class Machine:
    """What the checks read from the machine; the tests replace any of it."""

    os_name: str = sys.platform
    run: Callable[[Sequence[str]], subprocess.CompletedProcess[str] | None] = _run_command
    probe: Callable[[str, Sequence[str]], dict[str, Any] | str] = _run_probe
    mounts: Callable[[], list[tuple[str, str]]] = _read_mounts
    drive_type: Callable[[str], int | None] = _drive_type
    registry: Callable[[str, str, str], int | None] = _read_dword
    kiosks: Callable[[], list[KioskProcess]] = _kiosk_processes
    state_dir: Path = field(default_factory=state_dir)
    log_dir: Path = field(default_factory=log_dir)

    @property
    def windows(self) -> bool:
        return self.os_name == "win32"


# --- what Qt sees: font, screen, voices ------------------------------------------------


def check_font(display: dict[str, Any] | str) -> Finding:
    if isinstance(display, str):
        return Finding("font", PROBLEM, f"the font could not be checked: {display}")
    family = display.get("family", "Atkinson Hyperlegible Next")
    missing = display.get("missing_styles", [])
    if not display.get("families"):
        return Finding(
            "font",
            PROBLEM,
            f"the platform's font engine refused the bundled {family}: patients would read "
            "a system font instead",
            "reinstall the kiosk (the files in resources/fonts may be damaged)",
        )
    if missing:
        return Finding(
            "font",
            PROBLEM,
            f"{family} registered without its {' and '.join(missing).lower()} style",
            "reinstall the kiosk (the files in resources/fonts may be damaged)",
        )
    fallbacks = display.get("missing_fallbacks", [])
    if fallbacks:
        return Finding(
            "font",
            WARNING,
            f"{family} registered, but not {' and '.join(fallbacks)} (regular and bold), "
            "which draw the scripts it lacks: text in those scripts would need a system "
            "font, or show as empty boxes",
            "reinstall the kiosk (the files in resources/fonts may be damaged)",
        )
    engine = display.get("platform", "?")
    return Finding(
        "font",
        OK,
        f"{family} (regular and bold) and its Noto fallbacks for other scripts register "
        f"with this platform's fonts ({engine})",
    )


MINIMUM_SHORT_SIDE = 600  # logical pixels: below it, answers no longer fit without scrolling


def check_screen(display: dict[str, Any] | str) -> Finding:
    if isinstance(display, str):
        return Finding("screen", PROBLEM, f"the screen could not be checked: {display}")
    platform = display.get("platform", "")
    if platform in ("offscreen", "minimal"):
        return Finding(
            "screen",
            WARNING,
            "no display here, so the screen was not checked",
            "run kiosk doctor in the kiosk's own session, or from the staff panel",
        )
    screens = display.get("screens") or []
    if not screens:
        return Finding("screen", PROBLEM, "no screen is connected", "connect the screen")
    first = screens[0]
    width, height, ratio = first["width"], first["height"], first["ratio"]
    orientation = "portrait" if height > width else "landscape"
    pixels = f"{round(width * ratio)}x{round(height * ratio)}"
    described = f"{pixels}, scaling {ratio:.0%} ({width}x{height} to lay out), {orientation}"
    if min(width, height) < MINIMUM_SHORT_SIDE:
        return Finding(
            "screen",
            WARNING,
            f"{described}: too small for every answer to show without scrolling",
            "lower the display scaling, or use a larger screen (at least 1024x768)",
        )
    more = f"; {len(screens) - 1} more screen(s): the kiosk uses the first" * (len(screens) > 1)
    return Finding("screen", OK, described + more)


def check_speech(speech: dict[str, Any] | str, languages: Sequence[str], windows: bool) -> Finding:
    if isinstance(speech, str):
        return Finding(
            "speech",
            WARNING,
            f"the speech engine could not be checked ({speech}): Read aloud may be hidden",
        )
    voices = set(speech.get("voices", []))
    engine = speech.get("engine", "")
    how = (
        "Settings → Time & language → Speech → Add voices (deploy/windows/setup-kiosk.ps1 "
        "adds them)"
        if windows
        else "install speech-dispatcher with espeak-ng (deploy/install.sh does)"
    )
    if not engine:
        return Finding("speech", WARNING, "no speech engine works: Read aloud is hidden", how)
    missing = [code for code in languages if code not in voices]
    if missing:
        names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in missing)
        return Finding(
            "speech",
            WARNING,
            f"{engine} has no voice for {names}: Read aloud is hidden on those pages",
            how,
        )
    names = ", ".join(LANGUAGE_NAMES.get(code, code) for code in languages)
    return Finding("speech", OK, f"{engine} has a voice for {names}")


# --- the display and the PC stay awake ------------------------------------------------


def check_display_sleep(machine: Machine, qt_platform: str) -> Finding:
    if machine.windows:
        return _windows_power(machine)
    problems = []
    if qt_platform == "xcb":
        problems += _x11_blanking(machine)
    sleep = machine.run(["systemctl", "is-enabled", "sleep.target"])
    if sleep is None:
        problems.append("it cannot tell whether the PC may sleep (no systemctl)")
    elif sleep.stdout.strip() != "masked":
        problems.append("the PC may go to sleep when idle")
    if problems:
        return Finding(
            "display-sleep",
            WARNING,
            "; ".join(problems),
            "sudo systemctl mask sleep.target suspend.target hibernate.target "
            "hybrid-sleep.target, and xset s off -dpms in the X session (deploy/install.sh "
            "does both)",
        )
    return Finding("display-sleep", OK, "the display will not blank and the PC will not sleep")


def _x11_blanking(machine: Machine) -> list[str]:
    answer = machine.run(["xset", "q"])
    if answer is None or answer.returncode != 0:
        return ["it cannot ask the X server about blanking (xset)"]
    text = answer.stdout
    found = []
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.strip().startswith("Screen Saver:") and number + 2 < len(lines):
            timeout = lines[number + 2].split()
            if len(timeout) >= 2 and timeout[0] == "timeout:" and timeout[1] != "0":
                found.append(f"the X screen saver blanks the display after {timeout[1]} s")
    if "DPMS is Enabled" in text:
        found.append("the X server turns the display off when idle (DPMS)")
    return found


POWER_SETTINGS = {
    ("SUB_VIDEO", "VIDEOIDLE"): "the display turns off",
    ("SUB_SLEEP", "STANDBYIDLE"): "the PC goes to sleep",
}


def _windows_power(machine: Machine) -> Finding:
    problems = []
    for (group, setting), what in POWER_SETTINGS.items():
        answer = machine.run(["powercfg", "/query", "SCHEME_CURRENT", group, setting])
        minutes = _ac_seconds(answer.stdout if answer and answer.returncode == 0 else "")
        if minutes is None:
            problems.append(f"it cannot tell when {what}")
        elif minutes:
            problems.append(f"{what} after {minutes // 60} minutes on mains power")
    if problems:
        return Finding(
            "display-sleep",
            WARNING,
            "; ".join(problems),
            "powercfg /change monitor-timeout-ac 0 and /change standby-timeout-ac 0 "
            "(setup-kiosk.ps1 does both)",
        )
    return Finding("display-sleep", OK, "the display will not turn off and the PC will not sleep")


def _ac_seconds(powercfg_output: str) -> int | None:
    """The first "Current AC Power Setting Index: 0x..." of powercfg's answer (the AC one
    comes before the DC one; the words are translated, the hex number is not)."""
    for line in powercfg_output.splitlines():
        if ":" in line and "0x" in line.split(":", 1)[1]:
            try:
                return int(line.split(":", 1)[1].strip(), 16)
            except ValueError:
                continue
    return None


# --- content, folders, one kiosk ------------------------------------------------------


def check_content(content_dir: Path) -> tuple[Finding, list[str]]:
    """The pack checked as ``kiosk validate --quick`` does; also its languages."""
    from kiosk.errors import ContentErrors
    from kiosk.validation import load_checked

    try:
        pack = load_checked(content_dir)  # as kiosk validate --quick, with its image cache
    except ContentErrors as exc:
        first = str(exc.errors[0]) if exc.errors else ""
        count = len(exc.errors)
        return (
            Finding(
                "content",
                PROBLEM,
                f"{content_dir} has {count} problem{'s' * (count != 1)}; first: {first}",
                f"kiosk validate {content_dir} lists them all",
            ),
            [],
        )
    except Exception as exc:  # noqa: BLE001 - the doctor reports, it never shows a traceback
        return (
            Finding("content", PROBLEM, f"{content_dir} cannot be read ({exc})"),
            [],
        )
    languages = list(pack.languages)
    return (
        Finding("content", OK, f"{content_dir} is valid ({', '.join(languages)})"),
        languages,
    )


def check_content_disk(machine: Machine, content_dir: Path) -> Finding:
    where = str(content_dir)
    remote = ""
    if machine.windows:
        if where.startswith("\\\\"):
            remote = "is on a network share"
        elif machine.drive_type(PureWindowsPath(where).anchor) == DRIVE_REMOTE:
            remote = "is on a network drive"
        elif "onedrive" in (part.lower() for part in PureWindowsPath(where).parts):
            remote = "is in a OneDrive folder (files may be kept online only)"
    else:
        resolved = os.path.realpath(where)
        best = max(
            (m for m in machine.mounts() if _is_within(resolved, m[0])),
            key=lambda m: len(m[0]),
            default=None,
        )
        if best is not None and best[1] in NETWORK_FILE_SYSTEMS:
            remote = f"is on a network file system ({best[1]} at {best[0]})"
    if remote:
        return Finding(
            "content-disk",
            WARNING,
            f"{content_dir} {remote}: when it is away the kiosk keeps the last good copy, "
            "but edits stop arriving",
            "keep the content on this PC's own disk and copy updates to it "
            "(deploy/content/ketamd-update-content)",
        )
    return Finding("content-disk", OK, f"{content_dir} is on this machine's own disk")


def _is_within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def check_folders(machine: Machine) -> Finding:
    problems = []
    for what, folder in (("state", machine.state_dir), ("log", machine.log_dir)):
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-"):
                pass
        except OSError as exc:
            problems.append(f"the {what} folder {folder} cannot be written ({exc.strerror})")
            continue
        if not machine.windows and folder.stat().st_mode & 0o077:
            problems.append(f"other users can look into the {what} folder {folder}")
    if problems:
        return Finding(
            "folders",
            PROBLEM,
            "; ".join(problems),
            "make them belong to the kiosk's account, readable by it alone (chmod 700)",
        )
    return Finding(
        "folders",
        OK,
        f"state ({machine.state_dir}) and log ({machine.log_dir}) folders are writable and private",
    )


def check_one_kiosk(machine: Machine) -> Finding:
    try:
        running = machine.kiosks()
    except Exception as exc:  # noqa: BLE001 - a process list that cannot be read is no crash
        return Finding("one-kiosk", WARNING, f"the running programs could not be listed ({exc})")
    if len(running) > 1:
        listed = ", ".join(f"process {k.pid} ({k.user})" for k in running)
        return Finding(
            "one-kiosk",
            PROBLEM,
            f"{len(running)} kiosks are running ({listed}): they fight over the screen",
            "start the kiosk one way only: the service, the launcher or the desktop "
            "session, not two of them",
        )
    if running:
        return Finding("one-kiosk", OK, f"one kiosk is running (process {running[0].pid})")
    return Finding("one-kiosk", OK, "no other kiosk is running")


# --- staff alerts, clock --------------------------------------------------------------


def check_staff_alerts(config_file: Path | None, send: bool) -> Finding:
    from kiosk.alerts import DeliveryState, StaffAlerter
    from kiosk.errors import ContentErrors
    from kiosk.machine import config_path, load_machine_config

    path, _ = config_path(config_file)
    try:
        config = load_machine_config(config_file)
    except ContentErrors as exc:
        return Finding(
            "staff-alerts",
            PROBLEM,
            f"{path} has problems: staff alerts are off ({exc.errors[0]})",
            f"fix {path} (see docs/alerts.md)",
        )
    alerter = StaffAlerter(config.staff_alerts, config.kiosk_name or "this kiosk")
    if not alerter.configured:
        return Finding(
            "staff-alerts",
            WARNING,
            "no staff-alert destination is set: a patient who needs help is sent to the "
            "front desk, and nobody is told",
            f"add staff_alerts.urls to {path} (see docs/alerts.md)",
        )
    if not send:
        count = len(alerter.destination_labels())
        return Finding(
            "staff-alerts", OK, f"{count} destination(s) set; no test alert sent (--no-alert)"
        )
    try:
        results = alerter.test_all()
    finally:
        alerter.shutdown()
    failed = [r for r in results if r.state is not DeliveryState.DELIVERED]
    if failed:
        reasons = "; ".join(f"{r.label}: {r.reason or 'no answer'}" for r in failed)
        return Finding(
            "staff-alerts",
            PROBLEM,
            f"{len(failed)} of {len(results)} destinations did not receive the test alert "
            f"({reasons})",
            "check the addresses in kiosk.yaml and the network, then kiosk test-alert",
        )
    return Finding(
        "staff-alerts", OK, f"all {len(results)} destinations received a marked test alert"
    )


UNSYNCHRONISED_SOURCES = ("local cmos clock", "free-running system clock")


def check_clock(machine: Machine) -> Finding:
    fix = (
        "w32tm /resync, and set the Windows Time service to start automatically"
        if machine.windows
        else "sudo timedatectl set-ntp true (deploy/install.sh enables systemd-timesyncd)"
    )
    if machine.windows:
        answer = machine.run(["w32tm", "/query", "/status"])
        if answer is None or answer.returncode != 0:
            return Finding("clock", WARNING, "it cannot tell whether the clock is set", fix)
        source = answer.stdout.lower()
        synchronised = not any(word in source for word in UNSYNCHRONISED_SOURCES)
    else:
        answer = machine.run(["timedatectl", "show", "--property=NTPSynchronized", "--value"])
        if answer is None or answer.returncode != 0:
            return Finding("clock", WARNING, "it cannot tell whether the clock is set", fix)
        synchronised = answer.stdout.strip() == "yes"
    if not synchronised:
        return Finding(
            "clock",
            WARNING,
            "the clock is not synchronised: opening hours and the times in alerts may be off",
            fix,
        )
    return Finding("clock", OK, "the clock is synchronised")


# --- Windows lockdown -----------------------------------------------------------------

EXPLORER_POLICIES = r"Software\Microsoft\Windows\CurrentVersion\Policies\Explorer"
SYSTEM_POLICIES = r"Software\Microsoft\Windows\CurrentVersion\Policies\System"


@dataclass(frozen=True)
class Policy:
    check: str
    hives: tuple[str, ...]  # HKCU (the kiosk's account) first; HKLM counts for everyone
    key: str
    name: str
    wanted: int
    what: str  # what the patient could do while it is not set


WINDOWS_POLICIES = (
    Policy(
        "edge-swipes",
        ("HKLM",),
        r"SOFTWARE\Policies\Microsoft\Windows\EdgeUI",
        "AllowEdgeSwipe",
        0,
        "a swipe from the screen's edge opens Windows' panels over the kiosk",
    ),
    Policy(
        "windows-keys",
        ("HKCU", "HKLM"),
        EXPLORER_POLICIES,
        "NoWinKeys",
        1,
        "a keyboard's Windows key shortcuts (Win+D: the desktop) work",
    ),
    Policy(
        "task-manager",
        ("HKCU", "HKLM"),
        SYSTEM_POLICIES,
        "DisableTaskMgr",
        1,
        "Task Manager can end the kiosk",
    ),
    Policy(
        "notifications",
        ("HKCU", "HKLM"),
        r"Software\Policies\Microsoft\Windows\Explorer",
        "DisableNotificationCenter",
        1,
        "notifications can appear over the kiosk",
    ),
    Policy(
        "crash-dialogs",
        ("HKLM",),
        r"SOFTWARE\Microsoft\Windows\Windows Error Reporting",
        "DontShowUI",
        1,
        "a crash can leave a dialog on screen instead of restarting",
    ),
)


def check_windows_policies(machine: Machine) -> list[Finding]:
    findings = []
    for policy in WINDOWS_POLICIES:
        values = [machine.registry(hive, policy.key, policy.name) for hive in policy.hives]
        where = " or ".join(f"{hive}\\{policy.key}" for hive in policy.hives)
        if policy.wanted in values:
            findings.append(Finding(policy.check, OK, f"{policy.name} = {policy.wanted}"))
        else:
            findings.append(
                Finding(
                    policy.check,
                    WARNING,
                    f"not locked: {policy.what}",
                    f"set {policy.name} = {policy.wanted} in {where} "
                    "(deploy/windows/setup-kiosk.ps1 does)",
                )
            )
    return findings


# --- all of it ------------------------------------------------------------------------


def run_doctor(
    content_dir: Path,
    config_file: Path | None = None,
    send_alert: bool = True,
    machine: Machine | None = None,
) -> list[Finding]:
    """Every check, in the order an IT person would go through them."""
    machine = machine or Machine()
    content, languages = check_content(content_dir)
    display = machine.probe("display", [])
    speech = machine.probe("speech", languages)
    qt_platform = display.get("platform", "") if isinstance(display, dict) else ""
    findings = [
        check_font(display),
        check_screen(display),
        check_speech(speech, languages, machine.windows),
        check_display_sleep(machine, qt_platform),
        content,
        check_content_disk(machine, content_dir),
        check_folders(machine),
        check_one_kiosk(machine),
        check_staff_alerts(config_file, send_alert),
        check_clock(machine),
    ]
    if machine.windows:
        findings += check_windows_policies(machine)
    return findings


def worst(findings: Sequence[Finding]) -> str:
    levels = {finding.level for finding in findings}
    return PROBLEM if PROBLEM in levels else WARNING if WARNING in levels else OK


def exit_code(findings: Sequence[Finding]) -> int:
    return EXIT_CODES[worst(findings)]


def render(findings: Sequence[Finding]) -> list[str]:
    """One line a check, then "→ what to do" under each that is not ok; a summary."""
    from kiosk.errors import printable

    lines = []
    for finding in findings:
        lines.append(f"{finding.level:<8} {finding.check:<14} {printable(finding.message)}")
        if finding.fix and finding.level != OK:
            lines.append(f"{'':<8} {'':<14} → {printable(finding.fix)}")
    counts = {level: sum(f.level == level for f in findings) for level in EXIT_CODES}
    lines.append(
        f"{counts[OK]} ok, {counts[WARNING]} warning(s), {counts[PROBLEM]} problem(s): "
        + {
            OK: "ready for patients",
            WARNING: "usable; see the warnings",
            PROBLEM: "fix the problems before patients use it",
        }[worst(findings)]
    )
    return lines


def as_json(findings: Sequence[Finding], version: str) -> str:
    return json.dumps(
        {
            "version": version,
            "platform": sys.platform,
            "result": worst(findings),
            "exit_code": exit_code(findings),
            "checks": [asdict(finding) for finding in findings],
        },
        indent=2,
        ensure_ascii=False,
    )
