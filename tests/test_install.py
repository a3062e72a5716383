"""deploy/install.sh, run for real: a kiosk box set up, set up again, updated, rolled back;
and a desktop PC set up for its user.

It changes the whole machine (a user, /opt, /var/lib, a system unit), so it runs only
where that is what the machine is for: in CI (``CI=true``, a disposable machine) or when
asked with ``KIOSK_TEST_INSTALL=1``. It builds two versions of the kiosk from a copy of
this checkout with git tags of its own, so it works whatever the checkout's history.
Each test is one whole story, from a machine the kiosk was never installed on: the steps
of a story depend on each other, and the tests run in a random order.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from .helpers import git, require_tools

REPO = Path(__file__).resolve().parents[1]
PREFIX = Path("/opt/ketamd-kiosk")
DATA = Path("/var/lib/ketamd-kiosk")
UNIT = Path("/etc/systemd/system/ketamd-kiosk-cage.service")
COMMAND = Path("/usr/local/bin/ketamd-kiosk")
KIOSK_HOME = Path("/home/kiosk")
CONFIG = KIOSK_HOME / ".config/ketamd-kiosk/kiosk.yaml"
SESSION = Path("/usr/local/bin/ketamd-kiosk-session")
LIGHTDM_DROP_IN = Path("/etc/lightdm/lightdm.conf.d/50-ketamd-kiosk.conf")
DESKTOP_USER = "frontdesk-pc"
GETTY_DROP_IN = Path("/etc/systemd/system/getty@tty1.service.d/ketamd-kiosk-autologin.conf")
XORG_CONF = Path("/etc/X11/xorg.conf.d/10-ketamd-kiosk.conf")

pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("KIOSK_TEST_INSTALL") != "1",
    reason="installs the kiosk system-wide: runs in CI or with KIOSK_TEST_INSTALL=1",
)

NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "mutants", "__pycache__", "*.pyc", "*_cache", ".hypothesis",
    "gallery", "build", "dist", "*.egg-info", "_version.py",
)  # fmt: skip


@pytest.fixture
def source(tmp_path: Path) -> Path:
    """This checkout's files in a git repository of their own, tagged v1.0.0."""
    require_tools("git", "apt-get", "systemd-analyze", why="deploy/install.sh and its checks")
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("deploy/install.sh needs root: run CI as root")
        pytest.skip("deploy/install.sh needs root")
    src = tmp_path / "ketamd-kiosk"
    shutil.copytree(REPO, src, ignore=NOT_SOURCES)
    git(src, "init", "-q")
    git(src, "add", "-A")
    git(src, "commit", "-q", "-m", "first release")
    git(src, "tag", "v1.0.0")
    return src


def _forget_any_install() -> None:
    """Start from a machine the kiosk was never installed on."""
    subprocess.run(["systemctl", "disable", UNIT.name], capture_output=True, check=False)
    for user in ("kiosk", DESKTOP_USER):
        subprocess.run(["userdel", "--remove", user], capture_output=True, check=False)
    for path in (PREFIX, DATA):
        shutil.rmtree(path, ignore_errors=True)
    for path in (UNIT, COMMAND, SESSION, LIGHTDM_DROP_IN, GETTY_DROP_IN, XORG_CONF):
        path.unlink(missing_ok=True)


def _install(source: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        ["bash", str(source / "deploy" / "install.sh"), "--no-start", *args],
        input=stdin,
        env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )
    print(f"$ install.sh {' '.join(args)}\n{result.stdout}{result.stderr}")  # noqa: T201 - pytest shows it on failure
    return result


def _as_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as staff run it: with sudo, from a plain environment (not
    the test's own, which points the kiosk at private folders)."""
    plain = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, timeout=300, check=False, env=plain
    )


def _current() -> str:
    return os.readlink(PREFIX / "current")


def _snapshot(*extra: Path) -> dict[str, tuple[int, int, int] | str]:
    """What install.sh writes: every file's mode, size and time, and where links point."""
    seen: dict[str, tuple[int, int, int] | str] = {}
    wants = Path("/etc/systemd/system/graphical.target.wants")
    for root in (PREFIX, DATA, UNIT, COMMAND, wants, *extra):
        paths = [root, *root.rglob("*")] if root.is_dir() and not root.is_symlink() else [root]
        for path in paths:
            if "__pycache__" in path.parts or ".builder" in path.parts:
                continue
            if path.is_symlink():
                seen[str(path)] = os.readlink(path)
            elif path.exists():
                info = path.lstat()
                seen[str(path)] = (info.st_mode, info.st_size, info.st_mtime_ns)
    return seen


def _private_to(user: str, path: Path) -> bool:
    info = path.stat()
    return stat.S_IMODE(info.st_mode) == 0o600 and info.st_uid == pwd.getpwnam(user).pw_uid


