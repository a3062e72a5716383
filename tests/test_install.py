"""deploy/install.sh, run for real: a kiosk box set up, set up again, updated, rolled back.

It changes the whole machine (a user, /opt, /var/lib, a system unit), so it runs only
where that is what the machine is for: in CI (``CI=true``, a disposable machine) or when
asked with ``KIOSK_TEST_INSTALL=1``. It builds two versions of the kiosk from a copy of
this checkout with git tags of its own, so it works whatever the checkout's history.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from .helpers import require_tools

REPO = Path(__file__).resolve().parents[1]
PREFIX = Path("/opt/ketamd-kiosk")
DATA = Path("/var/lib/ketamd-kiosk")
UNIT = Path("/etc/systemd/system/ketamd-kiosk-cage.service")
COMMAND = Path("/usr/local/bin/ketamd-kiosk")
KIOSK_HOME = Path("/home/kiosk")
CONFIG = KIOSK_HOME / ".config/ketamd-kiosk/kiosk.yaml"

pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and os.environ.get("KIOSK_TEST_INSTALL") != "1",
    reason="installs the kiosk system-wide: runs in CI or with KIOSK_TEST_INSTALL=1",
)

NOT_SOURCES = shutil.ignore_patterns(
    ".git", ".venv", "mutants", "__pycache__", "*.pyc", "*_cache", ".hypothesis",
    "gallery", "build", "dist", "*.egg-info", "_version.py",
)  # fmt: skip


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=CI", "-c", "user.email=ci@example.org", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This checkout's files in a git repository of their own, tagged v1.0.0."""
    require_tools("git", "apt-get", "systemd-analyze", why="deploy/install.sh and its checks")
    if os.geteuid() != 0:
        if os.environ.get("CI") == "true":
            pytest.fail("deploy/install.sh needs root: run CI as root")
        pytest.skip("deploy/install.sh needs root")
    src = tmp_path_factory.mktemp("install") / "ketamd-kiosk"
    shutil.copytree(REPO, src, ignore=NOT_SOURCES)
    _git(src, "init", "-q")
    _git(src, "add", "-A")
    _git(src, "commit", "-q", "-m", "first release")
    _git(src, "tag", "v1.0.0")
    return src


def _forget_any_install() -> None:
    """Start from a machine the kiosk was never installed on."""
    subprocess.run(["userdel", "--remove", "kiosk"], capture_output=True, check=False)
    for path in (PREFIX, DATA):
        shutil.rmtree(path, ignore_errors=True)
    for path in (UNIT, COMMAND):
        path.unlink(missing_ok=True)
    subprocess.run(["systemctl", "disable", UNIT.name], capture_output=True, check=False)


@pytest.fixture(scope="module")
def installed(source: Path) -> subprocess.CompletedProcess[str]:
    _forget_any_install()
    return _install(source)


