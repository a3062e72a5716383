"""What the operating system must not do to an unattended kiosk: blank the display, put
the PC to sleep, or stop a crashed kiosk behind a dialog nobody will press.

* Windows: ``SetThreadExecutionState`` keeps the display on and the PC awake for as long
  as the kiosk's GUI thread lives (no setting is changed: when the kiosk stops, the
  power plan applies again), and ``SetErrorMode`` turns off the "has stopped working"
  and "insert a disk" dialogs for the kiosk's own process, so a crash ends it and the
  launcher starts it again.
* X11: the X server's screen saver and its power saving (DPMS) are turned off with
  ``xset``, as the deploy recipes' ``xinitrc`` does at start.
* Wayland (cage): the compositor blanks nothing unless an idle daemon is added, and
  ``deploy/install.sh`` masks the sleep targets: nothing to do.

Each function says in one line what it did, for the log (and ``kiosk doctor``).
"""

from __future__ import annotations

import ctypes
import logging
import shutil
import subprocess
import sys
from collections.abc import Callable
from typing import Any

log = logging.getLogger(__name__)

# winbase.h
ES_CONTINUOUS = 0x80000000
ES_SYSTEM_REQUIRED = 0x00000001
ES_DISPLAY_REQUIRED = 0x00000002
SEM_FAILCRITICALERRORS = 0x0001
SEM_NOGPFAULTERRORBOX = 0x0002
SEM_NOOPENFILEERRORBOX = 0x8000

#: The xset calls, one at a time: a server without the DPMS extension (Xvfb, some
#: virtual machines) refuses ``-dpms``, and in one call that would undo the rest.
XSET_CALLS = (("s", "off"), ("s", "noblank"), ("-dpms",))

Runner = Callable[..., Any]


def _kernel32() -> Any:
    return ctypes.windll.kernel32  # type: ignore[attr-defined]  # Windows only


def keep_display_awake(
    platform_name: str,
    os_name: str = sys.platform,
    kernel32: Any = None,
    run: Runner = subprocess.run,
) -> str:
    """Keep the display on while the kiosk runs; ``platform_name`` is Qt's ("xcb",
    "wayland", "windows", ...). Returns what was done, in a sentence."""
    if os_name == "win32":
        kernel32 = kernel32 or _kernel32()
        flags = ES_CONTINUOUS | ES_SYSTEM_REQUIRED | ES_DISPLAY_REQUIRED
        if kernel32.SetThreadExecutionState(flags):
            return "Windows keeps the display on and the PC awake while the kiosk runs"
        return "Windows refused to keep the display on (SetThreadExecutionState failed)"
    if platform_name == "xcb":
        return _x11_screen_saver_off(run)
    if platform_name == "wayland":
        return "Wayland: the compositor blanks nothing unless an idle daemon asks it to"
    return f"nothing to do on the {platform_name} platform"


def _x11_screen_saver_off(run: Runner) -> str:
    xset = shutil.which("xset")
    if xset is None:
        return "xset is not installed: the X server's screen saver stays as it is"
    refused = []
    for arguments in XSET_CALLS:
        try:
            result = run([xset, *arguments], capture_output=True, timeout=10, check=False)
        except (OSError, subprocess.TimeoutExpired):
            refused.append(" ".join(arguments))
            continue
        if result.returncode != 0:
            refused.append(" ".join(arguments))
    if not refused:
        return "the X server's screen saver and power saving are off"
    return f"the X server's screen saver is off; it refused: xset {', '.join(refused)}"


def no_crash_dialogs(os_name: str = sys.platform, kernel32: Any = None) -> str:
    """On Windows, no error dialog for this process: a crash ends it (and the launcher
    starts it again) instead of waiting for someone to press OK."""
    if os_name != "win32":
        return "no crash dialogs on this platform"
    kernel32 = kernel32 or _kernel32()
    kernel32.SetErrorMode(SEM_FAILCRITICALERRORS | SEM_NOGPFAULTERRORBOX | SEM_NOOPENFILEERRORBOX)
    return "Windows shows no error dialog for the kiosk's process"


def take_care(platform_name: str) -> None:
    """Both, logged: called once the kiosk's window is up."""
    for what in (no_crash_dialogs(), keep_display_awake(platform_name)):
        log.info("%s", what)
