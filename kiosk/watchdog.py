"""Tell systemd the kiosk is alive (``sd_notify``), so that a frozen kiosk is restarted.

Under a unit with ``Type=notify`` and ``WatchdogSec=``, systemd gives the process a socket
(``NOTIFY_SOCKET``) and a period (``WATCHDOG_USEC``). The kiosk says ``READY=1`` once its
window is up, then ``WATCHDOG=1`` at half the period from a timer on the GUI event loop:
if the event loop stops (a freeze, a deadlock, a paint that never ends), the pings stop
and systemd kills and restarts the kiosk. Outside systemd (Windows, a terminal) there is
no socket and every call does nothing. Nothing here imports Qt.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Mapping

log = logging.getLogger(__name__)


class SystemdNotifier:
    """Sends state lines to systemd's notification socket, when there is one."""

    def __init__(self, environment: Mapping[str, str] | None = None) -> None:
        env = os.environ if environment is None else environment
        address = env.get("NOTIFY_SOCKET", "")
        # An abstract socket is written with a leading "@".
        self._address = "\0" + address[1:] if address.startswith("@") else address
        self._watchdog_usec = _watchdog_usec(env)

    @property
    def enabled(self) -> bool:
        return bool(self._address) and hasattr(socket, "AF_UNIX")

    def watchdog_interval_ms(self) -> int | None:
        """How often to ping: half the period systemd waits (None: no watchdog)."""
        if not self.enabled or not self._watchdog_usec:
            return None
        return max(100, self._watchdog_usec // 2000)

    def notify(self, state: str) -> bool:
        """Send ``state`` (e.g. "READY=1"); False when there is nobody to tell."""
        if not self.enabled:
            return False
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as connection:
                connection.sendto(state.encode(), self._address)
        except OSError as exc:
            log.warning("could not tell systemd %s: %s", state, exc)
            return False
        return True


def _watchdog_usec(env: Mapping[str, str]) -> int:
    try:
        usec = int(env.get("WATCHDOG_USEC", "0"))
        pid = int(env.get("WATCHDOG_PID", str(os.getpid())))
    except ValueError:
        return 0
    return usec if usec > 0 and pid == os.getpid() else 0