def _install(source: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", str(source / "deploy" / "install.sh"), "--no-start", *args],
        input=stdin,
        env={"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
        capture_output=True,
        text=True,
        timeout=1200,
        check=False,
    )


def _as_kiosk(*args: str) -> subprocess.CompletedProcess[str]:
    """The installed command, as staff run it: with sudo, from a plain environment (not
    the test's own, which points the kiosk at private folders)."""
    plain = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin", "LANG": "C.UTF-8"}
    return subprocess.run(
        [str(COMMAND), *args], capture_output=True, text=True, timeout=300, check=False, env=plain
    )


def _current() -> str:
    return os.readlink(PREFIX / "current")


def _snapshot() -> dict[str, tuple[int, int, int] | str]:
    """What install.sh writes: every file's mode, size and time, and where links point."""
    seen: dict[str, tuple[int, int, int] | str] = {}
    roots = [
        PREFIX,
        DATA,
        UNIT,
        COMMAND,
        CONFIG,
        Path("/etc/systemd/system/multi-user.target.wants"),
    ]
    roots.append(Path("/etc/systemd/system/graphical.target.wants"))
    for root in roots:
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


def test_a_first_install_sets_up_the_whole_kiosk(installed) -> None:  # type: ignore[no-untyped-def]
    assert installed.returncode == 0, installed.stderr + installed.stdout
    assert "Next:" in installed.stdout
    assert "sudo ketamd-kiosk set-pin" in installed.stdout
    assert pwd.getpwnam("kiosk").pw_dir == str(KIOSK_HOME)
    assert _current() == "1.0.0"
    assert (PREFIX / "1.0.0" / "requirements.lock").read_text() == (
        REPO / "deploy" / "requirements.lock"
    ).read_text()
    version = _as_kiosk("--version")
    assert version.stdout.split() == ["kiosk", "1.0.0"], version.stderr
    # The clinic's content: a copy of the sample pack that the installed kiosk accepts.
    assert (DATA / "content" / "settings.yaml").is_file()
    checked = _as_kiosk("validate", str(DATA / "content"))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    # This kiosk's settings: its own, private (alert addresses may hold passwords).
    mode = CONFIG.stat()
    assert stat.S_IMODE(mode.st_mode) == 0o600
    assert mode.st_uid == pwd.getpwnam("kiosk").pw_uid
    assert "kiosk_name:" in CONFIG.read_text()
    # The unit is valid and enabled; it runs the current version on the clinic's content.
    unit = UNIT.read_text()
    assert "/opt/ketamd-kiosk/current/bin/kiosk --content /var/lib/ketamd-kiosk/content" in unit
    verify = subprocess.run(
        ["systemd-analyze", "verify", str(UNIT)], capture_output=True, text=True, check=False
    )
    assert verify.returncode == 0, verify.stderr
    assert (Path("/etc/systemd/system/graphical.target.wants") / UNIT.name).is_symlink()
    assert os.readlink("/etc/systemd/system/suspend.target") == "/dev/null"


def test_a_second_run_changes_nothing(installed, source: Path) -> None:  # type: ignore[no-untyped-def]
    before = _snapshot()
    again = _install(source)
    assert again.returncode == 0, again.stderr + again.stdout
    assert "Nothing to change: version 1.0.0" in again.stdout
    assert _snapshot() == before


def test_the_staff_pin_can_come_from_standard_input(installed, source: Path) -> None:  # type: ignore[no-untyped-def]
    result = _install(source, "--pin-stdin", stdin="2468\n")
    assert result.returncode == 0, result.stderr + result.stdout
    pin_file = KIOSK_HOME / ".local/state/ketamd-kiosk/staff-pin.json"
    assert pin_file.is_file()
    assert "2468" not in pin_file.read_text()
    assert stat.S_IMODE(pin_file.stat().st_mode) == 0o600


def test_an_update_installs_beside_checks_the_content_and_rolls_back(  # type: ignore[no-untyped-def]
    installed, source: Path
) -> None:
    (source / "CHANGES.txt").write_text("a second build\n")
    _git(source, "add", "-A")
    _git(source, "commit", "-q", "-m", "a second build")

    # Content the new version refuses: it is installed beside, but the old one keeps running.
    settings = DATA / "content" / "settings.yaml"
    good = settings.read_text()
    settings.write_text(good + "\nnot: [closed\n")
    refused = _install(source, "--update", str(source))
    assert refused.returncode != 0
    assert "still runs" in refused.stderr
    assert "settings.yaml" in refused.stdout + refused.stderr  # the problem, with its file
    assert _current() == "1.0.0"

    settings.write_text(good)
    updated = _install(source, "--update", str(source))
    assert updated.returncode == 0, updated.stderr + updated.stdout
    new = _current()
    assert new.startswith("1.0.1.dev1+g"), new
    assert os.readlink(PREFIX / "previous") == "1.0.0"
    assert _as_kiosk("--version").stdout.split() == ["kiosk", new]

    back = _install(source, "--rollback")
    assert back.returncode == 0, back.stderr + back.stdout
    assert _current() == "1.0.0"
    assert os.readlink(PREFIX / "previous") == new
    assert _as_kiosk("--version").stdout.split() == ["kiosk", "1.0.0"]