def _check_the_first_install(installed: subprocess.CompletedProcess[str]) -> None:
    assert installed.returncode == 0
    assert "Next:" in installed.stdout
    assert "sudo ketamd-kiosk set-pin" in installed.stdout
    assert pwd.getpwnam("kiosk").pw_dir == str(KIOSK_HOME)
    assert _current() == "1.0.0"
    assert (PREFIX / "1.0.0" / "requirements.lock").read_text(encoding="utf-8") == (
        REPO / "deploy" / "requirements.lock"
    ).read_text(encoding="utf-8")
    version = _as_kiosk("--version")
    assert version.stdout.split() == ["kiosk", "1.0.0"], version.stderr
    # The clinic's content: a copy of the sample pack that the installed kiosk accepts.
    assert (DATA / "content" / "settings.yaml").is_file()
    checked = _as_kiosk("validate", str(DATA / "content"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # This kiosk's settings: its own, private (alert addresses may hold passwords); the
    # folders above them the kiosk user's too.
    assert _private_to("kiosk", CONFIG)
    assert "kiosk_name:" in CONFIG.read_text(encoding="utf-8")
    for folder in (KIOSK_HOME / ".config", KIOSK_HOME / ".local", KIOSK_HOME / ".local/state"):
        assert folder.stat().st_uid == pwd.getpwnam("kiosk").pw_uid, folder
    # The unit is valid and enabled; it runs the current version on the clinic's content.
    unit = UNIT.read_text(encoding="utf-8")
    assert "/opt/ketamd-kiosk/current/bin/kiosk --content /var/lib/ketamd-kiosk/content" in unit
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True, check=False
    )
    assert verify.returncode == 0, verify.stderr
    assert (Path("/etc/systemd/system/graphical.target.wants") / UNIT.name).is_symlink()
    assert os.readlink("/etc/systemd/system/suspend.target") == "/dev/null"


def _check_a_second_run_changes_nothing(source: Path, *extra: Path) -> None:
    before = _snapshot(*extra)
    again = _install(source)
    assert again.returncode == 0
    assert "Nothing to change: version 1.0.0" in again.stdout
    assert _snapshot(*extra) == before


def _check_the_pin_from_standard_input(source: Path, home: Path, user: str) -> None:
    result = _install(source, "--pin-stdin", stdin="2468\n")
    assert result.returncode == 0
    pin_file = home / ".local/state/ketamd-kiosk/staff-pin.json"
    assert "2468" not in pin_file.read_text(encoding="utf-8")
    assert _private_to(user, pin_file)


def _check_update_and_rollback(source: Path) -> None:
    (source / "CHANGES.txt").write_text("a second build\n", encoding="utf-8")
    git(source, "add", "-A")
    git(source, "commit", "-q", "-m", "a second build")

    # Content the new version refuses: it is installed beside, but the old one keeps running.
    settings = DATA / "content" / "settings.yaml"
    good = settings.read_text(encoding="utf-8")
    settings.write_text(good + "\nnot: [closed\n", encoding="utf-8")
    refused = _install(source, "--update", str(source))
    assert refused.returncode != 0
    assert "1.0.0 still runs" in refused.stderr
    assert "settings.yaml" in refused.stdout + refused.stderr  # the problem, with its file
    assert _current() == "1.0.0"

    settings.write_text(good, encoding="utf-8")
    updated = _install(source, "--update", str(source))
    assert updated.returncode == 0
    new = _current()
    assert new.startswith("1.0.1.dev1+g"), new
    assert os.readlink(PREFIX / "previous") == "1.0.0"
    assert _as_kiosk("--version").stdout.split() == ["kiosk", new]

    back = _install(source, "--rollback")
    assert back.returncode == 0
    assert _current() == "1.0.0"
    assert os.readlink(PREFIX / "previous") == new
    assert _as_kiosk("--version").stdout.split() == ["kiosk", "1.0.0"]

    # A third build: the one neither current nor previous goes (each is a few hundred
    # MB); what else lives in /opt/ketamd-kiosk (the fleet role's source) stays.
    (PREFIX / "src").mkdir()
    (source / "CHANGES.txt").write_text("a third build\n", encoding="utf-8")
    git(source, "commit", "-q", "-am", "a third build")
    third = _install(source, "--update", str(source))
    assert third.returncode == 0
    assert _current().startswith("1.0.1.dev2+g")
    assert os.readlink(PREFIX / "previous") == "1.0.0"
    assert not (PREFIX / new).exists()
    assert (PREFIX / "1.0.0" / "bin" / "kiosk").exists()
    assert (PREFIX / "src").is_dir()


def test_one_kiosk_box_is_set_up_set_up_again_updated_and_rolled_back(source: Path) -> None:
    _forget_any_install()
    _check_the_first_install(_install(source))
    _check_a_second_run_changes_nothing(source)
    _check_the_pin_from_standard_input(source, KIOSK_HOME, "kiosk")
    _check_update_and_rollback(source)


def test_a_desktop_pc_runs_the_kiosk_in_its_users_session(source: Path) -> None:
    _forget_any_install()
    subprocess.run(["useradd", "--create-home", DESKTOP_USER], check=True)
    home = Path(pwd.getpwnam(DESKTOP_USER).pw_dir)
    (home / ".config").mkdir(mode=0o755)  # as a desktop that has run once leaves it
    shutil.chown(home / ".config", DESKTOP_USER, DESKTOP_USER)
    Path("/etc/lightdm").mkdir(exist_ok=True)  # a machine with LightDM (XFCE, MATE, Pi OS)

    installed = _install(source, "--desktop", DESKTOP_USER)
    assert installed.returncode == 0
    assert not UNIT.exists(), "no cage unit on a desktop"
    assert _current() == "1.0.0"
    autostart = home / ".config/autostart/ketamd-kiosk.desktop"
    assert "Exec=/usr/local/bin/ketamd-kiosk-session" in autostart.read_text(encoding="utf-8")
    assert os.access(SESSION, os.X_OK)
    user_unit = home / ".config/systemd/user/ketamd-kiosk.service"
    assert "/opt/ketamd-kiosk/current/bin/kiosk --content" in user_unit.read_text(encoding="utf-8")
    for made in (autostart, user_unit, user_unit.parent, home / ".config/ketamd-kiosk"):
        assert made.stat().st_uid == pwd.getpwnam(DESKTOP_USER).pw_uid, made
    assert f"autologin-user={DESKTOP_USER}" in LIGHTDM_DROP_IN.read_text(encoding="utf-8")
    assert _private_to(DESKTOP_USER, home / ".config/ketamd-kiosk/kiosk.yaml")
    checked = _as_kiosk("validate", str(DATA / "content"))
    assert checked.returncode == 0, checked.stdout + checked.stderr

    _check_a_second_run_changes_nothing(source, home / ".config", SESSION, LIGHTDM_DROP_IN)
    _check_the_pin_from_standard_input(source, home, DESKTOP_USER)
    # The machine remembers its setup: a plain run does not turn it into a cage box.
    assert not UNIT.exists()
    other = _install(source, "--desktop", "root")
    assert other.returncode != 0
    assert "set up for desktop" in other.stderr


def test_x_with_no_window_manager_starts_the_kiosk_from_an_automatic_login(source: Path) -> None:
    _forget_any_install()
    installed = _install(source, "--x11")
    assert installed.returncode == 0
    assert not UNIT.exists(), "X instead of cage"
    assert "--autologin kiosk" in GETTY_DROP_IN.read_text(encoding="utf-8")
    verify = subprocess.run(
        ["systemd-analyze", "verify", "getty@tty1.service"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stderr
    xorg = XORG_CONF.read_text(encoding="utf-8")
    assert '"DontVTSwitch" "true"' in xorg
    assert '"DontZap" "true"' in xorg
    assert "exec startx" in (KIOSK_HOME / ".bash_profile").read_text(encoding="utf-8")
    xinitrc = KIOSK_HOME / ".xinitrc"
    assert "/opt/ketamd-kiosk/current/bin/kiosk --content" in xinitrc.read_text(encoding="utf-8")
    assert xinitrc.stat().st_uid == pwd.getpwnam("kiosk").pw_uid
    assert shutil.which("startx")
    assert _as_kiosk("validate", str(DATA / "content")).returncode == 0
    _check_a_second_run_changes_nothing(source, GETTY_DROP_IN, XORG_CONF, KIOSK_HOME)


@pytest.mark.parametrize(
    ("arch", "glibc", "refusal"),
    [
        ("arm64", "2.36", "needs glibc 2.39 or newer, this machine has 2.36"),
        ("armhf", "2.36", "has no build for armhf: use a 64-bit system"),
    ],
)
def test_a_machine_qt_cannot_run_on_is_refused_before_anything_changes(
    tmp_path: Path, arch: str, glibc: str, refusal: str
) -> None:
    """Raspberry Pi OS bookworm: PySide6 6.11's ARM wheels need glibc 2.39."""
    if os.geteuid() != 0:
        pytest.skip("deploy/install.sh needs root")
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "dpkg").write_text(f"#!/bin/sh\necho {arch}\n", encoding="utf-8")
    (fake / "getconf").write_text(f"#!/bin/sh\necho glibc {glibc}\n", encoding="utf-8")
    for tool in fake.iterdir():
        tool.chmod(0o755)
    before = _snapshot()
    result = subprocess.run(
        ["bash", str(REPO / "deploy" / "install.sh"), "--no-start"],
        env={"PATH": f"{fake}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert refusal in result.stderr
    assert _snapshot() == before
