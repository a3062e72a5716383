"""The deploy recipes' files, read as the machines that use them read them."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RUN_KIOSK = REPO / "deploy" / "windows" / "run-kiosk.cmd"
# cmd.exe variables that hold paths: each use must be in double quotes, or a profile
# folder with a space in its name ("C:\Users\Front Desk\...") breaks the command.
PATH_VARIABLES = ("%LOCALAPPDATA%", "%HOME_DIR%", "%CONTENT%", "%LOG_DIR%")


def _attributes() -> dict[str, str]:
    rules = {}
    for line in (REPO / ".gitattributes").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *attributes = line.split()
            rules[pattern] = " ".join(attributes)
    return rules


def test_windows_scripts_are_checked_out_with_windows_line_endings() -> None:
    rules = _attributes()
    assert rules["*.cmd"] == "text eol=crlf"
    assert rules["*.ps1"] == "text eol=crlf"
    assert rules["*.sh"] == "text eol=lf"


def test_every_path_in_the_windows_script_is_quoted() -> None:
    for number, line in enumerate(RUN_KIOSK.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().lower().startswith("rem "):
            continue
        outside_quotes = re.sub(r'"[^"]*"', "", line)
        for variable in PATH_VARIABLES:
            assert variable not in outside_quotes, f"run-kiosk.cmd:{number}: {line.strip()}"


def test_the_windows_script_logs_each_stop_with_its_status() -> None:
    text = RUN_KIOSK.read_text(encoding="utf-8")
    assert re.search(r'set "STATUS=%ERRORLEVEL%"', text)
    assert re.search(
        r'^>>"%LOG_DIR%\\run-kiosk\.log" echo .*stopped with status %STATUS%$', text, re.M
    )


def test_no_echo_in_the_windows_script_ends_in_a_redirection() -> None:
    """cmd.exe reads "status 1>>log" as "redirect handle 1": the exit status would be
    lost from the line. Every redirected echo puts the redirection first."""
    for number, line in enumerate(RUN_KIOSK.read_text(encoding="utf-8").splitlines(), 1):
        if ">>" in line and not line.lstrip().lower().startswith("rem "):
            assert line.lstrip().startswith(">>"), f"run-kiosk.cmd:{number}: {line.strip()}"


def test_the_recipes_run_the_clinics_content_not_the_sample() -> None:
    """Every way of starting the kiosk names the content folder install.sh fills."""
    starters = [
        REPO / "deploy" / "cage" / "ketamd-kiosk-cage.service",
        REPO / "deploy" / "desktop" / "ketamd-kiosk.service",
        REPO / "deploy" / "desktop" / "ketamd-kiosk-session",
        REPO / "deploy" / "x11" / "xinitrc",
    ]
    for starter in starters:
        text = starter.read_text(encoding="utf-8")
        assert "/opt/ketamd-kiosk/current/bin/kiosk --content /var/lib/ketamd-kiosk/content" in (
            text
        ), starter.name
    assert '--content "%CONTENT%"' in RUN_KIOSK.read_text(encoding="utf-8")


def test_content_from_git_is_switched_in_only_once_the_kiosk_accepts_it(tmp_path: Path) -> None:
    """deploy/content/ketamd-update-content, as its timer runs it on each kiosk."""
    import os
    import shutil
    import subprocess
    import sys

    from .helpers import git, require_tools

    require_tools("git", why="the content comes from a git repository")
    origin = tmp_path / "clinic-content"
    shutil.copytree(REPO / "content", origin)
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "the clinic's pack")
    base = tmp_path / "kiosk"
    base.mkdir()
    git(base, "clone", "-q", str(origin), "repo")
    shutil.copytree(REPO / "content", base / "content")  # the sample install.sh copied
    script = REPO / "deploy" / "content" / "ketamd-update-content"
    env = {**os.environ, "BASE": str(base), "KIOSK": str(Path(sys.executable).parent / "kiosk")}

    def update() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["sh", str(script)], env=env, capture_output=True, text=True, timeout=300, check=False
        )

    first = update()
    commit = git(origin, "rev-parse", "--short=12", "HEAD")
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[-1] == f"the kiosk's content is now commit {commit}"
    assert os.readlink(base / "content") == f"releases/{commit}"
    assert (base / "content" / "settings.yaml").is_file()
    assert not (base / "content" / ".git").exists()
    assert (base / "content.sample" / "settings.yaml").is_file(), "the sample, moved aside"

    again = update()
    assert (again.returncode, again.stdout) == (0, "")

    settings = origin / "settings.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nnot: [closed\n", encoding="utf-8")
    git(origin, "commit", "-qam", "a broken edit")
    broken = update()
    assert broken.returncode == 1
    assert "did not pass kiosk validate; the kiosk keeps its content" in broken.stderr
    assert "settings.yaml" in broken.stdout + broken.stderr  # which file, for the editor
    assert os.readlink(base / "content") == f"releases/{commit}"
    assert [p.name for p in (base / "releases").iterdir()] == [commit]
