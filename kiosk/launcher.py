"""``kiosk-launcher``: start the kiosk, and start it again whenever it fails, with no
console window (a Windows "gui-script": nothing to close, no Ctrl+C to stop it).

It does what ``deploy/windows/run-kiosk.cmd`` does: each start runs the version named in
``<home>/current.txt`` (an update writes a new name there; a rollback puts the old one
back), on ``<home>/content``, and logs the stop with its exit status in
``<home>/Logs/run-kiosk.log``, with whatever the kiosk printed. Exit status 0 (staff
pressed Exit) and 3 (another kiosk already runs) end it; any other status is a failure,
and the kiosk starts again after a pause, so that a fault cannot spin.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.paths import kiosk_home

RESTART_PAUSE_S = 5.0
MISSING_VERSION_PAUSE_S = 30.0
#: 0: staff closed the kiosk. 3: another kiosk already runs for this user.
STOP_FOR_GOOD = {0, 3}
LOG_NAME = "run-kiosk.log"

log = logging.getLogger("kiosk.launcher")


def kiosk_program(home: Path, version: str, os_name: str = sys.platform) -> Path:
    """The ``kiosk`` command of the installed ``version``."""
    if os_name == "win32":
        return home / version / "Scripts" / "kiosk.exe"
    return home / version / "bin" / "kiosk"


def current_version(home: Path) -> str | None:
    try:
        text = (home / "current.txt").read_text(encoding="utf-8-sig")  # Notepad writes a BOM
    except OSError:
        return None
    lines = text.strip().splitlines()
    return lines[0].strip() if lines and lines[0].strip() else None


def start_once(home: Path, run: Callable[..., subprocess.CompletedProcess[bytes]]) -> int | None:
    """Run the current version until it stops; its exit status, or None when no version
    is named (or its program is missing)."""
    version = current_version(home)
    if version is None:
        log.error("no version named in %s", home / "current.txt")
        return None
    program = kiosk_program(home, version)
    if not program.is_file():
        log.error("version %s is named in current.txt, but %s is missing", version, program)
        return None
    log.info("starting kiosk %s", version)
    no_window = getattr(subprocess, "CREATE_NO_WINDOW", 0)  # Windows: no console for it
    with (home / "Logs" / LOG_NAME).open("ab") as output:
        result = run(
            [str(program), "--content", str(home / "content")],
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            creationflags=no_window,
            check=False,
        )
    log.info("kiosk %s stopped with status %s", version, result.returncode)
    return result.returncode


def supervise(
    home: Path,
    run: Callable[..., subprocess.CompletedProcess[bytes]] = subprocess.run,
    sleep: Callable[[float], None] = time.sleep,
    max_starts: int | None = None,
) -> int:
    """Start the kiosk until it stops for good; return its last status."""
    starts = 0
    while max_starts is None or starts < max_starts:
        starts += 1
        status = start_once(home, run)
        if status in STOP_FOR_GOOD:
            assert status is not None
            return status
        sleep(MISSING_VERSION_PAUSE_S if status is None else RESTART_PAUSE_S)
    return 1


def _log_to(home: Path) -> None:
    (home / "Logs").mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(home / "Logs" / LOG_NAME, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stderr is None:  # pythonw: no console; --help and errors must not crash
        sys.stdout = sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    parser = argparse.ArgumentParser(
        prog="kiosk-launcher",
        description="Start the kiosk and start it again whenever it fails (no console).",
    )
    parser.add_argument(
        "--home",
        type=Path,
        default=kiosk_home(),
        help=f"the folder with current.txt, the versions and content (default: {kiosk_home()})",
    )
    args = parser.parse_args(argv)
    _log_to(args.home)
    return supervise(args.home)


if __name__ == "__main__":
    sys.exit(main())
